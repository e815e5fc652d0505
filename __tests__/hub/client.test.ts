// The hub client (on @huggingface/hub) against the local hub server: retries, timeouts,
// token scoping across redirects, renames, gating, the cache.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHubClient } from '../../src/hub/client.js';
import { createHubFetch } from '../../src/hub/fetch.js';
import { resolveHubEndpoint } from '../../src/hub/endpoint.js';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';
import { silentLog, standardHub, tempRoot } from './fixture-hub.js';

let root: string;
let server: HubServer;

beforeAll(async () => {
  root = await standardHub();
  server = await startHubServer({ root, token: 'hf_secret_token' });
});
afterAll(() => server.close());
afterEach(() => {
  server.faults.length = 0;
});

const client = (extra: Partial<Parameters<typeof createHubClient>[0]> = {}) =>
  createHubClient({ endpoint: server.url, token: 'hf_secret_token', backoffMs: 10, log: silentLog, ...extra });

describe('hub client', () => {
  it('collects model facts: commit, author, files with sha256 and scanner verdicts', async () => {
    const facts = await client().modelFacts('acme/pickled', null);
    expect(facts.status).toBe('ok');
    expect(facts.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(facts.authorInfo).toMatchObject({ name: 'acme', type: 'org', verified: true, exists: true });
    const bin = facts.files?.find((f) => f.path === 'pytorch_model.bin');
    expect(bin?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(bin?.security?.status).toBe('unsafe');
    expect(bin?.security?.details).toContainEqual({ scanner: 'pickleImport', status: 'unsafe', message: 'os.system (dangerous)' });
    const safe = await client().modelFacts('acme/safe', null);
    expect(safe).toMatchObject({ baseModel: ['acme/base'], license: 'apache-2.0', downloads: 50000 });
  });

  it('retries a 429 honouring Retry-After, then succeeds', async () => {
    server.faults.push({ path: '/api/models/acme/safe/revision/', status: 429, retryAfter: 0, times: 1 });
    const c = client();
    const facts = await c.modelFacts('acme/safe', 'a'.repeat(40));
    expect(facts.status).toBe('ok');
    expect(c.requestCount()).toBeGreaterThanOrEqual(3); // 429, info, tree (+ author)
    server.faults.length = 0;
  });

  it('reports status error after retries when the hub answers 500 forever', async () => {
    server.faults.push({ path: '/api/models/acme/custom', status: 500 });
    const before = server.requests.length;
    const facts = await client({ retries: 2 }).modelFacts('acme/custom', null);
    expect(facts.status).toBe('error');
    expect(facts.error).toMatch(/500/);
    expect(server.requests.slice(before).filter((r) => r.path.startsWith('/api/models/acme/custom'))).toHaveLength(3);
    server.faults.length = 0;
  });

  it('gives up on a server slower than the timeout', async () => {
    server.faults.push({ path: '/api/models/acme/gated', delayMs: 1500 });
    const started = Date.now();
    const facts = await client({ timeoutMs: 150, retries: 1 }).modelFacts('acme/gated', null);
    expect(facts.status).toBe('error');
    expect(facts.error).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(1500);
    server.faults.length = 0;
  });

  it('sends the token to the hub but not to a redirect target on another host', async () => {
    const cdn = await startHubServer({ root });
    const hub = await startHubServer({ root, token: 'hf_secret_token', lfsOrigin: cdn.url });
    try {
      const c = createHubClient({ endpoint: hub.url, token: 'hf_secret_token', log: silentLog });
      const src = c.openFile('acme/safe', 'a'.repeat(40), 'model.safetensors');
      expect(await src.size()).toBe(300_000);
      expect(Array.from(await src.read(70_000, 3))).toEqual([7, 7, 7]);
      expect(hub.requests.every((r) => r.headers.authorization === 'Bearer hf_secret_token')).toBe(true);
      expect(cdn.requests.length).toBeGreaterThan(0);
      expect(cdn.requests.some((r) => 'authorization' in r.headers)).toBe(false);
    } finally {
      await hub.close();
      await cdn.close();
    }
  });

  it('reports the final id of a renamed repo and of a legacy id', async () => {
    const c = client();
    expect((await c.modelFacts('old-org/renamed', null)).resolvedId).toBe('new-org/renamed');
    expect((await c.modelFacts('gpt2', null)).resolvedId).toBe('openai-community/gpt2');
  });

  it('tells gated-without-access, missing repos and missing revisions apart', async () => {
    const anonymous = createHubClient({ endpoint: server.url, log: silentLog });
    expect((await anonymous.modelFacts('acme/gated', null)).status).toBe('gated');
    expect((await client().modelFacts('acme/gated', null)).status).toBe('ok');
    expect((await anonymous.modelFacts('acme/does-not-exist', null)).status).toBe('not-found');
    expect((await client().modelFacts('acme/safe', 'no-such-branch')).status).toBe('revision-not-found');
  });

  it('makes no requests on a warm run over pinned models', async () => {
    const cacheFile = path.join(await tempRoot(), 'cache', 'hub.json');
    const cold = client({ cacheFile });
    const a = await cold.modelFacts('acme/safe', 'a'.repeat(40));
    expect(await cold.fetchText('acme/safe', 'a'.repeat(40), 'config.json')).toContain('bert');
    await cold.saveCache();
    expect(cold.requestCount()).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(cacheFile, 'utf8')).version).toBe(1);
    const warm = client({ cacheFile });
    const b = await warm.modelFacts('acme/safe', 'a'.repeat(40));
    expect(await warm.fetchText('acme/safe', 'a'.repeat(40), 'config.json')).toContain('bert');
    expect(b).toEqual(a);
    expect(warm.requestCount()).toBe(0);
  });

  it('shares one lookup between concurrent asks for the same model', async () => {
    const c = client();
    await Promise.all([c.modelFacts('acme/custom', null), c.modelFacts('acme/custom', null)]);
    const once = c.requestCount();
    await c.modelFacts('acme/custom', null);
    expect(c.requestCount()).toBe(once);
  });

  it('never logs the token', async () => {
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), debug: (m: string) => lines.push(m) };
    server.faults.push({ path: '/api/models/acme/safe', status: 503, times: 1 });
    await client({ log }).modelFacts('acme/safe', null);
    server.faults.length = 0;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('hf_secret_token');
  });

  it('falls back to securityStatus=true when the tree has no per-file verdicts', async () => {
    const mirror = await startHubServer({ root, treeSecurity: false });
    try {
      const facts = await createHubClient({ endpoint: mirror.url, log: silentLog }).modelFacts('acme/pickled', null);
      expect(facts.files?.find((f) => f.path === 'pytorch_model.bin')?.security?.status).toBe('unsafe');
      expect(facts.files?.find((f) => f.path === 'config.json')?.security).toBeUndefined();
      expect(mirror.requests.some((r) => r.path.includes('securityStatus=true'))).toBe(true);
    } finally {
      await mirror.close();
    }
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const s = await startHubServer({ root, faults: [{ path: '/resolve/', delayMs: 50 }] });
    try {
      const c = createHubClient({ endpoint: s.url, concurrency: 2, log: silentLog });
      const texts = await Promise.all(Array.from({ length: 8 }, () => c.fetchText('acme/safe', 'main', 'config.json')));
      expect(texts.every((t) => t?.includes('bert'))).toBe(true);
      expect(s.peakConcurrency()).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('waits what Retry-After says rather than its own backoff', async () => {
    server.faults.push({ path: '/api/whoami-v2', status: 429, retryAfter: 0, times: 2 });
    // A backoff of 100 s would time the test out: only Retry-After: 0 lets it finish.
    const hf = createHubFetch({ endpoint: server.url, token: 'hf_secret_token', backoffMs: 100_000, maxDelayMs: 100_000 });
    const res = await hf.fetch(`${server.url}/api/whoami-v2`);
    expect(res.status).toBe(200);
    expect(hf.requestCount()).toBe(3);
  });

  it('searches models and reads author overviews', async () => {
    const c = client();
    const found = await c.searchModels({ author: 'acme', sort: 'downloads', limit: 2 });
    expect(found.map((m) => m.id)).toEqual(['acme/safe', 'acme/custom']);
    expect(await c.authorFacts('nobody-here')).toMatchObject({ exists: false });
    expect(await c.authorFacts('newbie')).toMatchObject({ type: 'user', verified: false, exists: true });
  });
});

describe('resolveHubEndpoint', () => {
  it('prefers the flag, then the policy, then HF_ENDPOINT', () => {
    expect(resolveHubEndpoint('http://flag:1/', 'http://policy', { HF_ENDPOINT: 'http://env' })).toBe('http://flag:1');
    expect(resolveHubEndpoint(null, 'http://policy', { HF_ENDPOINT: 'http://env' })).toBe('http://policy');
    expect(resolveHubEndpoint(undefined, null, { HF_ENDPOINT: 'https://mirror.example/hf/' })).toBe('https://mirror.example/hf');
    expect(resolveHubEndpoint(undefined, undefined, {})).toBe('https://huggingface.co');
    expect(() => resolveHubEndpoint('ftp://x', null, {})).toThrow(/http/);
  });
});
