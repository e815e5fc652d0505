// Watch-list monitoring against the local hub server: look-alikes of a watched org and model
// that exist are reported, unrelated names are not, the number of requests is bounded.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { createHubClient } from '../../src/hub/client.js';
import { defaultPolicy } from '../../src/policy/load.js';
import { buildPopularIndex, generateLookalikes, renderWatchIssue, watchLookalikes } from '../../src/typosquat/index.js';
import { WATCH_LIMITS } from '../../src/typosquat/watch.js';
import type { AssessContext } from '../../src/types.js';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'typosquat', 'hub');
const silent = { info() {}, warn() {}, debug() {} };
const index = buildPopularIndex({ version: 1, date: '2026-11-01', source: 'test', curated: true, models: [{ id: 'acme/detector' }], orgs: [], brands: {}, republishers: [] });

let hub: HubServer;
beforeAll(async () => {
  hub = await startHubServer({ root: ROOT });
});
afterAll(async () => {
  await hub.close();
});

function context(watch: { orgs: string[]; models: string[] }): AssessContext {
  const policy = defaultPolicy();
  policy.watch = { ...watch, openIssue: false };
  return { policy, hub: createHubClient({ endpoint: hub.url, retries: 0 }), log: silent, now: new Date('2026-11-25T00:00:00.000Z') };
}

describe('generateLookalikes', () => {
  it('produces the detector techniques in reverse, without the name itself', () => {
    const names = generateLookalikes('acme', 200).map((l) => `${l.name}:${l.technique}`);
    expect(names).toEqual(expect.arrayContaining(['acrne:ascii-lookalike', 'acme-official:org-affix', 'the-acme:org-affix', 'acm:omission', 'amce:transposition', 'accme:repetition', 'acne:keyboard-adjacent', 'ac-me:separator']));
    expect(names.some((n) => n.startsWith('acme:'))).toBe(false);
    expect(generateLookalikes('acme', 10)).toHaveLength(10);
  });
});

describe('watchLookalikes', () => {
  it('reports existing look-alike orgs of a watched org', async () => {
    const findings = await watchLookalikes(context({ orgs: ['acme'], models: [] }), index);
    const found = findings.filter((f) => f.rule === 'MG228').map((f) => f.evidence!.lookalike);
    expect(found).toEqual(expect.arrayContaining(['acme-official', 'acrne']));
    expect(found).not.toContain('unrelated');
  });

  it('reports look-alike copies of a watched model found by search and by existence checks', async () => {
    const findings = await watchLookalikes(context({ orgs: [], models: ['acme/detector'] }), index);
    const found = findings.map((f) => f.evidence!.lookalike);
    expect(found).toEqual(expect.arrayContaining(['acme-official/detector', 'acrne/detector']));
    expect(found).not.toContain('unrelated/detector-v2');
    expect(found).not.toContain('acme/detector');
    expect(findings.every((f) => f.rule === 'MG228' && typeof f.fix === 'string')).toBe(true);
  });

  it('stays within its request budget', async () => {
    const before = hub.requests.length;
    await watchLookalikes(context({ orgs: ['acme', 'other-org-name'], models: ['acme/detector'] }), index);
    expect(hub.requests.length - before).toBeLessThanOrEqual(WATCH_LIMITS.total + 5);
  });

  it('does nothing offline', async () => {
    expect(await watchLookalikes({ ...context({ orgs: ['acme'], models: [] }), hub: null }, index)).toEqual([]);
  });
});

describe('renderWatchIssue', () => {
  const finding = (lookalike: string) => ({ rule: 'MG228', message: '', evidence: { watched: 'acme', lookalike, technique: 'org-affix', kind: 'org' } });

  it('lists look-alikes once, keeps first-seen dates across runs and marks new ones', () => {
    const first = renderWatchIssue([finding('acme-official'), finding('acme-official')], null, '2026-11-01');
    expect(first.added).toEqual(['acme-official']);
    expect(first.changed).toBe(true);
    expect(first.body.match(/`acme-official`\]/g)).toHaveLength(1);

    const second = renderWatchIssue([finding('acme-official'), finding('acrne')], first.body, '2026-11-08');
    expect(second.added).toEqual(['acrne']);
    expect(second.body).toContain('`acme-official`](https://huggingface.co/acme-official) imitates `acme` (org-affix), first seen 2026-11-01 <!--');
    expect(second.body).toContain('first seen 2026-11-08 **(new)**');

    const third = renderWatchIssue([finding('acme-official'), finding('acrne')], second.body, '2026-11-15');
    expect(third.added).toEqual([]);
    expect(third.changed).toBe(false);
  });

  it('needs no issue when nothing was ever found', () => {
    expect(renderWatchIssue([], null, '2026-11-01').changed).toBe(false);
  });
});
