// The hub client: @huggingface/hub calls (with `hubUrl` on every call and our fetch), turned
// into ModelFacts. Never throws from modelFacts: failures become a status. Requests for the
// same (id, revision) are shared within a run; facts at a commit come from the persistent
// cache when fresh, so a re-run over pinned models sends no requests.
import { listFiles, listModels, modelInfo, type ListFileEntry, type ModelAdditionalField } from '@huggingface/hub';
import type { AuthorFacts, HubClient, HubFile, HubModelSearchResult, HubSecurityVerdict, Logger, ModelFacts } from '../types.js';
import { HubCache } from './cache.js';
import { normaliseEndpoint } from './endpoint.js';
import { createHubFetch } from './fetch.js';
import { HttpByteSource } from './http-byte-source.js';
import { isCommitHash } from '../resolve/model-id.js';

export interface HubClientOptions {
  endpoint: string;
  token?: string | null;
  cacheFile?: string | null;
  concurrency?: number;
  timeoutMs?: number;
  retries?: number;
  /** First retry delay (doubles per attempt). */
  backoffMs?: number;
  /** How long cached facts about a commit are trusted (default 24 h). */
  cacheTtlMs?: number;
  fetch?: typeof fetch;
  log?: Logger;
}

const INFO_FIELDS: ModelAdditionalField[] = ['author', 'cardData', 'config', 'createdAt', 'disabled', 'sha', 'tags', 'library_name', 'transformersInfo', 'safetensors'];

/** The hub caches by commit; a 40-hex revision is one (the same test the pin check uses). */
export const isCommitSha = isCommitHash;

export function createHubClient(options: HubClientOptions): HubClient & { saveCache(): Promise<void> } {
  const endpoint = normaliseEndpoint(options.endpoint);
  const hf = createHubFetch({
    endpoint,
    token: options.token,
    concurrency: options.concurrency ?? 8,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 3,
    backoffMs: options.backoffMs,
    fetch: options.fetch,
    log: options.log,
  });
  const fetchFn = hf.fetch;
  let cache: Promise<HubCache> | null = null;
  const openCache = (): Promise<HubCache> => (cache ??= HubCache.open(options.cacheFile, endpoint, options.cacheTtlMs ?? 24 * 3600 * 1000));
  const inflight = new Map<string, Promise<ModelFacts>>();
  const authors = new Map<string, Promise<AuthorFacts>>();

  function resolveUrl(id: string, revision: string, filePath: string): string {
    return `${endpoint}/${id}/resolve/${encodeURIComponent(revision)}/${filePath.split('/').map(encodeURIComponent).join('/')}`;
  }

  /** The hub's X-Error-Code for a failed call, or null. */
  function errorCode(error: unknown): string | null {
    const url = (error as { url?: string }).url;
    return url ? hf.errorCodeFor(url) : null;
  }

  async function fetchFacts(id: string, revision: string | null): Promise<ModelFacts> {
    const base: ModelFacts = { id, resolvedId: id, revision, status: 'ok' };
    const c = await openCache();
    if (isCommitSha(revision)) {
      const cached = c.getFacts(id, revision);
      if (cached) return { ...cached, id, revision };
    }
    let info;
    try {
      info = await modelInfo({ name: id, revision: revision ?? 'main', hubUrl: endpoint, fetch: fetchFn, additionalFields: INFO_FIELDS });
    } catch (error) {
      return { ...base, ...statusFromError(error, errorCode(error)) };
    }
    const data = info as unknown as Record<string, any>;
    const facts: ModelFacts = {
      ...base,
      resolvedId: info.name,
      sha: data.sha,
      author: data.author,
      createdAt: data.createdAt,
      lastModified: typeof info.updatedAt?.getTime === 'function' && !Number.isNaN(info.updatedAt.getTime()) ? info.updatedAt.toISOString() : undefined,
      downloads: info.downloads,
      likes: info.likes,
      gated: info.gated,
      private: info.private,
      disabled: !!data.disabled,
      tags: data.tags,
      libraryName: data.library_name,
      pipelineTag: info.task,
      baseModel: toList(data.cardData?.base_model),
      license: typeof data.cardData?.license === 'string' ? data.cardData.license : undefined,
      autoMap: isRecord(data.config?.auto_map) ? (data.config.auto_map as Record<string, string | string[]>) : undefined,
      transformersInfo: data.transformersInfo,
      safetensorsTotal: typeof data.safetensors?.total === 'number' ? data.safetensors.total : undefined,
    };
    if (facts.disabled) return { ...facts, status: 'disabled' };
    const sha = facts.sha ?? revision ?? 'main';
    // Unpinned reference, but the commit it resolves to was assessed before: reuse it.
    const known = c.getFacts(facts.resolvedId, sha);
    if (known && known.files) {
      facts.files = known.files;
      facts.authorInfo = known.authorInfo;
    } else {
      try {
        facts.files = await listAllFiles(facts.resolvedId, sha);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'GatedRepo') return { ...facts, status: 'gated' };
        return { ...facts, status: 'error', error: `could not list files: ${(error as Error).message}` };
      }
    }
    if (facts.files && !facts.files.some((f) => f.security)) await addRepoSecurityStatus(facts, sha);
    if (facts.gated) {
      const probe = facts.files?.find((f) => f.path === 'config.json') ?? facts.files?.[0];
      if (probe) {
        const res = await fetchFn(resolveUrl(facts.resolvedId, sha, probe.path), { method: 'HEAD' }).catch(() => null);
        const code = res?.headers.get('x-error-code');
        if (res && !res.ok && code === 'GatedRepo') return { ...facts, status: 'gated' };
      }
    }
    if (!facts.authorInfo && facts.author) facts.authorInfo = await authorFactsSafe(facts.author);
    if (facts.sha) c.setFacts(facts.resolvedId, facts.sha, facts);
    if (facts.sha && facts.resolvedId !== id) c.setFacts(id, facts.sha, facts);
    return facts;
  }

  async function listAllFiles(id: string, sha: string): Promise<HubFile[]> {
    const files: HubFile[] = [];
    for await (const entry of listFiles({ repo: { type: 'model', name: id }, revision: sha, recursive: true, expand: true, hubUrl: endpoint, fetch: fetchFn })) {
      if (entry.type !== 'file') continue;
      files.push(toHubFile(entry));
    }
    return files;
  }

  /**
   * Hubs or mirrors whose tree listing carries no per-file verdicts may still answer
   * `securityStatus=true` on the model endpoint with the files that have issues.
   */
  async function addRepoSecurityStatus(facts: ModelFacts, sha: string): Promise<void> {
    try {
      const res = await fetchFn(`${endpoint}/api/models/${facts.resolvedId}/revision/${encodeURIComponent(sha)}?securityStatus=true`, { headers: { accept: 'application/json' } });
      if (!res.ok) {
        await res.body?.cancel();
        return;
      }
      const body = (await res.json()) as { securityRepoStatus?: { filesWithIssues?: { path?: string; level?: string }[] } };
      for (const issue of body.securityRepoStatus?.filesWithIssues ?? []) {
        const file = facts.files?.find((f) => f.path === issue.path);
        if (file && typeof issue.level === 'string') file.security = { status: issue.level, details: [] };
      }
    } catch (error) {
      options.log?.debug(`hub: security status of ${facts.resolvedId}: ${(error as Error).message}`);
    }
  }

  async function authorFactsSafe(name: string): Promise<AuthorFacts | undefined> {
    try {
      return await client.authorFacts(name);
    } catch (error) {
      options.log?.debug(`hub: author ${name}: ${(error as Error).message}`);
      return undefined;
    }
  }

  const client: HubClient & { saveCache(): Promise<void> } = {
    endpoint,
    modelFacts(id, revision) {
      const key = `${id}@${revision ?? ''}`;
      let p = inflight.get(key);
      if (!p) {
        p = fetchFacts(id, revision).catch((error: unknown) => ({ id, resolvedId: id, revision, status: 'error' as const, error: (error as Error).message }));
        inflight.set(key, p);
      }
      return p;
    },
    openFile(id, revision, filePath) {
      return new HttpByteSource(`${id}/${filePath}`, resolveUrl(id, revision, filePath), fetchFn);
    },
    async fetchText(id, revision, filePath, maxBytes = 1024 * 1024) {
      const key = `${id}@${revision}:${filePath}:${maxBytes}`;
      const c = await openCache();
      if (isCommitSha(revision)) {
        const hit = c.getText(key);
        if (hit !== undefined) return hit;
      }
      const res = await fetchFn(resolveUrl(id, revision, filePath), { headers: { Range: `bytes=0-${maxBytes - 1}` } });
      if (res.status === 404 && res.headers.get('x-error-code') === 'EntryNotFound') {
        await res.body?.cancel();
        if (isCommitSha(revision)) c.setText(key, null);
        return null;
      }
      if (res.status === 416) {
        await res.body?.cancel();
        return '';
      }
      if (!res.ok) {
        const code = res.headers.get('x-error-code');
        await res.body?.cancel();
        throw new Error(`hub: HTTP ${res.status}${code ? ` ${code}` : ''} fetching ${id}/${filePath}`);
      }
      const bytes = new Uint8Array(await res.arrayBuffer()).subarray(0, maxBytes);
      const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      if (isCommitSha(revision)) c.setText(key, text);
      return text;
    },
    async searchModels(query) {
      const out: HubModelSearchResult[] = [];
      const limit = query.limit ?? 100;
      for await (const m of listModels({
        search: { query: query.search, owner: query.author },
        sort: query.sort,
        limit,
        hubUrl: endpoint,
        fetch: fetchFn,
        additionalFields: ['createdAt'],
      })) {
        out.push({ id: m.name, downloads: m.downloads, likes: m.likes, createdAt: (m as { createdAt?: string }).createdAt });
        if (out.length >= limit) break;
      }
      return out;
    },
    authorFacts(name) {
      const key = name.toLowerCase();
      let p = authors.get(key);
      if (!p) {
        p = fetchAuthor(name);
        p.catch(() => authors.delete(key));
        authors.set(key, p);
      }
      return p;
    },
    requestCount: () => hf.requestCount(),
    async saveCache() {
      if (cache) await (await cache).save();
    },
  };

  async function fetchAuthor(name: string): Promise<AuthorFacts> {
    const c = await openCache();
    const hit = c.getAuthor(name);
    if (hit) return hit;
    for (const kind of ['organizations', 'users'] as const) {
      const res = await fetchFn(`${endpoint}/api/${kind}/${encodeURIComponent(name)}/overview`, { headers: { accept: 'application/json' } });
      if (res.status === 404) {
        await res.body?.cancel();
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`hub: HTTP ${res.status} reading the overview of ${name}`);
      }
      const body = (await res.json()) as Record<string, unknown>;
      const facts: AuthorFacts = {
        name: String(body.name ?? body.user ?? name),
        type: kind === 'organizations' ? 'org' : 'user',
        verified: body.isVerified === true,
        createdAt: typeof body.createdAt === 'string' ? body.createdAt : undefined,
        exists: true,
      };
      c.setAuthor(name, facts);
      return facts;
    }
    // Not cached: a free namespace can be registered at any time.
    return { name, type: 'user', verified: false, exists: false };
  }

  return client;
}

/** Maps a failed model-info call to a status, from the hub's X-Error-Code and HTTP status. */
export function statusFromError(error: unknown, code: string | null): Pick<ModelFacts, 'status' | 'error'> {
  const status = (error as { statusCode?: number }).statusCode;
  const message = (error as Error).message ?? String(error);
  if (code === 'RepoNotFound') return { status: 'not-found', error: 'repository not found (or private without access)' };
  if (code === 'RevisionNotFound') return { status: 'revision-not-found', error: 'revision not found' };
  if (code === 'GatedRepo') return { status: 'gated', error: 'gated: the token has no access' };
  if (code === 'DisabledRepo' || /^Access to this resource is disabled/i.test(message)) return { status: 'disabled', error: 'disabled by the hub' };
  if (status === 404) return { status: 'not-found', error: message };
  return { status: 'error', error: status ? `HTTP ${status}: ${message}` : message };
}

function toHubFile(entry: ListFileEntry): HubFile {
  const f: HubFile = { path: entry.path, size: entry.lfs?.size ?? entry.size, oid: entry.oid };
  if (entry.lfs?.oid) f.sha256 = entry.lfs.oid;
  const sec = (entry as { securityFileStatus?: Record<string, any> }).securityFileStatus;
  if (sec && typeof sec.status === 'string') f.security = toVerdict(sec);
  return f;
}

/** The hub's per-file security status, with each scanner's own words. */
export function toVerdict(sec: Record<string, any>): HubSecurityVerdict {
  const details: HubSecurityVerdict['details'] = [];
  for (const [key, value] of Object.entries(sec)) {
    if (key === 'status' || !isRecord(value) || typeof value.status !== 'string') continue;
    const scanner = key.replace(/Scan$/, '');
    let message = typeof value.message === 'string' ? value.message : undefined;
    if (Array.isArray(value.pickleImports)) {
      const risky = value.pickleImports.filter((i: any) => i?.safety && i.safety !== 'innocuous');
      if (risky.length) message = risky.map((i: any) => `${i.module}.${i.name} (${i.safety})`).join(', ');
    }
    if (Array.isArray(value.virusNames) && value.virusNames.length) message = value.virusNames.join(', ');
    details.push({ scanner, status: value.status, ...(message ? { message } : {}) });
  }
  return { status: sec.status, details };
}

function toList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return undefined;
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
