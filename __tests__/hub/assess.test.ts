// Hub facts -> findings, against the local hub server with the real client.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assessHub } from '../../src/hub/assess.js';
import { createHubClient } from '../../src/hub/client.js';
import { defaultPolicy } from '../../src/policy/load.js';
import type { AssessContext, ModelReference, ModelTarget, Policy } from '../../src/types.js';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';
import { silentLog, standardHub } from './fixture-hub.js';

let server: HubServer;
beforeAll(async () => {
  server = await startHubServer({ root: await standardHub(), token: 'hf_tok' });
});
afterAll(() => server.close());

function target(id: string, revision: string | null = null, flags: ModelReference['flags'] = {}): ModelTarget {
  const ref: ModelReference = { id, raw: id, revision, repoType: 'model', kind: 'from_pretrained', call: 'AutoModel.from_pretrained', flags, confidence: 'high', file: 'app.py', line: 3, column: 1 };
  return { id, revision, repoType: 'model', references: [ref] };
}

function ctx(policyChange: (p: Policy) => void = () => undefined, opts: { token?: string | null; retries?: number } = {}): AssessContext {
  const policy = defaultPolicy();
  policyChange(policy);
  const hub = createHubClient({ endpoint: server.url, token: opts.token === undefined ? 'hf_tok' : opts.token, retries: opts.retries, backoffMs: 5, log: silentLog });
  return { policy, hub, log: silentLog, now: new Date('2026-11-25T12:00:00Z') };
}

const rules = (r: { findings: { rule: string }[] }) => r.findings.map((f) => f.rule).sort();

describe('assessHub', () => {
  it('finds nothing for a pinned safetensors model from a verified org', async () => {
    const r = await assessHub(target('acme/safe', 'a'.repeat(40)), ctx((p) => (p.require.verifiedPublisher = true)));
    expect(r.facts.status).toBe('ok');
    expect(r.findings).toEqual([]);
  });

  it('suggests the exact pin for an unpinned reference', async () => {
    const r = await assessHub(target('acme/safe'), ctx());
    const pin = r.findings.find((f) => f.rule === 'MG301');
    expect(pin?.fix).toBe(`revision="${'a'.repeat(40)}"`);
    expect(pin?.evidence?.resolvedSha).toBe('a'.repeat(40));
    expect(pin?.severity).toBeUndefined();
    const strict = await assessHub(target('acme/safe', 'main'), ctx((p) => (p.require.pinnedRevision = true)));
    expect(strict.findings.find((f) => f.rule === 'MG301')?.severity).toBe('high');
  });

  it('reports pickle-only weights and the hub scanners in their own words', async () => {
    const r = await assessHub(target('acme/pickled', null), ctx((p) => Object.assign(p.require, { minDownloads: 1000, minAgeDays: 30 })));
    expect(rules(r)).toEqual(['MG206', 'MG207', 'MG301', 'MG520', 'MG601', 'MG602']);
    const unsafe = r.findings.find((f) => f.rule === 'MG601')!;
    expect(unsafe.artifact).toBe('pytorch_model.bin');
    expect(unsafe.message).toContain('os.system (dangerous)');
    expect(r.findings.find((f) => f.rule === 'MG602')!.message).toContain('unknown global');
    expect(r.findings.find((f) => f.rule === 'MG206')!.evidence).toMatchObject({ ageDays: 5 });
  });

  it('reports custom code and cross-repo code references', async () => {
    const r = await assessHub(target('acme/custom', 'main', { trustRemoteCode: true }), ctx((p) => (p.require.noCustomCode = true)));
    const code = r.findings.find((f) => f.rule === 'MG522')!;
    expect(code.severity).toBe('high');
    expect(code.evidence).toMatchObject({ pythonFiles: ['modeling_x.py'], trustRemoteCode: true, allowedByPolicy: false });
    const cross = r.findings.find((f) => f.rule === 'MG523')!;
    expect(cross.evidence).toMatchObject({ codeRepo: 'other-org/code-repo', reference: 'modeling_x.XModel' });
    const allowed = await assessHub(target('acme/custom', 'main'), ctx((p) => Object.assign(p.require, { noCustomCode: true, customCodeAllowed: ['acme/*'] })));
    expect(allowed.findings.find((f) => f.rule === 'MG522')!.severity).toBeUndefined();
  });

  it('reports pickle files beside safetensors, higher when the policy wants safetensors only', async () => {
    const r = await assessHub(target('openai-community/gpt2', 'main'), ctx());
    expect(r.findings.find((f) => f.rule === 'MG521')?.severity).toBeUndefined();
    const strict = await assessHub(target('openai-community/gpt2', 'main'), ctx((p) => (p.require.safetensorsOnly = true)));
    expect(strict.findings.find((f) => f.rule === 'MG521')?.severity).toBe('high');
  });

  it('reports renamed and legacy ids with the final id', async () => {
    const renamed = await assessHub(target('old-org/renamed', 'main'), ctx());
    expect(renamed.facts.resolvedId).toBe('new-org/renamed');
    expect(renamed.findings.find((f) => f.rule === 'MG209')).toMatchObject({ evidence: { resolvedId: 'new-org/renamed', legacy: false } });
    const legacy = await assessHub(target('gpt2', 'main'), ctx());
    expect(legacy.findings.find((f) => f.rule === 'MG209')).toMatchObject({ severity: 'low' });
  });

  it('reports a missing model, and whether its namespace is free', async () => {
    const free = await assessHub(target('ghost-org/model'), ctx());
    expect(rules(free)).toEqual(['MG202']);
    expect(free.findings[0].evidence).toMatchObject({ namespaceExists: false });
    expect(free.findings[0].message).toContain('anyone can register it');
    const taken = await assessHub(target('acme/modle'), ctx());
    expect(taken.findings[0].evidence).toMatchObject({ namespaceExists: true });
  });

  it('reports a missing revision and a gated model without access', async () => {
    expect(rules(await assessHub(target('acme/safe', 'v9'), ctx()))).toEqual(['MG302']);
    const gated = await assessHub(target('acme/gated', 'main'), ctx(undefined, { token: null }));
    expect(rules(gated)).toContain('MG203');
  });

  it('flags unverified publishers and young, little-used models only when the policy asks', async () => {
    expect(rules(await assessHub(target('newbie/lonely', 'main'), ctx()))).toEqual(['MG301']);
    const strict = await assessHub(target('newbie/lonely', 'main'), ctx((p) => Object.assign(p.require, { verifiedPublisher: true, minDownloads: 100, minAgeDays: 7 })));
    expect(rules(strict)).toEqual(['MG206', 'MG207', 'MG208', 'MG301']);
  });

  it('fails closed when the hub keeps failing', async () => {
    server.faults.push({ path: '/api/models/acme/safe', status: 502 });
    try {
      const r = await assessHub(target('acme/safe', 'a'.repeat(40)), ctx(undefined, { retries: 1 }));
      expect(r.facts.status).toBe('error');
      expect(rules(r)).toEqual(['MG020']);
      expect(r.findings[0].message).toMatch(/502/);
    } finally {
      server.faults.length = 0;
    }
  });
});
