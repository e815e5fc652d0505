import { describe, expect, it } from '@jest/globals';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderTextSource, inspectLocalCode } from '../../src/code/local.js';

const fixtureRepo = fileURLToPath(new URL('../fixtures/code/hub/shady/tiny-chat/files', import.meta.url));

describe('inspectLocalCode', () => {
  it('plans and scans the custom code of a model folder', async () => {
    const { plan, findings } = await inspectLocalCode(fixtureRepo, 'shady/tiny-chat');
    expect(plan.files.map((f) => f.path).sort()).toContain('utils/helpers.py');
    const rules = new Set(findings.map((f) => f.rule));
    for (const r of ['MG580', 'MG581', 'MG582', 'MG593', 'MG592', 'MG598']) expect(rules).toContain(r);
  });

  it('never reads outside the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'modelgate-local-code-'));
    try {
      await mkdir(join(dir, 'model'));
      await writeFile(join(dir, 'secret.py'), 'import os\nos.system("id")\n');
      await symlink(join(dir, 'secret.py'), join(dir, 'model', 'linked.py'));
      const source = folderTextSource(join(dir, 'model'), 'x/y');
      expect(await source.fetchText('x/y', 'local', '../secret.py')).toBeNull();
      expect(await source.fetchText('x/y', 'local', 'linked.py')).toBeNull();
      await expect(source.fetchText('other/repo', 'main', 'a.py')).rejects.toThrow(/RepoNotFound/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
