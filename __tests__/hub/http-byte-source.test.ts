import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHubFetch } from '../../src/hub/fetch.js';
import { HttpByteSource } from '../../src/hub/http-byte-source.js';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';
import { tempRoot, writeRepo } from './fixture-hub.js';

const bytes = Uint8Array.from({ length: 200_003 }, (_, i) => (i * 31 + 7) & 0xff);
let server: HubServer;
beforeAll(async () => {
  const root = await tempRoot();
  await writeRepo(root, 'acme/bytes', {}, { 'weights.bin': bytes, 'empty.txt': '' });
  server = await startHubServer({ root });
});
afterAll(() => server.close());

describe('HttpByteSource', () => {
  it('reads exact ranges across block boundaries, from the redirect target, and counts bytes', async () => {
    const hf = createHubFetch({ endpoint: server.url });
    const src = new HttpByteSource('weights.bin', `${server.url}/acme/bytes/resolve/main/weights.bin`, hf.fetch, { blockSize: 1024, maxBlocks: 4 });
    expect(await src.size()).toBe(bytes.length);
    expect(await src.read(1020, 10)).toEqual(bytes.subarray(1020, 1030));
    expect(await src.read(bytes.length - 5, 100)).toEqual(bytes.subarray(bytes.length - 5));
    expect(await src.read(50_000, 20_000)).toEqual(bytes.subarray(50_000, 70_000));
    expect(await src.read(bytes.length + 10, 4)).toHaveLength(0);
    // cached block: no new request
    const before = hf.requestCount();
    expect(await src.read(1021, 2)).toEqual(bytes.subarray(1021, 1023));
    expect(hf.requestCount()).toBe(before);
    expect(src.bytesRead()).toBeGreaterThanOrEqual(20_000);
    expect(src.bytesRead()).toBeLessThan(30_000);
    // after the first redirect, reads go to the CDN path directly
    expect(server.requests.at(-1)?.path).toContain('/cdn-lfs/');
  });

  it('handles an empty file', async () => {
    const hf = createHubFetch({ endpoint: server.url });
    const src = new HttpByteSource('empty.txt', `${server.url}/acme/bytes/resolve/main/empty.txt`, hf.fetch);
    expect(await src.size()).toBe(0);
    expect(await src.read(0, 10)).toHaveLength(0);
  });
});
