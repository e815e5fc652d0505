// Fixtures written by __tests__/fixtures/artifacts/generate.py with real torch, numpy,
// scikit-learn and joblib: benign files stay below medium, every malicious construct is high+.
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { copyFile, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inspectLocal, scanArtifact } from '../../src/artifacts/scan.js';
import { LocalByteSource } from '../../src/artifacts/source.js';
import type { ArtifactReport } from '../../src/types.js';
import { LIMITS, RANK, allFindings, allGlobals, maxRank } from './helpers.js';

const DIR = join(process.cwd(), '__tests__', 'fixtures', 'artifacts');

async function scan(rel: string): Promise<ArtifactReport> {
  const source = new LocalByteSource(rel, join(DIR, rel));
  try {
    return await scanArtifact(source, rel, LIMITS);
  } finally {
    await source.close();
  }
}
const rules = (r: ArtifactReport): string[] => allFindings(r).map((f) => f.rule);

describe('benign fixtures', () => {
  it.each(readdirSync(join(DIR, 'benign')).filter((f) => !f.endsWith('.lzma')))('%s has nothing at medium or above', async (f) => {
    const r = await scan(`benign/${f}`);
    expect(maxRank(r)).toBeLessThan(RANK.medium);
    expect(r.format).not.toBe('unknown');
  });
});

describe('malicious fixtures', () => {
  it.each(readdirSync(join(DIR, 'malicious')))('%s is high or critical', async (f) => {
    expect(maxRank(await scan(`malicious/${f}`))).toBeGreaterThanOrEqual(RANK.high);
  });
});

describe('what the scanner reports', () => {
  it('detects PyTorch formats from bytes, whatever the folder name', async () => {
    expect((await scan('benign/state_dict.pt')).format).toBe('pytorch-zip');
    expect((await scan('benign/renamed_folder.pt')).format).toBe('pytorch-zip');
    expect((await scan('benign/state_dict_legacy.pt')).format).toBe('pytorch-legacy');
    expect((await scan('benign/legacy_tar.pt')).format).toBe('pytorch-tar');
    expect((await scan('torchscript.pt')).format).toBe('torchscript');
    expect(rules(await scan('torchscript.pt'))).toContain('MG545');
  });
  it('lists the allowed globals of a state dict, and reads only the pickle of a zip checkpoint', async () => {
    const r = await scan('benign/checkpoint.pt');
    expect(r.globals.map((g) => `${g.module}.${g.name}`)).toEqual(expect.arrayContaining(['torch._utils._rebuild_tensor_v2', 'collections.OrderedDict']));
    expect(r.globals.every((g) => g.classification === 'allowed')).toBe(true);
  });
  it('marks the dangerous call with its arguments', async () => {
    const r = await scan('malicious/os_system_v2.pkl');
    const call = r.findings.find((f) => f.rule === 'MG540');
    expect(call?.evidence).toMatchObject({ module: 'posix', name: 'system', called: true, arguments: '("echo pwned")' });
  });
  it('resolves STACK_GLOBAL operands from the memo and dotted names', async () => {
    expect((await scan('malicious/stack_global_memo.pkl')).globals).toEqual([expect.objectContaining({ module: 'os', name: 'system', called: true, classification: 'dangerous' })]);
    expect((await scan('malicious/dotted_name.pkl')).globals[0]).toMatchObject({ module: 'numpy', name: 'os.system', classification: 'dangerous' });
  });
  it('follows partial chains and string resolvers', async () => {
    const partial = await scan('malicious/partial_chain.pkl');
    expect(partial.globals.find((g) => g.name === 'system')?.called).toBe(true);
    expect(rules(await scan('malicious/pkgutil_resolve.pkl'))).toContain('MG540');
  });
  it('reports what ran before a stream broke, and the break', async () => {
    const r = await scan('malicious/truncated_after_call.pkl');
    expect(rules(r)).toEqual(expect.arrayContaining(['MG540', 'MG543']));
  });
  it('scans every pickle in a stream and pickles hidden under other names', async () => {
    expect(rules(await scan('malicious/second_pickle.pkl'))).toContain('MG540');
    expect(rules(await scan('malicious/hidden_member.zip'))).toContain('MG540');
    const disguised = await scan('malicious/disguised.txt');
    expect(disguised.claimedFormat).toBe('text');
    expect(rules(disguised)).toEqual(expect.arrayContaining(['MG540', 'MG553']));
  });
  it('steps over joblib array data and reports sklearn classes low', async () => {
    const r = await scan('benign/sklearn_pipeline.joblib');
    expect(r.format).toBe('joblib');
    expect(r.findings.every((f) => f.rule === 'MG542' && f.severity === 'low')).toBe(true);
    expect(rules(await scan('malicious/sklearn_os_system.joblib.xz'))).toContain('MG540');
  });
  it('reports dill and cloudpickle functions serialised with their bytecode', async () => {
    for (const f of ['malicious/dill_function.pkl', 'malicious/cloudpickle_lambda.pkl']) {
      const r = await scan(f);
      expect(r.globals.some((g) => g.called && g.classification === 'dangerous' && /bytecode/.test(g.reason ?? ''))).toBe(true);
    }
  });
  it('reports a module rewritten by BUILD', async () => {
    const r = await scan('malicious/build_setstate.pkl');
    expect(r.findings.find((f) => f.rule === 'MG540')?.message).toMatch(/overwrites attributes of torch\._utils\._rebuild_tensor/);
  });
  it('reports archive tricks', async () => {
    expect(rules(await scan('malicious/traversal.zip'))).toContain('MG547');
    expect(rules(await scan('malicious/duplicate.zip'))).toEqual(expect.arrayContaining(['MG549', 'MG540']));
    const tar = await scan('malicious/link.tar');
    expect(tar.findings.find((f) => f.rule === 'MG548')?.severity).toBe('high');
    expect(rules(tar)).toContain('MG540');
    expect(rules(await scan('malicious/header_mismatch.zip'))).toContain('MG551');
    expect(rules(await scan('malicious/bomb.zip'))).toContain('MG550');
    expect(rules(await scan('malicious/encrypted_flag.pt'))).toEqual(expect.arrayContaining(['MG552', 'MG540']));
  });
  it('decompresses legacy .lzma (LZMA alone) and scans the joblib inside', async () => {
    const report = await scan('benign/sklearn_pipeline.joblib.lzma');
    expect(report.format).toBe('joblib');
    expect(allGlobals(report).map((g) => g.name)).toContain('NumpyArrayWrapper');
    expect(rules(report)).not.toContain('MG544');
  });
  it('does not follow a symlink out of an inspected folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mg-inspect-'));
    try {
      await copyFile(join(DIR, 'malicious', 'os_system_v2.pkl'), join(dir, 'model.pkl'));
      await symlink('/etc/passwd', join(dir, 'escape.bin'));
      await symlink(join(dir, 'model.pkl'), join(dir, 'alias.pkl'));
      const reports = await inspectLocal(dir, LIMITS, '');
      const escape = reports.find((r) => r.path === 'escape.bin');
      expect(escape?.findings[0]).toMatchObject({ rule: 'MG548' });
      expect(escape?.bytesRead).toBe(0);
      expect(reports.find((r) => r.path === 'alias.pkl')?.findings.map((f) => f.rule)).toContain('MG540');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('inspects a folder', async () => {
    const reports = await inspectLocal(join(DIR, 'benign'), LIMITS, '');
    expect(reports.length).toBe(readdirSync(join(DIR, 'benign')).length);
    expect(reports.map((r) => r.path)).toContain('state_dict.pt');
  });
  it('shows paths relative to the working directory, members included', async () => {
    const abs = join(DIR, 'benign', 'bundle.tar');
    const [report] = await inspectLocal(abs, LIMITS);
    const shown = relative(process.cwd(), abs);
    expect(report.path).toBe(shown);
    const paths = (r: ArtifactReport): string[] => [r.path, ...(r.members ?? []).flatMap(paths)];
    expect(paths(report).length).toBeGreaterThan(1);
    for (const p of paths(report)) expect(p.startsWith(shown)).toBe(true);
    const folder = await inspectLocal(join(DIR, 'benign'), LIMITS, 'models/x');
    expect(folder.map((r) => r.path)).toContain('models/x/state_dict.pt');
  });
});
