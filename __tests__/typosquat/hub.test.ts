// The typosquat check against the local hub server with the real hub client: squats of each
// technique, benign look-alikes of each kind, missing names, namespace reuse, an owner change,
// and a squat of a model that only the hub's search knows. Fixtures: generate-hub.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { createHubClient } from '../../src/hub/client.js';
import { defaultPolicy } from '../../src/policy/load.js';
import { buildPopularIndex, checkTyposquat, refreshPopularIndex } from '../../src/typosquat/index.js';
import type { AssessContext, FindingDraft, ModelTarget, PopularIndex, PopularSnapshot } from '../../src/types.js';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'typosquat', 'hub');
const silent = { info() {}, warn() {}, debug() {} };

function snapshot(): PopularSnapshot {
  return {
    version: 1,
    date: '2026-11-01',
    source: 'test',
    curated: true,
    // Figures only for some: the others are fetched from the hub when evidence is needed.
    models: [
      { id: 'meta-llama/Llama-3.1-8B-Instruct' },
      { id: 'mistralai/Mistral-7B-Instruct-v0.3', downloads: 1_500_000, createdAt: '2024-05-22T00:00:00.000Z' },
      { id: 'acme/detector' },
      { id: 'reborn/sentiment-classifier', createdAt: '2021-03-01T00:00:00.000Z' },
    ],
    orgs: [],
    brands: { llama: ['meta-llama'], mistral: ['mistralai'] },
    republishers: ['TheBloke'],
  };
}

let hub: HubServer;
let index: PopularIndex;

function context(): AssessContext {
  return {
    policy: defaultPolicy(),
    hub: createHubClient({ endpoint: hub.url, retries: 0 }),
    log: silent,
    now: new Date('2026-11-25T00:00:00.000Z'),
  };
}

function target(id: string): ModelTarget {
  return { id, revision: null, repoType: 'model', references: [{ id, raw: id, revision: null, repoType: 'model', kind: 'from_pretrained', call: 'AutoModel.from_pretrained', flags: {}, confidence: 'high', file: 'train.py', line: 3, column: 1 }] };
}

async function check(id: string, ctx = context()): Promise<FindingDraft[]> {
  const facts = await ctx.hub!.modelFacts(id, null);
  return checkTyposquat(target(id), facts, ctx, index);
}

beforeAll(async () => {
  hub = await startHubServer({ root: ROOT });
});
afterAll(async () => {
  await hub.close();
});

describe('checkTyposquat with hub evidence', () => {
  beforeAll(() => {
    index = buildPopularIndex(snapshot());
  });

  it.each([
    ['meta-llama-official/Llama-3.1-8B-Instruct', 'MG223', 'critical', 'org-affix'],
    ['meta-Ilama/Llama-3.1-8B-Instruct', 'MG221', 'critical', 'ascii-lookalike'],
    ['metallama/Llama-3.1-8B-Instruct', 'MG222', 'critical', 'separator'],
    ['mistral-ai/Mistral-7B-Instruct-v0.3', 'MG222', 'critical', 'separator'],
    ['llama-official/Llama-3.1-8B-Instruct', 'MG224', 'critical', 'brand-token'],
    ['quickfix/Llama-3.1-8B-Instrcut', 'MG220', 'high', 'transposition'],
    ['quickfix/Instruct-Llama-3.1-8B', 'MG220', 'high', 'reordered-tokens'],
    ['quickfix/Mistral-Instruct', 'MG220', 'high', 'dropped-version'],
  ])('reports %s as %s (%s, %s)', async (id, rule, severity, technique) => {
    const findings = await check(id);
    const f = findings.find((d) => d.rule === rule);
    expect(f).toBeDefined();
    expect(f!.severity).toBe(severity);
    expect(f!.evidence!.technique).toBe(technique);
    expect(f!.evidence!.confidence).toBe('hub');
    expect(f!.file).toBe('train.py');
    expect(f!.fix).toContain('revision=');
    // The popular model's figures come from the hub when the snapshot has none.
    expect((f!.evidence!.popular as { downloads: number | null }).downloads).toBeGreaterThan(1_000_000);
  });

  it.each([
    ['TheBloke/Mistral-7B-Instruct-v0.3-GGUF', 'a known re-publisher'],
    ['tuner-lab/Llama-3.1-8B-Instruct-GGUF', 'a quantisation with a matching base_model'],
    ['tuner-lab/Llama-3.1-8B-Instrcut', 'a near-name that declares the popular model as its base_model'],
    ['tuner-lab/Mistral-7B-Instruct-v0.4', 'a same-family variant'],
    ['meta-llama/Llama-3.2-1B-Instruct', 'a model of the same owner'],
    ['meta-llama/Llama-3.1-8B-Instruct', 'the popular model itself'],
  ])('does not report %s (%s)', async (id) => {
    const findings = await check(id);
    expect(findings.filter((d) => /^MG22/.test(d.rule))).toEqual([]);
  });

  it('lowers a look-alike published by a verified, established, popular organisation', async () => {
    const findings = await check('mistral-aai/Mistral-7B-Instruct-v0.3');
    expect(findings[0].rule).toBe('MG222');
    expect(findings[0].severity).toBe('info');
    expect(findings[0].evidence!.reasons).toEqual(expect.arrayContaining([expect.stringContaining('verified')]));
  });

  it('reports a near-name that does not exist as a squat waiting to happen', async () => {
    const findings = await check('meta-lama/Llama-3.1-8B-Instruct');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'MG225', severity: 'high', evidence: expect.objectContaining({ exists: false, imitates: 'meta-llama/Llama-3.1-8B-Instruct' }) });
  });

  it('reports an owner created after the model it serves (namespace reuse)', async () => {
    const findings = await check('reborn/sentiment-classifier');
    expect(findings.map((f) => f.rule)).toEqual(['MG226']);
    expect(findings[0].severity).toBe('critical');
  });

  it('reports namespace reuse against the date the lockfile recorded', async () => {
    const ctx = context();
    const facts = await ctx.hub!.modelFacts('acme-official/detector', null);
    const findings = await checkTyposquat(target('acme-official/detector'), facts, ctx, index, { lockedAt: '2025-01-01T00:00:00.000Z' });
    expect(findings.find((f) => f.rule === 'MG226')).toMatchObject({ severity: 'critical' });
  });

  it('reports an owner whose creation date differs from the one the lockfile recorded', async () => {
    const ctx = context();
    const facts = await ctx.hub!.modelFacts('acme/detector', null);
    const same = await checkTyposquat(target('acme/detector'), facts, ctx, index, { lockedOwnerCreatedAt: '2023-01-01T00:00:00.000Z' });
    expect(same).toEqual([]);
    const changed = await checkTyposquat(target('acme/detector'), facts, ctx, index, { lockedOwnerCreatedAt: '2021-05-01T00:00:00.000Z' });
    expect(changed).toMatchObject([{ rule: 'MG226', severity: 'critical' }]);
  });

  it('reports a repository that now redirects to an unknown owner', async () => {
    const findings = await check('oldteam/tagger');
    expect(findings.find((f) => f.rule === 'MG227')).toMatchObject({ evidence: expect.objectContaining({ to: 'someone-new/tagger' }) });
  });

  it('finds squats of models outside the snapshot through the hub search, one search per term', async () => {
    const fresh = buildPopularIndex(snapshot());
    const ctx = context();
    const facts = await ctx.hub!.modelFacts('popular-outsde/SuperModel-7B', null);
    const findings = await checkTyposquat(target('popular-outsde/SuperModel-7B'), facts, ctx, fresh);
    expect(findings[0]).toMatchObject({ rule: 'MG222', evidence: expect.objectContaining({ imitates: 'popular-outside/SuperModel-7B' }) });
    // The search result is cached for the run: a second reference with the same term sends no new search.
    const before = hub.requests.filter((r) => r.path.startsWith('/api/models?')).length;
    await checkTyposquat(target('popular-outsde/SuperModel-7B'), facts, ctx, fresh);
    expect(hub.requests.filter((r) => r.path.startsWith('/api/models?')).length).toBe(before);
  });

  it('fails closed when the hub search fails (MG229) and still compares with the snapshot', async () => {
    hub.faults.push({ path: '/api/models?', status: 500, times: 10 });
    try {
      const ctx = context();
      const findings = await checkTyposquat(target('metallama/Llama-3.1-8B-Instruct'), null, ctx, buildPopularIndex(snapshot()));
      expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['MG229', 'MG222']));
    } finally {
      hub.faults.splice(0);
    }
  });
});

describe('refreshPopularIndex', () => {
  it('adds the hub\'s most downloaded models, but not popular look-alikes of known ones', async () => {
    const idx = buildPopularIndex(snapshot());
    const added = await refreshPopularIndex(idx, context().hub!);
    expect(added).toBeGreaterThan(0);
    expect(idx.models.has('popular-outside/supermodel-7b')).toBe(true);
    expect(idx.models.get('mistralai/mistral-7b-instruct-v0.3')!.downloads).toBe(1_500_000);
    // 400k downloads, but a look-alike of mistralai: it must not become a trusted reference point.
    expect(idx.models.has('mistral-aai/mistral-7b-instruct-v0.3')).toBe(false);
    expect(idx.orgs.has('mistral-aai')).toBe(false);
  });
});

describe('checkTyposquat offline', () => {
  it('reports on names alone with lower confidence and no hub figures', async () => {
    const ctx: AssessContext = { ...context(), hub: null };
    const findings = await checkTyposquat(target('meta-Ilama/Llama-3.1-8B-Instruct'), null, ctx, buildPopularIndex(snapshot()));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'MG221', severity: 'high', evidence: expect.objectContaining({ confidence: 'name-only' }) });
  });

  it('keeps only strong matches at sensitivity low', async () => {
    const policy = defaultPolicy();
    policy.typosquat.sensitivity = 'low';
    const ctx: AssessContext = { ...context(), hub: null, policy };
    const idx = buildPopularIndex(snapshot());
    expect(await checkTyposquat(target('quickfix/Llama-3.1-8B-Instrcut'), null, ctx, idx)).toEqual([]);
    expect(await checkTyposquat(target('meta-Ilama/Llama-3.1-8B-Instruct'), null, ctx, idx)).toHaveLength(1);
  });
});

describe('organisation-only imitations', () => {
  it('compares the imitator\'s age with the imitated organisation\'s, fetched from the hub', async () => {
    const ctx = context();
    const idx = buildPopularIndex(snapshot());
    // acme-labs exists on the fixture hub (created 2026-10-20) and publishes nothing of acme's.
    const facts = { id: 'acme-labs/tool', resolvedId: 'acme-labs/tool', revision: null, status: 'ok' as const, downloads: 3, createdAt: '2026-10-21T00:00:00.000Z', authorInfo: await ctx.hub!.authorFacts('acme-labs') };
    const findings = await checkTyposquat(target('acme-labs/tool'), facts, ctx, idx);
    expect(findings[0]).toMatchObject({ rule: 'MG223', evidence: expect.objectContaining({ imitates: 'acme', imitatesKind: 'org', popular: expect.objectContaining({ createdAt: '2023-01-01T00:00:00.000Z' }) }) });
    expect(findings[0].severity).toBe('critical');
  });
});
