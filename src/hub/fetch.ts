// The one `fetch` every hub call goes through (the @huggingface/hub functions take it as a
// parameter): bounded concurrency, per-attempt timeout, retry with backoff on 429 / 5xx /
// network errors honouring Retry-After, redirects followed here so the token is attached only
// to the hub's own origin and dropped when a redirect leaves it, and a request counter.
import type { Logger } from '../types.js';

export interface HubFetchOptions {
  endpoint: string;
  token?: string | null;
  concurrency?: number;
  timeoutMs?: number;
  retries?: number;
  /** First backoff delay; doubles per attempt (with jitter). */
  backoffMs?: number;
  /** Longest wait honoured from Retry-After or backoff. */
  maxDelayMs?: number;
  fetch?: typeof fetch;
  log?: Logger;
}

export interface HubFetch {
  fetch: typeof fetch;
  /** HTTP requests sent (each attempt and each redirect hop counts). */
  requestCount(): number;
  /** X-Error-Code of the last failed response for a URL (the hub client's errors omit headers). */
  errorCodeFor(url: string): string | null;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

export function createHubFetch(options: HubFetchOptions): HubFetch {
  const hubOrigin = new URL(options.endpoint).origin;
  const base = options.fetch ?? globalThis.fetch;
  const limit = Math.max(1, options.concurrency ?? 8);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = Math.max(0, options.retries ?? 3);
  const backoffMs = options.backoffMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const token = options.token || null;
  let active = 0;
  const waiting: (() => void)[] = [];
  let count = 0;
  const errorCodes = new Map<string, string>();

  async function acquire(): Promise<void> {
    if (active < limit) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else active--;
  }

  function headersFor(url: URL, given: RequestInit['headers']): Headers {
    const headers = new Headers(given);
    // Whatever the caller set, credentials only ever go to the hub origin.
    headers.delete('authorization');
    if (token && url.origin === hubOrigin) headers.set('authorization', `Bearer ${token}`);
    return headers;
  }

  /** One request to one URL, retried; returns the last response or throws the last error. */
  async function attempt(url: URL, init: RequestInit): Promise<Response> {
    let lastError: unknown = null;
    for (let n = 0; n <= retries; n++) {
      let delay = 0;
      await acquire();
      try {
        count++;
        const signal = init.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
        const res = await base(url, { ...init, headers: headersFor(url, init.headers), redirect: 'manual', signal });
        if ((res.status === 429 || res.status >= 500) && n < retries) {
          delay = retryDelay(res.headers.get('retry-after'), n);
          await res.body?.cancel().catch(() => undefined);
          options.log?.debug(`hub: ${res.status} from ${url.pathname}, retry ${n + 1}/${retries} in ${delay} ms`);
        } else {
          return res;
        }
      } catch (error) {
        if (init.signal?.aborted) throw error;
        lastError = error;
        if (n >= retries) break;
        delay = retryDelay(null, n);
        options.log?.debug(`hub: ${describe(error)} on ${url.pathname}, retry ${n + 1}/${retries} in ${delay} ms`);
      } finally {
        release();
      }
      await new Promise((r) => setTimeout(r, delay));
    }
    // Not `instanceof Error`: errors from fetch may come from another realm (test sandboxes).
    throw new Error(`hub request failed after ${retries + 1} attempts: ${describe(lastError)}`, { cause: lastError });
  }

  function retryDelay(retryAfter: string | null, n: number): number {
    if (retryAfter !== null) {
      const seconds = Number(retryAfter);
      const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
      if (Number.isFinite(ms)) return Math.min(maxDelayMs, Math.max(0, ms));
    }
    return Math.min(maxDelayMs, backoffMs * 2 ** n * (0.75 + Math.random() * 0.5));
  }

  const wrapped = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    let method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const headers = init.headers ?? (input instanceof Request ? input.headers : undefined);
    for (let hop = 0; ; hop++) {
      const res = await attempt(url, { ...init, method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : init.body });
      const location = res.headers.get('location');
      if (REDIRECTS.has(res.status) && location && init.redirect !== 'manual') {
        if (hop >= MAX_REDIRECTS) throw new Error(`hub: too many redirects from ${url.href}`);
        await res.body?.cancel().catch(() => undefined);
        url = new URL(location, url);
        if (res.status === 303) method = 'GET';
        continue;
      }
      // Let callers (and @huggingface/hub) see where the response really came from.
      Object.defineProperty(res, 'url', { value: url.href, configurable: true });
      const code = res.headers.get('x-error-code');
      if (!res.ok && code) errorCodes.set(url.href, code);
      if (!res.ok && res.headers.get('x-error-message')?.includes('disabled')) errorCodes.set(url.href, 'DisabledRepo');
      return res;
    }
  };

  return {
    fetch: wrapped as typeof fetch,
    requestCount: () => count,
    errorCodeFor: (u) => errorCodes.get(u) ?? null,
  };
}

function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return 'timed out';
    return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
  }
  return String(error);
}
