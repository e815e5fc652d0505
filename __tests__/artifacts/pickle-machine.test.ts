// Opcode-level behaviour of the symbolic machine, and fuzzing of every parser with fast-check.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPickle } from '../../src/artifacts/pickle/machine.js';
import { classifyGlobal } from '../../src/artifacts/pickle/classify.js';
import { scanArtifact } from '../../src/artifacts/scan.js';
import { MemoryByteSource } from '../../src/artifacts/source.js';
import { LIMITS } from './helpers.js';

const L = { maxOps: 1e6, maxStackDepth: 1000, maxMemoEntries: 1000, deadline: Date.now() + 60_000 };
const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('pickle machine', () => {
  it('runs protocol 0 GLOBAL/REDUCE and records the call', () => {
    const r = runPickle(bytes("cos\nsystem\n(S'echo'\ntR."), 0, L);
    expect(r.error).toBeUndefined();
    expect(r.globals).toEqual([expect.objectContaining({ module: 'os', name: 'system', called: true, calledWith: '("echo")' })]);
  });
  it('follows rebuilders that call what they are handed', () => {
    // _rebuild_from_type_v2(func, new_type, args, state) calls func(*args)
    const r = runPickle(bytes('\x80\x02ctorch._tensor\n_rebuild_from_type_v2\n(cos\nsystem\nctorch\nTensor\nX\x04\x00\x00\x00echo\x85}tR.'), 0, L);
    expect(r.error).toBeUndefined();
    expect(r.globals.find((g) => g.name === 'system')?.called).toBe(true);
    expect(r.globals.find((g) => g.name === '_rebuild_from_type_v2')?.called).toBe(true);
  });
  it('maps Python 2 module names', () => {
    expect(runPickle(bytes('c__builtin__\neval\n.'), 0, L).globals[0].module).toBe('builtins');
  });
  it('fails on a missing memo key but keeps what ran', () => {
    const r = runPickle(bytes('cos\nsystem\nh\x05.'), 0, L);
    expect(r.error?.message).toContain('memo key 5');
    expect(r.globals).toHaveLength(1);
  });
  it('accepts frames the way the C unpickler does (nested frames are not an error)', () => {
    const r = runPickle(bytes('\x80\x04\x95\x0a\x00\x00\x00\x00\x00\x00\x00\x95\x01\x00\x00\x00\x00\x00\x00\x00cos\nsystem\n.'), 0, L);
    expect(r.error).toBeUndefined();
    expect(r.globals[0]).toMatchObject({ module: 'os', name: 'system' });
  });
  it('does not stop where the loader goes on: odd ints, BUILD on values, SETITEM on lists', () => {
    const r = runPickle(bytes('I0x10\n0)}b0]K\x00K\x01s0cos\nsystem\n.'), 0, L);
    expect(r.error).toBeUndefined();
    expect(r.globals).toHaveLength(1);
  });
  it('records a STACK_GLOBAL whose operands are computed at load time', () => {
    const r = runPickle(bytes('\x80\x04cbuiltins\nstr\n)RV.x\n\x93.'), 0, L);
    expect(r.globals.map((g) => g.module)).toContain('<computed at load time>');
  });
  it('stops at the op budget with a limit error', () => {
    const r = runPickle(new Uint8Array(5000).fill(0x4e), 0, { ...L, maxOps: 100, maxStackDepth: 1e6 });
    expect(r.error).toMatchObject({ kind: 'limit', limit: 'maxPickleOps' });
  });
  it('stops at the stack budget', () => {
    expect(runPickle(new Uint8Array(5000).fill(0x28), 0, L).error).toMatchObject({ kind: 'limit', limit: 'maxStackDepth' });
  });
  it('stops at the memo budget', () => {
    const data = bytes('\x80\x04N' + '\x94'.repeat(2000) + '.');
    expect(runPickle(data, 0, L).error).toMatchObject({ kind: 'limit', limit: 'maxMemoEntries' });
  });
  it('handles MARK-based containers and SETITEMS', () => {
    const r = runPickle(bytes('\x80\x02}q\x00(X\x01\x00\x00\x00aK\x01X\x01\x00\x00\x00b]q\x01(K\x01K\x02eu.'), 0, L);
    expect(r.error).toBeUndefined();
    expect(r.result).toMatchObject({ k: 'dict' });
  });
});

describe('regressions found while benchmarking and fuzzing', () => {
  it('a stream cut inside a GLOBAL line is truncated, not bad UTF-8', () => {
    const r = runPickle(bytes('\x80\x02ctorch._ut'), 0, L);
    expect(r.error?.kind).toBe('truncated');
  });
  it('hundreds of thousands of globals do not overflow the call stack', async () => {
    const one = 'ctorch._utils\n_rebuild_tensor_v2\n0';
    const data = bytes('\x80\x02' + one.repeat(300_000) + 'N.');
    const r = await scanArtifact(new MemoryByteSource('many.pkl', data), 'many.pkl', LIMITS);
    expect(r.findings).toEqual([]);
    expect(r.globals).toHaveLength(1);
  });
  it('a PyTorch zip whose data.pkl is not a pickle is reported, not skipped', async () => {
    const { zipSync } = await import('fflate');
    const data = zipSync({ 'archive/data.pkl': [bytes('hello world'), { level: 0 }] });
    const r = await scanArtifact(new MemoryByteSource('m.pt', data), 'm.pt', LIMITS);
    expect(r.findings.map((f) => f.rule)).toContain('MG543');
  });
});

describe('pickles after the first', () => {
  it('scans a second pickle whatever opcode it starts with, and ignores trailing padding', async () => {
    const second = await scanArtifact(new MemoryByteSource('p', bytes('\x80\x02N.K\x010cos\nsystem\n.')), 'p.pkl', LIMITS);
    expect(second.globals.map((g) => g.name)).toContain('system');
    const padded = await scanArtifact(new MemoryByteSource('p', bytes('\x80\x02N.\x00\x00\x00\x00')), 'p.pkl', LIMITS);
    expect(padded.findings).toEqual([]);
  });
});

describe('allowlist', () => {
  it.each([
    ['torch._utils', '_rebuild_tensor_v2', 'allowed'],
    ['collections', 'OrderedDict', 'allowed'],
    ['numpy.core.multiarray', '_reconstruct', 'allowed'],
    ['_codecs', 'encode', 'allowed'],
    ['builtins', 'getattr', 'dangerous'],
    ['operator', 'attrgetter', 'dangerous'],
    ['pydoc', 'locate', 'dangerous'],
    ['runpy', '_run_code', 'dangerous'],
    ['torch', 'load', 'dangerous'],
    ['numpy', 'testing.os.system', 'dangerous'],
    ['torch.nn.modules.linear', 'Linear', 'unknown'],
    ['mypackage', 'Thing', 'unknown'],
  ])('%s.%s is %s', (module, name, expected) => {
    expect(classifyGlobal(module, name).classification).toBe(expected);
  });
});

describe('fuzzing: no input crashes, hangs or escapes the budgets', () => {
  const seeds = readdirSync(join(process.cwd(), '__tests__', 'fixtures', 'artifacts', 'malicious'))
    .filter((f) => f.endsWith('.pkl'))
    .map((f) => readFileSync(join(process.cwd(), '__tests__', 'fixtures', 'artifacts', 'malicious', f)).subarray(0, 4096));
  it('the machine never throws on mutated pickles', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (seed, edits) => {
        const data = Uint8Array.from(seed);
        for (const [at, v] of edits) if (data.length) data[at % data.length] = v;
        const r = runPickle(data, 0, { ...L, maxOps: 10_000 });
        expect(r.ops).toBeLessThanOrEqual(10_001);
      }),
      { numRuns: 2000, seed: 42 },
    );
  });
  it('the dispatcher never throws on random or mutated bytes', async () => {
    const prefixes = [bytes('PK\x03\x04'), bytes('\x1f\x8b'), bytes('BZh9'), bytes('\x93NUMPY'), bytes('\x80\x02'), new Uint8Array(0)];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 600 }), async (prefix, tail) => {
        const data = new Uint8Array(prefix.length + tail.length);
        data.set(prefix);
        data.set(tail, prefix.length);
        const r = await scanArtifact(new MemoryByteSource('fuzz', data), 'fuzz.bin', LIMITS);
        expect(Array.isArray(r.findings)).toBe(true);
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
