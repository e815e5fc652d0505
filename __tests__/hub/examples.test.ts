// The demo's fixture repositories (examples/hub) produce the hub findings the README demo shows.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { assessHub } from '../../src/hub/assess.js';
import { createHubClient } from '../../src/hub/client.js';
import { defaultPolicy } from '../../src/policy/load.js';
import type { ModelTarget } from '../../src/types.js';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';
import { silentLog } from './fixture-hub.js';

let server: HubServer;
beforeAll(async () => {
  server = await startHubServer({ root: path.resolve('examples/hub') });
});
afterAll(() => server.close());

async function rulesFor(id: string, revision: string | null): Promise<string[]> {
  const hub = createHubClient({ endpoint: server.url, log: silentLog });
  const target: ModelTarget = { id, revision, repoType: 'model', references: [] };
  const { findings } = await assessHub(target, { policy: defaultPolicy(), hub, log: silentLog, now: new Date('2026-11-25T12:00:00Z') });
  return findings.map((f) => f.rule).sort();
}

describe('demo hub repositories', () => {
  it('produce the documented findings', async () => {
    const sha = ((await (await fetch(`${server.url}/api/models/acme-ai/sentiment-small/revision/main`)).json()) as { sha: string }).sha;
    expect(sha).toBe('d2bf07363d5967feef06cc04ebcbbf43b2af3c43');
    expect(await rulesFor('acme-ai/sentiment-small', sha)).toEqual([]);
    expect(await rulesFor('acme-ai/sentiment-small', 'v1.0')).toEqual(['MG301']);
    expect(await rulesFor('acme-ai/sentiment-small', null)).toEqual(['MG301']);
    expect(await rulesFor('acme-ai/sentimnet-small', null)).toEqual(['MG202']);
    expect(await rulesFor('legacy-lab/resnet-classic', null)).toEqual(['MG301', 'MG520']);
    expect(await rulesFor('research-collective/long-context-chat', null)).toEqual(['MG301', 'MG522', 'MG523']);
    expect(await rulesFor('acme-ai/llama-guarded', null)).toEqual(['MG203', 'MG301']);
    expect(await rulesFor('fresh-uploader/sentiment-smal1', null)).toEqual(['MG301', 'MG520', 'MG601']);
    expect(await rulesFor('gpt2', null)).toEqual(['MG209', 'MG301', 'MG521']);
    expect(await rulesFor('bert-base-uncased', null)).toEqual(['MG209', 'MG301']);
    expect(await rulesFor('old-team/summarizer', null)).toEqual(['MG209', 'MG301']);
    expect(await rulesFor('sentence-transformers/all-MiniLM-L6-v2', null)).toEqual(['MG301']);
  });
});
