// Rules that generalise beyond single samples: constant getattr lookups (how Python 3.11+ pickles
// enum members) versus getattr as a gadget, library classes and enum members, format-field escapes.
import { describe, expect, it } from '@jest/globals';
import { scanArtifact } from '../../src/artifacts/scan.js';
import { MemoryByteSource } from '../../src/artifacts/source.js';
import { checkChatTemplate } from '../../src/artifacts/formats/chat-template.js';
import type { ArtifactReport } from '../../src/types.js';
import { LIMITS, RANK, allFindings, maxRank } from './helpers.js';

const enc = (s: string): number[] => [...Buffer.from(s, 'latin1')];
const unicode = (s: string): number[] => [0x8c, s.length, ...enc(s)];
const stackGlobal = (m: string, n: string): number[] => [...unicode(m), ...unicode(n), 0x93];

async function scan(bytes: number[]): Promise<ArtifactReport> {
  return scanArtifact(new MemoryByteSource('x.pkl', new Uint8Array(bytes)), 'x.pkl', LIMITS);
}

describe('getattr on a constant', () => {
  it('judges getattr(EnumClass, "MEMBER") as the enum member of a known library, not as a getattr call', async () => {
    const r = await scan([0x80, 4, ...stackGlobal('builtins', 'getattr'), ...stackGlobal('transformers.trainer_utils', 'IntervalStrategy'), ...unicode('STEPS'), 0x86, 0x52, 0x2e]);
    expect(r.globals.map((g) => `${g.module}.${g.name}`)).toContain('transformers.trainer_utils.IntervalStrategy.STEPS');
    expect(r.globals.map((g) => g.name)).not.toContain('getattr');
    expect(maxRank(r)).toBeLessThan(RANK.medium);
  });
  it('still reports getattr reaching a dangerous attribute, a computed object or a dunder', async () => {
    const viaModule = await scan([0x80, 4, ...stackGlobal('builtins', 'getattr'), ...stackGlobal('collections', 'os'), ...unicode('system'), 0x86, 0x52, ...unicode('id'), 0x85, 0x52, 0x2e]);
    expect(maxRank(viaModule)).toBeGreaterThanOrEqual(RANK.high);
    const computed = await scan([0x80, 4, ...stackGlobal('builtins', 'getattr'), ...stackGlobal('importlib', 'import_module'), ...unicode('os'), 0x85, 0x52, ...unicode('system'), 0x86, 0x52, 0x2e]);
    expect(allFindings(computed).map((f) => f.rule)).toContain('MG540');
    const dunder = await scan([0x80, 4, ...stackGlobal('builtins', 'getattr'), ...stackGlobal('collections', 'OrderedDict'), ...unicode('__init__'), 0x86, 0x52, 0x2e]);
    expect(allFindings(dunder).map((f) => f.rule)).toContain('MG540');
  });
});

describe('library classes', () => {
  it('treats scipy.sparse lower-case matrix classes as library classes', async () => {
    const r = await scan([0x80, 4, ...stackGlobal('scipy.sparse._csr', 'csr_matrix'), 0x29, 0x52, 0x2e]);
    expect(maxRank(r)).toBeLessThan(RANK.medium);
  });
  it('treats private rebuild helpers of known libraries as library code, elsewhere not', async () => {
    const pandas = await scan([0x80, 4, ...stackGlobal('pandas._libs.internals', '_unpickle_block'), 0x29, 0x52, 0x2e]);
    expect(maxRank(pandas)).toBeLessThan(RANK.medium);
    const other = await scan([0x80, 4, ...stackGlobal('evilpkg.helpers', '_unpickle_block'), 0x29, 0x52, 0x2e]);
    expect(maxRank(other)).toBeGreaterThanOrEqual(RANK.high);
  });
  it('keeps unknown functions of those libraries high when called', async () => {
    const r = await scan([0x80, 4, ...stackGlobal('scipy.sparse._csr', 'some_helper'), 0x29, 0x52, 0x2e]);
    expect(maxRank(r)).toBeGreaterThanOrEqual(RANK.high);
  });
});

describe('old pickles in the wild', () => {
  const proto2 = (body: string): number[] => [0x80, 2, ...enc(body), 0x2e];
  it('maps Python 2 names as fix_imports does (__builtin__.xrange is range)', async () => {
    const r = await scan(proto2('c__builtin__\nxrange\nK\x00K\x03\x86R'));
    expect(r.globals.map((g) => `${g.module}.${g.name}`)).toEqual(['builtins.range']);
    expect(maxRank(r)).toBeLessThan(RANK.medium);
    const evil = await scan(proto2("c__builtin__\neval\nS'1'\n\x85R"));
    expect(maxRank(evil)).toBe(RANK.critical);
  });
  it('accepts numpy matrix and the joblib < 0.10 array wrappers', async () => {
    for (const [m, n] of [['numpy.matrixlib.defmatrix', 'matrix'], ['joblib.numpy_pickle', 'NDArrayWrapper'], ['joblib.numpy_pickle', 'ZNDArrayWrapper']]) {
      const r = await scan([0x80, 4, ...stackGlobal(m, n), 0x29, 0x81, 0x2e]);
      expect(maxRank(r)).toBeLessThan(RANK.medium);
    }
  });
});

describe('chat templates', () => {
  it('flags str.format fields that walk dunder attributes, not ordinary placeholders', () => {
    const evil = checkChatTemplate("{{ '{0.__class__.__base__}'.format(messages) }}", { path: 't', key: 'chat_template' });
    expect(evil.length).toBeGreaterThan(0);
    const fine = checkChatTemplate("{{ '{0} says {1}'.format(a, b) }}{{ '<__media__>' }}", { path: 't', key: 'chat_template' });
    expect(fine).toEqual([]);
  });
  it('sees through escapes, case filters and syntax only Python Jinja parses', () => {
    for (const t of ["{{ x|attr('\\x5f\\x5fclass\\x5f\\x5f') }}", "{{ x|attr('__CLASS__'|lower) }}", "{{ ()|attr(['__cl', 'ass__']|join) }}", "{{ ()|attr('\\137\\137class\\137\\137') }}"]) {
      const found = checkChatTemplate(t, { path: 't', key: 'chat_template' });
      expect(found.find((f) => f.rule === 'MG563')?.severity).toBe('critical');
    }
    const lenient = checkChatTemplate("{{ ()|attr(name) }}", { path: 't', key: 'chat_template' });
    expect(lenient.map((f) => f.rule)).toEqual(['MG563']);
  });
});
