// Differential regression corpus: pickles mutated from the fixtures and loaded by CPython's own C
// unpickler with inert stand-ins for every global (__tests__/fixtures/artifacts/differential/
// generate.py). Whatever CPython imported or called before it stopped, the machine must report.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseModule, runPickle } from '../../src/artifacts/pickle/machine.js';

interface Case {
  hex: string;
  globals: [string, string][];
  called: [string, string][];
  outcome: string;
}

const cases: Case[] = JSON.parse(readFileSync(join(process.cwd(), '__tests__', 'fixtures', 'artifacts', 'differential', 'cases.json'), 'utf8'));
const L = { maxOps: 1e6, maxStackDepth: 1e5, maxMemoEntries: 1e5, deadline: Date.now() + 600_000 };
const key = (m: string, n: string): string => `${normaliseModule(m)}\u0000${n}`;

describe('pickle machine against CPython', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(100);
  });
  it('reports every global CPython imported, and every one it called as called', () => {
    const misses: string[] = [];
    for (const c of cases) {
      const r = runPickle(Uint8Array.from(Buffer.from(c.hex, 'hex')), 0, L);
      const seen = new Set(r.globals.map((g) => key(g.module, g.name)));
      const called = new Set(r.globals.filter((g) => g.called).map((g) => key(g.module, g.name)));
      for (const [m, n] of c.globals) if (!seen.has(key(m, n))) misses.push(`${c.hex}: not imported ${m}.${n}`);
      for (const [m, n] of c.called) if (!called.has(key(m, n))) misses.push(`${c.hex}: not called ${m}.${n}`);
    }
    expect(misses).toEqual([]);
  });
});
