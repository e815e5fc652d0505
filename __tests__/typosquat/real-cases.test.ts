// Measured on real data (docs/typosquat.md, "Measured on real data"):
// - false alarms on 1,000+ model ids harvested from public code (fixtures/typosquat/harvested-real-ids.txt),
//   checked offline with the bundled index exactly as a run without network does;
// - recall on squats modelled on real typosquatting and impersonation cases
//   (fixtures/typosquat/realistic-squats.tsv), every one must be caught, by technique;
// - the hub-only cloned-name case (Open-OSS/privacy-filter for openai/privacy-filter) against the
//   local hub server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHubClient } from '../../src/hub/client.js';
import { defaultPolicy } from '../../src/policy/load.js';
import { buildPopularIndex, checkTyposquat, findSuspects, loadPopularIndex, refreshPopularIndex } from '../../src/typosquat/index.js';
import type { AssessContext, ModelTarget, PopularSnapshot } from '../../src/types.js';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'typosquat');
const silent = { info() {}, warn() {}, debug() {} };

function lines(file: string): string[] {
  return readFileSync(path.join(FIXTURES, file), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

function target(id: string): ModelTarget {
  return { id, revision: null, repoType: 'model', references: [{ id, raw: id, revision: null, repoType: 'model', kind: 'from_pretrained', call: 'AutoModel.from_pretrained', flags: {}, confidence: 'high', file: 'app.py', line: 1, column: 1 }] };
}

function offline(): AssessContext {
  return { policy: defaultPolicy(), hub: null, log: silent, now: new Date('2026-11-25T00:00:00.000Z') };
}

describe('false alarms on model ids harvested from public code', () => {
  const ids = [...new Set(lines('harvested-real-ids.txt'))];

  it('raises at most 1% false alarms, offline with the bundled index', async () => {
    const index = loadPopularIndex();
    const alarms: string[] = [];
    for (const id of ids) {
      const findings = await checkTyposquat(target(id), null, offline(), index);
      if (findings.length > 0) alarms.push(`${id}: ${findings[0].rule} ${String(findings[0].evidence?.imitates)}`);
    }
    const unseen = ids.filter((id) => !index.models.has(id.toLowerCase()));
    const unseenAlarms = alarms.filter((a) => !index.models.has(a.split(':')[0].toLowerCase()));
    console.log(
      `harvested ids: ${ids.length} (${unseen.length} not in the bundled index); false alarms ${alarms.length} = ${((100 * alarms.length) / ids.length).toFixed(2)}%` +
        ` (${unseenAlarms.length}/${unseen.length} = ${((100 * unseenAlarms.length) / unseen.length).toFixed(2)}% of the unseen)` +
        (alarms.length ? `\n  ${alarms.join('\n  ')}` : ''),
    );
    expect(ids.length).toBeGreaterThanOrEqual(1000);
    expect(unseen.length).toBeGreaterThan(600);
    expect(alarms.length / ids.length).toBeLessThanOrEqual(0.01);
    expect(unseenAlarms.length / unseen.length).toBeLessThanOrEqual(0.01);
  });

  it('keeps brand owners known: sibling organisations of a company are not imitations of it', () => {
    const index = loadPopularIndex();
    for (const id of ['bytedance-research/UI-TARS-2B-SFT', 'deepseek-community/Janus-Pro-1B', 'ibm-ai-platform/Bamba-9B', 'ibm-fms/Bamba-9B', 'IntelLabs/BLUE-Lens', 'Cohere/Cohere-embed-english-v3.0']) {
      expect(findSuspects(id, index)).toEqual([]);
    }
    // ...while an unknown organisation of the same shape still is.
    expect(findSuspects('bytedance-official/UI-TARS-2B-SFT', index).length).toBeGreaterThan(0);
    expect(findSuspects('deepseek-team/Janus-Pro-1B', index).length).toBeGreaterThan(0);
  });
});

describe('names that differ by a word, not a typo', () => {
  it('does not read one test fixture or model word for another as a typo', () => {
    const index = loadPopularIndex();
    expect(findSuspects('optimum-intel-internal-testing/tiny-random-ibert', index)).toEqual([]);
    expect(findSuspects('optimum-intel-internal-testing/tiny-random-mbart', index)).toEqual([]);
    expect(findSuspects('optimum-intel-internal-testing/tiny-random-qwen3-vl', index)).toEqual([]);
  });

  it('reads a re-publication with other separators as the same name, not a sibling with a word dropped', () => {
    const index = loadPopularIndex();
    expect(findSuspects('acme/Qwen3_8B', index)).toEqual([]);
    expect(findSuspects('acme/Llama_3.1_8B_Instruct', index)).toEqual([]);
  });

  it('still catches look-alike characters in a test fixture name and one-edit typos into a known word', () => {
    const index = loadPopularIndex();
    expect(findSuspects('anon-uploads/tiny-rаndom-bert', index)[0]?.techniques).toContain('unicode-confusable');
    expect(findSuspects('acme-ml/DeepSeek-R1-Distil-Qwen-32B', index)[0]?.intended).toBe('deepseek-ai/DeepSeek-R1-Distill-Qwen-32B');
  });
});

describe('brands', () => {
  it('reads an organisation named after a product with a version as the brand (`deepseek-r1`), not one with other words (`openGPT-X`)', () => {
    const index = loadPopularIndex();
    expect(findSuspects('deepseek-r1/DeepSeek-R1', index)[0]?.intended).toBe('deepseek-ai/DeepSeek-R1');
    expect(findSuspects('openGPT-X/Teuken-7B-instruct-research-v0.4', index)).toEqual([]);
  });

  it('does not crash on a brand with no organisation on the hub, and names the brand', () => {
    const index = buildPopularIndex({ version: 1, date: '2026-11-01', source: 'test', curated: true, models: [], orgs: [], brands: { acmebrand: [] }, republishers: [] });
    const suspects = findSuspects('acmebrand-official/model', index);
    expect(suspects[0]?.intended).toBe('acmebrand');
    expect(suspects[0]?.detail).toContain('not published on the hub');
  });
});

describe('squats modelled on real cases', () => {
  const rows = lines('realistic-squats.tsv').map((l) => {
    const [source, technique, id, intended] = l.split('\t');
    return { source, technique, id, intended };
  });

  it('catches every one, with the intended model or organisation named', async () => {
    const index = loadPopularIndex();
    const byTechnique = new Map<string, { found: number; total: number }>();
    const missed: string[] = [];
    for (const row of rows) {
      const findings = await checkTyposquat(target(row.id), null, offline(), index);
      const imitates = findings.map((f) => String(f.evidence?.imitates ?? '').toLowerCase());
      const intended = row.intended.toLowerCase();
      // An organisation target is satisfied by any of its models.
      const hit = imitates.some((i) => i === intended || (!intended.includes('/') && i.startsWith(`${intended}/`)));
      const stat = byTechnique.get(row.technique) ?? { found: 0, total: 0 };
      stat.total += 1;
      stat.found += hit ? 1 : 0;
      byTechnique.set(row.technique, stat);
      if (!hit) missed.push(`${row.id} (wanted ${row.intended}, got ${imitates.join(', ') || 'nothing'})`);
    }
    console.log(
      `realistic squats: ${rows.length - missed.length}/${rows.length}\n` +
        [...byTechnique].map(([t, s]) => `  ${t.padEnd(24)} ${s.found}/${s.total}`).join('\n') +
        (missed.length ? `\n  missed: ${missed.join('\n  missed: ')}` : ''),
    );
    expect(rows.length).toBeGreaterThanOrEqual(50);
    expect(missed).toEqual([]);
  });
});

describe('a popular model name copied under a new owner (needs the hub)', () => {
  let hub: HubServer;
  const snapshot = (): PopularSnapshot => ({
    version: 1,
    date: '2026-11-01',
    source: 'test',
    curated: true,
    models: [{ id: 'openai/privacy-filter' }, { id: 'meta-llama/Llama-3.1-8B-Instruct' }],
    orgs: [],
    brands: { openai: ['openai'] },
    republishers: ['TheBloke'],
  });
  const ctx = (): AssessContext => ({ policy: defaultPolicy(), hub: createHubClient({ endpoint: hub.url, retries: 0 }), log: silent, now: new Date('2026-11-25T00:00:00.000Z') });
  async function check(id: string) {
    const c = ctx();
    const facts = await c.hub!.modelFacts(id, null);
    return checkTyposquat(target(id), facts, c, buildPopularIndex(snapshot()));
  }

  beforeAll(async () => {
    hub = await startHubServer({ root: path.join(FIXTURES, 'hub') });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('reports the copy by a brand-new unverified owner (Open-OSS/privacy-filter)', async () => {
    const findings = await check('Open-OSS/privacy-filter');
    const clone = findings.find((f) => f.evidence?.technique === 'cloned-name');
    expect(clone).toBeDefined();
    expect(clone!.rule).toBe('MG220');
    expect(clone!.severity).toBe('high');
    expect(clone!.evidence?.imitates).toBe('openai/privacy-filter');
    expect(clone!.fix).toContain('openai/privacy-filter');
  });

  it('stays quiet on an established mirror and on a declared derivative', async () => {
    expect(await check('old-mirror/privacy-filter')).toEqual([]);
    expect(await check('mirror-lab/privacy-filter')).toEqual([]);
  });

  it('reports a copy that does not exist yet as registrable (MG225)', async () => {
    const findings = await check('ghost-team/privacy-filter');
    expect(findings.map((f) => f.rule)).toContain('MG225');
  });

  it('never takes a popular-looking clone (inflated downloads) into the index as a reference point', async () => {
    const index = buildPopularIndex(snapshot());
    await refreshPopularIndex(index, ctx().hub!);
    expect(index.models.has('open-oss/privacy-filter')).toBe(false);
    expect(index.orgs.has('open-oss')).toBe(false);
    // ...so the clone is still reported afterwards.
    const c = ctx();
    const findings = await checkTyposquat(target('Open-OSS/privacy-filter'), await c.hub!.modelFacts('Open-OSS/privacy-filter', null), c, index);
    expect(findings.some((f) => f.evidence?.technique === 'cloned-name')).toBe(true);
  });

  it('says nothing about a same-name copy offline, where nothing tells a mirror from a clone', async () => {
    expect(await checkTyposquat(target('Open-OSS/privacy-filter'), null, offline(), buildPopularIndex(snapshot()))).toEqual([]);
  });
});
