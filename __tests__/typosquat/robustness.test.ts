// No input makes the matcher throw or run away: arbitrary strings, long names, odd Unicode.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { findSuspects, loadPopularIndex, skeleton } from '../../src/typosquat/index.js';

const index = loadPopularIndex();

describe('robustness', () => {
  it('never throws on arbitrary ids', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), (org, name) => {
        expect(Array.isArray(findSuspects(`${org}/${name}`, index))).toBe(true);
        expect(Array.isArray(findSuspects(name, index))).toBe(true);
        expect(typeof skeleton(org)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('handles a 300-character name in bounded time', () => {
    const start = Date.now();
    findSuspects(`someone/${'Llama-3.1-8B-Instruct-'.repeat(14)}`, index);
    expect(Date.now() - start).toBeLessThan(5000);
  });
});
