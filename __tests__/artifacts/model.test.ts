// Scanning a hub model's files through the real hub client against the local hub server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectHubModel, scanModelArtifacts, selectArtifacts } from '../../src/artifacts/model.js';
import { createHubClient } from '../../src/hub/client.js';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';
import { LIMITS } from './helpers.js';

const FIX = join(process.cwd(), '__tests__', 'fixtures', 'artifacts');
let root: string;
let hub: HubServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mg-artifacts-'));
  const files = join(root, 'acme', 'bad-model', 'files');
  await mkdir(files, { recursive: true });
  await writeFile(join(root, 'acme', 'bad-model', 'repo.json'), '{}');
  await copyFile(join(FIX, 'malicious', 'state_dict_os_system.pt'), join(files, 'pytorch_model.bin'));
  await copyFile(join(FIX, 'benign', 'sklearn_pipeline.joblib'), join(files, 'model.joblib'));
  await writeFile(join(files, 'config.json'), '{"model_type": "bert"}');
  await writeFile(join(files, 'README.md'), '# a model\n');
  hub = await startHubServer({ root });
});

afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

describe('selectArtifacts', () => {
  it('keeps weights, pickles, archives and configs, pickles first', () => {
    const chosen = selectArtifacts([{ path: 'README.md', size: 1 }, { path: 'model.safetensors', size: 1 }, { path: 'config.json', size: 1 }, { path: 'pytorch_model.bin', size: 1 }, { path: 'x.tar.gz', size: 1 }]);
    expect(chosen.map((f) => f.path)).toEqual(['pytorch_model.bin', 'x.tar.gz', 'model.safetensors', 'config.json']);
  });
});

describe('scanModelArtifacts', () => {
  it('scans the chosen files by range through the hub client', async () => {
    const client = createHubClient({ endpoint: hub.url });
    const facts = await client.modelFacts('acme/bad-model', null);
    const reports = await scanModelArtifacts(facts, client, { ...LIMITS, maxArtifactsPerModel: 10 });
    const bin = reports.find((r) => r.path === 'pytorch_model.bin');
    expect(bin?.format).toBe('pytorch-zip');
    expect(bin?.findings.find((f) => f.rule === 'MG540')?.model).toBe('acme/bad-model');
    expect(reports.map((r) => r.path)).not.toContain('README.md');
  });
  it('reports the files it did not reach', async () => {
    const client = createHubClient({ endpoint: hub.url });
    const facts = await client.modelFacts('acme/bad-model', null);
    const reports = await scanModelArtifacts(facts, client, { ...LIMITS, maxArtifactsPerModel: 1 });
    const missed = reports.flatMap((r) => r.findings).find((f) => f.rule === 'MG544');
    expect(missed?.evidence).toMatchObject({ count: 2 });
  });
  it('inspects org/name[@revision], and turns a missing model into a finding', async () => {
    const client = createHubClient({ endpoint: hub.url });
    const ok = await inspectHubModel('acme/bad-model', client, { ...LIMITS, maxArtifactsPerModel: 10 });
    expect(ok.reports.map((r) => r.path)).toContain('pytorch_model.bin');
    const missing = await inspectHubModel('acme/nope@main', client, { ...LIMITS, maxArtifactsPerModel: 10 });
    expect(missing.facts.status).toBe('not-found');
    expect(missing.reports[0].findings[0]).toMatchObject({ rule: 'MG544', evidence: { status: 'not-found' } });
  });
});
