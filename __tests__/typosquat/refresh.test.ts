// scripts/refresh-popular.ts against the local hub server: the most downloaded models with their
// figures and the organisations behind them; and the curated mode.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { curatedSnapshot, hubSnapshot } from '../../scripts/refresh-popular.js';
import { buildPopularIndex, findSuspects } from '../../src/typosquat/index.js';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'typosquat', 'hub');
let hub: HubServer;
beforeAll(async () => {
  hub = await startHubServer({ root: ROOT });
});
afterAll(async () => {
  await hub.close();
});

describe('refresh-popular', () => {
  it('reads the most downloaded models and their organisations from the hub API', async () => {
    const snapshot = await hubSnapshot(hub.url, 5, 3);
    expect(snapshot.curated).toBe(false);
    expect(snapshot.source).toContain(hub.url);
    expect(snapshot.models.map((m) => m.id)).toEqual([
      'meta-llama/Llama-3.1-8B-Instruct',
      'popular-outside/SuperModel-7B',
      'meta-llama/Llama-3.2-1B-Instruct',
      'mistralai/Mistral-7B-Instruct-v0.3',
      'mistral-aai/Mistral-7B-Instruct-v0.3',
    ]);
    expect(snapshot.models[0]).toMatchObject({ downloads: 5_000_000, createdAt: '2024-07-18T00:00:00.000Z' });
    expect(snapshot.orgs[0]).toMatchObject({ name: 'meta-llama', verified: true, createdAt: '2023-02-01T00:00:00.000Z', downloads: 7_000_000 });
    expect(snapshot.orgs).toHaveLength(3);
    // The result is a usable index.
    expect(findSuspects('meta-Ilama/Llama-3.1-8B-Instruct', buildPopularIndex(snapshot))[0].intended).toBe('meta-llama/Llama-3.1-8B-Instruct');
  });

  it('builds the curated snapshot from an id list, without figures', () => {
    const s = curatedSnapshot('# comment\nacme/one\nacme/two\nbert-base-uncased\nacme/one\n', '2026-11-25');
    expect(s).toMatchObject({ date: '2026-11-25', curated: true });
    expect(s.models).toEqual([{ id: 'acme/one' }, { id: 'acme/two' }, { id: 'bert-base-uncased' }]);
    expect(s.orgs).toEqual([{ name: 'acme' }]);
    expect(Object.keys(s.brands).length).toBeGreaterThan(20);
  });
});
