import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockEntry, type Lockfile } from '../../src/provenance/lockfile.js';
import { checkLockfile, LockfileError, readLockfile } from '../../src/provenance/lockfile-check.js';
import type { ModelFacts, ModelTarget } from '../../src/types.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const target: ModelTarget = { id: 'acme/m', revision: null, repoType: 'model', references: [] };

function facts(sha: string, sha256: string): ModelFacts {
  return { id: 'acme/m', resolvedId: 'acme/m', revision: null, status: 'ok', sha, files: [{ path: 'model.safetensors', size: 10, sha256 }] };
}

describe('lockfile', () => {
  const lock: Lockfile = { version: 1, hub: 'https://huggingface.co', models: { 'acme/m': lockEntry(facts(A, '1'.repeat(64)))! } };

  it('is quiet when the hub serves what was locked', () => {
    expect(checkLockfile(target, facts(A, '1'.repeat(64)), lock, 'modelgate.lock.json')).toEqual([]);
  });

  it('reports a moved branch (hosting) and changed bytes at the same commit (download)', () => {
    expect(checkLockfile(target, facts(B, '1'.repeat(64)), lock, 'l.json').map((d) => d.rule)).toEqual(['MG310']);
    const tampered = checkLockfile(target, facts(A, '2'.repeat(64)), lock, 'l.json');
    expect(tampered.map((d) => [d.rule, d.artifact])).toEqual([['MG401', 'model.safetensors']]);
  });

  it('reports models missing from the lockfile', () => {
    const other = { ...target, id: 'acme/other' };
    expect(checkLockfile(other, facts(A, '1'.repeat(64)), lock, 'l.json')[0].rule).toBe('MG311');
  });

  it('rejects a file that is not a lockfile with a message that says how to fix it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mg-lock-'));
    writeFileSync(join(dir, 'bad.json'), '{"version": 7}');
    expect(() => readLockfile(join(dir, 'bad.json'))).toThrow(LockfileError);
    expect(() => readLockfile(join(dir, 'bad.json'))).toThrow(/modelgate lock/);
    expect(readLockfile(join(dir, 'missing.json'))).toBeNull();
  });
});
