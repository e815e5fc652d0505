// The whole pipeline against the local hub server with the demo repositories: the README demo
// as a test, plus inspect and lock.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import reportSchema from '../../schema/report.schema.json' with { type: 'json' };
import type { Report } from '../../src/types.js';
import { startHubServer } from '../../testing/hub-server/index.js';
import { cli } from './helpers.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);
const root = join(import.meta.dirname, '..', '..');
let hub: Awaited<ReturnType<typeof startHubServer>>;

beforeAll(async () => {
  hub = await startHubServer({ root: join(root, 'examples/hub') });
});
afterAll(async () => {
  await hub.close();
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mg-demo-'));
  cpSync(join(root, 'examples/demo-project'), dir, { recursive: true });
  return dir;
}

describe('scan against the local hub', () => {
  it('reports the demo models as documented in examples/hub/README.md', async () => {
    const { code, stdout, stderr } = await cli(['scan', project(), '--hub-url', hub.url, '--format', 'json']);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as Report;
    expect(validate(report)).toBe(true);
    const rulesOf = (id: string) => new Set(report.findings.filter((f) => f.model === id).map((f) => f.rule));
    expect(rulesOf('fresh-uploader/sentiment-smal1')).toEqual(expect.objectContaining({}));
    for (const rule of ['MG221', 'MG540', 'MG601', 'MG520']) expect(rulesOf('fresh-uploader/sentiment-smal1').has(rule)).toBe(true);
    expect(rulesOf('acme-ai/sentimnet-small').has('MG202')).toBe(true);
    expect(rulesOf('legacy-lab/resnet-classic').has('MG520')).toBe(true);
    for (const rule of ['MG501', 'MG522', 'MG523']) expect(rulesOf('research-collective/long-context-chat').has(rule)).toBe(true);
    expect(rulesOf('acme-ai/llama-guarded').has('MG203')).toBe(true);
    // The reviewed, pinned model is clean.
    const pinned = report.models.find((m) => m.id === 'acme-ai/sentiment-small' && m.revision);
    expect(pinned?.findings).toEqual([]);
    // Legacy ids and renames report the id the hub resolved to.
    expect(report.models.find((m) => m.id === 'gpt2')?.resolvedId).toBe('openai-community/gpt2');
    expect(report.models.find((m) => m.id === 'old-team/summarizer')?.resolvedId).toBe('new-team/summarizer');
    // Unpinned references carry the exact pin from the hub, once per line.
    const pins = report.findings.filter((f) => f.rule === 'MG301' && f.model === 'acme-ai/sentiment-small');
    expect(pins).toHaveLength(1);
    expect(pins[0].fix).toBe(`revision="${report.models.find((m) => m.id === 'acme-ai/sentiment-small' && !m.revision)?.resolvedSha}"`);
    // The policy's exception covers the embedding model's MG301.
    expect(report.findings.find((f) => f.rule === 'MG301' && f.model === 'sentence-transformers/all-MiniLM-L6-v2')?.exception?.expired).toBe(false);
    expect(report.stats.hubRequests).toBeGreaterThan(0);
    expect(report.verdict).toBe('fail');
    expect(code).toBe(1);
  });

  it('never sends HF_TOKEN to the artifact host of another origin and never prints it', async () => {
    const token = 'hf_demoSecretToken123';
    const { stdout, stderr } = await cli(['scan', project(), '--hub-url', hub.url], { HF_TOKEN: token });
    expect(stdout + stderr).not.toContain(token);
    const withAuth = hub.requests.filter((r) => r.headers.authorization);
    expect(withAuth.length).toBeGreaterThan(0);
    expect(withAuth.every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
  });

  it('inspects a hub model: artifacts, globals and the code that would run', async () => {
    const { code, stdout } = await cli(['inspect', 'research-collective/long-context-chat', '--hub-url', hub.url, '--format', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(validate(report)).toBe(true);
    expect(report.mode).toBe('inspect');
    expect(report.models[0].codeFiles?.length).toBeGreaterThanOrEqual(2);
    expect(report.artifacts?.length).toBeGreaterThan(0);
    expect(code).toBe(1);
    const bad = await cli(['inspect', 'fresh-uploader/sentiment-smal1', '--hub-url', hub.url]);
    expect(bad.stdout).toMatch(/posix\.system|posix system/);
    expect(bad.stdout).toContain('dangerous');
  });

  it('locks every model, then reports drift when the lockfile disagrees with the hub', async () => {
    const dir = project();
    const locked = await cli(['lock', dir, '--hub-url', hub.url]);
    expect(locked.stdout).toContain('model(s) pinned');
    const lockPath = join(dir, 'modelgate.lock.json');
    const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
    expect(lock.models['acme-ai/sentiment-small'].sha).toMatch(/^[0-9a-f]{40}$/);
    let report = JSON.parse((await cli(['scan', dir, '--hub-url', hub.url, '--format', 'json'])).stdout) as Report;
    // Only the model that does not exist could not be locked.
    expect(locked.stdout).toContain('not locked: acme-ai/sentimnet-small (not-found');
    expect(locked.code).toBe(3);
    const drift = (r: Report) => r.findings.filter((f) => ['MG310', 'MG311', 'MG401'].includes(f.rule)).map((f) => `${f.rule} ${f.model}`);
    expect(drift(report)).toEqual(['MG311 acme-ai/sentimnet-small']);
    lock.models['acme-ai/sentiment-small'].sha = 'f'.repeat(40);
    writeFileSync(lockPath, JSON.stringify(lock));
    report = JSON.parse((await cli(['scan', dir, '--hub-url', hub.url, '--format', 'json'])).stdout) as Report;
    expect(report.findings.some((f) => f.rule === 'MG310' && f.model === 'acme-ai/sentiment-small')).toBe(true);
  });

  it('exits 3 when the only blocking problem is a hub that keeps failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mg-down-'));
    writeFileSync(join(dir, 'a.py'), `from transformers import AutoModel\nAutoModel.from_pretrained("acme-ai/sentiment-small", revision="d2bf07363d5967feef06cc04ebcbbf43b2af3c43")\n`);
    const down = await startHubServer({ root: join(root, 'examples/hub'), faults: [{ path: '/api/', status: 500, times: 1000 }] });
    try {
      const { code, stdout } = await cli(['scan', dir, '--hub-url', down.url, '--format', 'json']);
      const report = JSON.parse(stdout) as Report;
      expect(report.findings.find((f) => f.blocking)?.rule).toBe('MG020');
      expect(code).toBe(3);
    } finally {
      await down.close();
    }
  });
});
