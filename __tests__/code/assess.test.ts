import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { assessRemoteCode } from '../../src/code/assess.js';
import { createHubClient } from '../../src/hub/client.js';
import { defaultPolicy } from '../../src/policy/load.js';
import type { AssessContext, HubClient, ModelReference, ModelTarget } from '../../src/types.js';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';

const log = { info: () => undefined, warn: () => undefined, debug: () => undefined };
let server: HubServer;
let hub: HubClient;
let ctx: AssessContext;

beforeAll(async () => {
  server = await startHubServer({ root: fileURLToPath(new URL('../fixtures/code/hub', import.meta.url)) });
  hub = createHubClient({ endpoint: server.url, backoffMs: 5, retries: 1 });
  ctx = { policy: defaultPolicy(), hub, log, now: new Date('2026-01-01') };
});
afterAll(() => server.close());

const ref = (id: string, trust: boolean | undefined): ModelReference => ({
  id, raw: id, revision: null, repoType: 'model', kind: 'from_pretrained', call: 'AutoModel.from_pretrained',
  flags: trust === undefined ? {} : { trustRemoteCode: trust }, confidence: 'high', file: 'app.py', line: 3, column: 1,
});
const target = (id: string, references: ModelReference[]): ModelTarget => ({ id, revision: null, repoType: 'model', references });

describe('assessRemoteCode', () => {
  it('lists the files of a benign custom-code model and finds nothing above low', async () => {
    const facts = await hub.modelFacts('acme/aurora-7b', null);
    const { plan, findings } = await assessRemoteCode(target('acme/aurora-7b', [ref('acme/aurora-7b', true)]), facts, ctx);
    expect(plan?.files).toHaveLength(3);
    expect(plan?.revision).toBe(facts.sha);
    const listing = findings.find((f) => f.rule === 'MG580')!;
    expect(listing.message).toContain('modeling_aurora.py');
    expect(findings.filter((f) => f.severity && ['critical', 'high', 'medium'].includes(f.severity)).map((f) => f.message)).toEqual([]);
    expect(findings.every((f) => f.model === 'acme/aurora-7b')).toBe(true);
  });

  it('finds the payload two imports deep, the cross-file exfiltration and the native library', async () => {
    const facts = await hub.modelFacts('shady/tiny-chat', null);
    const { findings } = await assessRemoteCode(target('shady/tiny-chat', []), facts, ctx);
    const by = (rule: string) => findings.filter((f) => f.rule === rule);
    expect(by('MG593')[0]).toMatchObject({ artifact: 'utils/helpers.py', severity: 'critical' });
    expect(by('MG592').map((f) => f.severity)).toContain('critical');
    expect(by('MG582')).toHaveLength(1);
    expect(by('MG598')[0]).toMatchObject({ artifact: 'kernels/libtiny.so' });
  });

  it('only lists, without scanning, when every reference keeps remote code off', async () => {
    const facts = await hub.modelFacts('shady/tiny-chat', null);
    const { plan, findings } = await assessRemoteCode(target('shady/tiny-chat', [ref('shady/tiny-chat', false)]), facts, ctx);
    expect(plan?.files.length).toBeGreaterThan(0);
    expect(findings.some((f) => f.rule === 'MG593')).toBe(false);
    expect(findings.find((f) => f.rule === 'MG580')?.evidence?.remoteCodeAllowed).toBe(false);
  });

  it('does nothing offline or for models without custom code', async () => {
    const facts = await hub.modelFacts('acme/aurora-7b', null);
    expect(await assessRemoteCode(target('acme/aurora-7b', []), facts, { ...ctx, hub: null })).toEqual({ plan: null, findings: [] });
    const plain = { ...facts, autoMap: undefined, tags: [] };
    expect(await assessRemoteCode(target('acme/aurora-7b', [ref('acme/aurora-7b', undefined)]), plain, ctx)).toEqual({ plan: null, findings: [] });
  });
});
