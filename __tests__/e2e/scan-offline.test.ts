import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import reportSchema from '../../schema/report.schema.json' with { type: 'json' };
import type { Report } from '../../src/types.js';
import { execFileSync } from 'node:child_process';
import { cli, commitAll, sh, tempRepo, writeFiles } from './helpers.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const validate = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);

describe('modelgate scan (offline)', () => {
  it('finds references across languages, judges them and writes a valid JSON report', async () => {
    const dir = tempRepo({
      'train.py': `from transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained("acme/llm-7b", trust_remote_code=True)\n`,
      'serve.sh': `#!/bin/sh\nvllm serve acme/chat-1b --port 8000\n`,
      'config.yaml': `base_model: acme/base-3b\n`,
      'pinned.py': `from transformers import AutoModel\nAutoModel.from_pretrained("acme/pinned", revision="${SHA}")\n`,
    });
    const { code, stdout } = await cli(['scan', dir, '--offline', '--format', 'json']);
    const report = JSON.parse(stdout) as Report;
    expect(validate(report)).toBe(true);
    expect(report.references.map((r) => r.id).sort()).toEqual(['acme/base-3b', 'acme/chat-1b', 'acme/llm-7b', 'acme/pinned']);
    const trc = report.findings.find((f) => f.rule === 'MG501');
    expect(trc).toMatchObject({ file: 'train.py', line: 2, severity: 'high', blocking: true, model: 'acme/llm-7b' });
    expect(report.findings.filter((f) => f.rule === 'MG301').map((f) => f.model).sort()).toEqual(['acme/base-3b', 'acme/chat-1b', 'acme/llm-7b']);
    expect(report.findings.filter((f) => f.rule === 'MG006')).toHaveLength(4);
    expect(report.skipped.join(' ')).toContain('offline');
    expect(report.verdict).toBe('fail');
    expect(code).toBe(1);
    // every model's findings point back into the findings list
    for (const m of report.models) for (const i of m.findings) expect(report.findings[i].model).toBe(m.id);
  });

  it('passes under a policy that lowers the rule, and reads the policy file', async () => {
    const dir = tempRepo({
      'a.py': `from transformers import AutoModel\nAutoModel.from_pretrained("acme/x", trust_remote_code=True)\n`,
      '.github/modelgate.yml': 'rules:\n  MG501: medium\n',
    });
    const { code, stdout } = await cli(['scan', dir, '--offline']);
    expect(stdout).toContain('verdict: PASS');
    expect(code).toBe(0);
    const strict = await cli(['scan', dir, '--offline', '--fail-on', 'medium']);
    expect(strict.code).toBe(1);
  });

  it('keeps going past bad files and says which ones', async () => {
    const dir = tempRepo({
      'broken.yaml': 'model: [acme/x\n',
      'binary.py': Buffer.from([0x00, 0x01, 0x02, 0x66, 0x72, 0x6f, 0x6d]),
      'bad.ipynb': '{"cells": [',
      'ok.py': `from transformers import AutoModel\nAutoModel.from_pretrained("acme/ok")\n`,
    });
    const { stdout } = await cli(['scan', dir, '--offline', '--format', 'json']);
    const report = JSON.parse(stdout) as Report;
    const unreadable = report.findings.filter((f) => f.rule === 'MG001').map((f) => f.file).sort();
    expect(unreadable).toEqual(['bad.ipynb', 'binary.py', 'broken.yaml']);
    expect(report.references.map((r) => r.id)).toContain('acme/ok');
  });

  it('does not follow a symlink out of the repository', async () => {
    const outside = tempRepo({ 'secret.py': `from transformers import AutoModel\nAutoModel.from_pretrained("outside/model")\n` }, false);
    const dir = tempRepo({ 'in.py': `from transformers import AutoModel\nAutoModel.from_pretrained("acme/in")\n` }, false);
    symlinkSync(join(outside, 'secret.py'), join(dir, 'link.py'));
    symlinkSync(outside, join(dir, 'linked-dir'));
    const { stdout } = await cli(['scan', dir, '--offline', '--format', 'json']);
    const ids = (JSON.parse(stdout) as Report).references.map((r) => r.id);
    expect(ids).toEqual(['acme/in']);
  });

  it('exits 2 with the key and line of an invalid policy', async () => {
    const dir = tempRepo({ '.github/modelgate.yml': 'fail-on: hihg\n', 'a.py': 'x = 1\n' });
    const { code, stderr } = await cli(['scan', dir, '--offline']);
    expect(code).toBe(2);
    expect(stderr).toContain('.github/modelgate.yml:1: fail-on');
  });

  it('exits 2 on usage errors and a non-git folder in PR mode', async () => {
    expect((await cli(['scan', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    const dir = tempRepo({ 'a.py': 'x = 1\n' }, false);
    const pr = await cli(['scan', dir, '--offline', '--base', 'main']);
    expect(pr.code).toBe(2);
    expect(pr.stderr).toContain('not a git repository');
  });
});

describe('modelgate scan --base (PR mode on a real git repository)', () => {
  it('marks what the change introduces and fails only on that', async () => {
    const dir = tempRepo({
      'app/model.py': `from transformers import AutoModel\nm = AutoModel.from_pretrained("acme/old", trust_remote_code=True)\n`,
      'README.md': '# demo\n',
    });
    const base = commitAll(dir, 'base');
    // The existing reference moves down two lines; a new one is added with remote code.
    writeFiles(dir, {
      'app/model.py': `from transformers import AutoModel\n\n\nm = AutoModel.from_pretrained("acme/old", trust_remote_code=True)\nn = AutoModel.from_pretrained("acme/new", trust_remote_code=True)\n`,
    });
    const head = commitAll(dir, 'head');
    const { code, stdout } = await cli(['scan', dir, '--offline', '--format', 'json', '--base', base, '--head', head]);
    const report = JSON.parse(stdout) as Report;
    expect(report.mode).toBe('diff');
    const byId = Object.fromEntries(report.references.map((r) => [r.id, r]));
    expect(byId['acme/old']).toMatchObject({ introduced: false, line: 4 });
    expect(byId['acme/new']).toMatchObject({ introduced: true, line: 5 });
    const remote = report.findings.filter((f) => f.rule === 'MG501');
    expect(remote.find((f) => f.model === 'acme/old')).toMatchObject({ introduced: false, blocking: false });
    expect(remote.find((f) => f.model === 'acme/new')).toMatchObject({ introduced: true, blocking: true });
    expect(code).toBe(1);

    // Without the new line the change introduces nothing that fails.
    writeFiles(dir, { 'app/model.py': `from transformers import AutoModel\n\n\nm = AutoModel.from_pretrained("acme/old", trust_remote_code=True)\n` });
    const worktree = await cli(['scan', dir, '--offline', '--base', base]);
    expect(worktree.code).toBe(0);
  });

  it('names the fix when the base commit is missing', async () => {
    const dir = tempRepo({ 'a.py': 'x = 1\n' });
    commitAll(dir, 'one');
    const { code, stderr } = await cli(['scan', dir, '--offline', '--base', 'deadbeef'.repeat(5)]);
    expect(code).toBe(2);
    expect(stderr).toContain('fetch-depth: 0');
  });
});

describe('modelgate where', () => {
  it('lists every line that references a model', async () => {
    const dir = tempRepo({
      'a.py': `from transformers import AutoModel\nAutoModel.from_pretrained("acme/x")\nAutoModel.from_pretrained("acme/y")\n`,
      'b.sh': 'huggingface-cli download acme/x\n',
    });
    const { code, stdout } = await cli(['where', 'https://huggingface.co/acme/x', dir]);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').map((l) => l.split('  ')[0])).toEqual(['a.py:2:27', 'b.sh:1:26']);
  });
});

describe('push targets', () => {
  it('are reported as references but not judged or assessed', async () => {
    const dir = tempRepo({ 'train.yaml': 'base_model: acme/base\nhub_model_id: acme/my-finetune\n' });
    const report = JSON.parse((await cli(['scan', dir, '--offline', '--format', 'json'])).stdout) as Report;
    expect(report.references.map((r) => r.id).sort()).toEqual(['acme/base', 'acme/my-finetune']);
    expect(report.models.map((m) => m.id)).toEqual(['acme/base']);
    expect(report.findings.filter((f) => f.model === 'acme/my-finetune')).toEqual([]);
  });
});

describe('shallow checkouts', () => {
  it('fetch the missing base commit from origin before comparing', async () => {
    const upstream = tempRepo({ 'a.py': `from transformers import AutoModel\nAutoModel.from_pretrained("acme/a")\n` });
    const base = commitAll(upstream, 'base');
    writeFiles(upstream, { 'b.py': `from transformers import AutoModel\nAutoModel.from_pretrained("acme/b", trust_remote_code=True)\n` });
    commitAll(upstream, 'head');
    sh(upstream, 'config', 'uploadpack.allowReachableSHA1InWant', 'true');
    const clone = tempRepo({}, false);
    execFileSync('git', ['clone', '-q', '--depth=1', `file://${upstream}`, clone + '/c']);
    const dir = clone + '/c';
    expect(() => sh(dir, 'cat-file', '-e', `${base}^{commit}`)).toThrow();
    const { code, stdout, stderr } = await cli(['scan', dir, '--offline', '--format', 'json', '--base', base]);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as Report;
    expect(report.references.find((r) => r.id === 'acme/a')?.introduced).toBe(false);
    expect(report.references.find((r) => r.id === 'acme/b')?.introduced).toBe(true);
    expect(code).toBe(1);
  });
});
