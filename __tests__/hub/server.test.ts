// The local hub server against the real @huggingface/hub client: if these pass, the shapes the
// server returns are the shapes the library parses.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fileDownloadInfo, listFiles, listModels, modelInfo, whoAmI } from '@huggingface/hub';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';
import { standardHub, tempRoot, writeRepo } from './fixture-hub.js';

let server: HubServer;
let root: string;

beforeAll(async () => {
  root = await standardHub();
  await writeRepo(root, 'acme/many', {}, Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`dir/f${i}.txt`, `file ${i}`])));
  server = await startHubServer({ root, token: 'hf_test', treePageSize: 3 });
});
afterAll(() => server.close());

describe('hub server with @huggingface/hub', () => {
  it('pages tree listings with absolute Link URLs', async () => {
    const before = server.requests.length;
    const entries = [];
    for await (const e of listFiles({ repo: 'acme/many', recursive: true, hubUrl: server.url })) entries.push(e);
    expect(entries.filter((e) => e.type === 'file').map((e) => e.path)).toEqual(Array.from({ length: 7 }, (_, i) => `dir/f${i}.txt`));
    expect(entries.some((e) => e.type === 'directory' && e.path === 'dir')).toBe(true);
    // 8 entries in pages of 3
    expect(server.requests.slice(before).filter((r) => r.path.includes('/tree/'))).toHaveLength(3);
  });

  it('pages model search results', async () => {
    const res = await fetch(`${server.url}/api/models?author=acme&limit=2&sort=downloads`);
    const link = res.headers.get('link');
    expect(link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/api\/models\?.*cursor=2.*>; rel="next"$/);
    const first = (await res.json()) as { id: string }[];
    expect(first.map((m) => m.id)).toEqual(['acme/safe', 'acme/custom']);
    const names = [];
    for await (const m of listModels({ search: { owner: 'acme' }, hubUrl: server.url })) names.push(m.name);
    expect(names.sort()).toEqual(['acme/custom', 'acme/gated', 'acme/many', 'acme/pickled', 'acme/safe']);
  });

  it('serves model info with expanded fields and follows a rename', async () => {
    const info = await modelInfo({ name: 'old-org/renamed', hubUrl: server.url, additionalFields: ['sha', 'author', 'cardData'] });
    expect(info.name).toBe('new-org/renamed');
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    const safe = await modelInfo({ name: 'acme/safe', hubUrl: server.url, additionalFields: ['cardData', 'config'] });
    expect(safe.cardData).toEqual({ license: 'apache-2.0', base_model: 'acme/base' });
    expect(safe.downloads).toBe(50000);
  });

  it('answers blobs=true and securityStatus=true like the hub', async () => {
    const body = (await (await fetch(`${server.url}/api/models/acme/pickled?blobs=true&securityStatus=true`)).json()) as Record<string, any>;
    const bin = body.siblings.find((s: any) => s.rfilename === 'pytorch_model.bin');
    expect(bin.lfs.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body.securityRepoStatus.filesWithIssues).toEqual(expect.arrayContaining([{ path: 'pytorch_model.bin', level: 'unsafe' }, { path: 'extra.pkl', level: 'caution' }]));
  });

  it('redirects LFS downloads with X-Linked headers and serves single ranges', async () => {
    const info = await fileDownloadInfo({ repo: 'acme/safe', path: 'model.safetensors', hubUrl: server.url });
    expect(info?.size).toBe(300_000);
    expect(info?.etag).toMatch(/^"[0-9a-f]{64}"$/);
    const head = await fetch(`${server.url}/acme/safe/resolve/main/model.safetensors`, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBe(302);
    expect(head.headers.get('x-linked-size')).toBe('300000');
    expect(head.headers.get('x-repo-commit')).toBe('a'.repeat(40));
    const part = await fetch(`${server.url}/acme/safe/resolve/main/config.json`, { headers: { Range: 'bytes=2-6' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toMatch(/^bytes 2-6\/\d+$/);
    expect(await part.text()).toBe('model');
  });

  it('uses the hub error codes and statuses', async () => {
    const gated = await fetch(`${server.url}/acme/gated/resolve/main/config.json`);
    expect([gated.status, gated.headers.get('x-error-code')]).toEqual([401, 'GatedRepo']);
    const withToken = await fetch(`${server.url}/acme/gated/resolve/main/config.json`, { headers: { Authorization: 'Bearer hf_test' } });
    expect(withToken.status).toBe(200);
    const rev = await fetch(`${server.url}/api/models/acme/safe/revision/nope`);
    expect([rev.status, rev.headers.get('x-error-code')]).toEqual([404, 'RevisionNotFound']);
    const repo = await fetch(`${server.url}/api/models/acme/missing`);
    expect([repo.status, repo.headers.get('x-error-code')]).toEqual([401, 'RepoNotFound']);
    expect(await fileDownloadInfo({ repo: 'acme/safe', path: 'nope.txt', hubUrl: server.url })).toBeNull();
    await expect(modelInfo({ name: 'acme/missing', hubUrl: server.url })).rejects.toThrow(/not found/i);
  });

  it('answers whoami and author overviews', async () => {
    const me = await whoAmI({ accessToken: 'hf_test', hubUrl: server.url });
    expect(me.name).toBe('modelgate-tester');
    await expect(whoAmI({ accessToken: 'hf_wrong', hubUrl: server.url })).rejects.toThrow(/Invalid credentials/);
    const org = (await (await fetch(`${server.url}/api/organizations/acme/overview`)).json()) as Record<string, unknown>;
    expect(org).toMatchObject({ name: 'acme', type: 'org', isVerified: true });
    expect((await fetch(`${server.url}/api/users/acme/overview`)).status).toBe(404);
  });

  it('serves generated large files by range without storing them', async () => {
    const r = await tempRoot();
    await writeRepo(r, 'big/zip', { generated: { 'pytorch_model.bin': { size: 3 * 1024 ** 3, fill: 0, sha256: 'f'.repeat(64), parts: [{ offset: 0, base64: Buffer.from('PK\x03\x04').toString('base64') }, { offset: -4, base64: Buffer.from('TAIL').toString('base64') }] } } }, { 'config.json': '{}' });
    const s = await startHubServer({ root: r });
    try {
      const tail = await fetch(`${s.url}/big/zip/resolve/main/pytorch_model.bin`, { headers: { Range: 'bytes=-4' } });
      expect(tail.status).toBe(206);
      expect(await tail.text()).toBe('TAIL');
      expect(tail.headers.get('content-range')).toBe(`bytes ${3 * 1024 ** 3 - 4}-${3 * 1024 ** 3 - 1}/${3 * 1024 ** 3}`);
      const head = await fetch(`${s.url}/big/zip/resolve/main/pytorch_model.bin`, { headers: { Range: 'bytes=0-5' } });
      expect(new Uint8Array(await head.arrayBuffer())).toEqual(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]));
    } finally {
      await s.close();
    }
  });
});
