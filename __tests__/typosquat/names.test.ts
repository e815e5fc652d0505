// The pure building blocks: skeleton, keys, tokens, edit distance and typo kinds.
import { describe, expect, it } from '@jest/globals';
import { confusableTableSize, skeleton } from '../../src/typosquat/confusables.js';
import { classifyTypo, damerauLevenshtein, lookalikeSubstitution } from '../../src/typosquat/distance.js';
import { keyboardAdjacent } from '../../src/typosquat/keyboard.js';
import { classifyToken, familyKey, looseKey, sortedTokenKey, visualKey } from '../../src/typosquat/normalize.js';
import { strippedForms } from '../../src/typosquat/affixes.js';

describe('UTS #39 skeleton', () => {
  it('uses the full confusables table, not a hand-typed subset', () => {
    expect(confusableTableSize()).toBeGreaterThan(6000);
  });
  it('maps Cyrillic, Greek and mathematical look-alikes to Latin', () => {
    expect(skeleton('g\u043eogle')).toBe(skeleton('google')); // Cyrillic o
    expect(skeleton('\u0430pple')).toBe(skeleton('apple')); // Cyrillic a
    expect(skeleton('\u{1D5BA}i')).toBe(skeleton('ai')); // mathematical sans-serif a
    expect(skeleton('\u03bfpenai')).toBe(skeleton('openai')); // Greek omicron
  });
  it('drops invisible characters', () => {
    expect(skeleton('meta\u200b-llama')).toBe(skeleton('meta-llama'));
  });
  it('does not fold different plain letters together', () => {
    expect(skeleton('bert')).not.toBe(skeleton('bart'));
  });
});

describe('keys', () => {
  it('folds case and separators in the loose key', () => {
    expect(looseKey('Meta_Llama.3-8B')).toBe('metallama38b');
  });
  it('meets ASCII look-alikes in the visual key', () => {
    expect(visualKey('meta-IIama')).toBe(visualKey('meta-llama'));
    expect(visualKey('rnistral')).toBe(visualKey('mistral'));
    expect(visualKey('0penai')).toBe(visualKey('openai'));
    expect(visualKey('vvhisper')).toBe(visualKey('whisper'));
    expect(visualKey('l1ama')).toBe(visualKey('llama'));
  });
  it('classifies tokens', () => {
    expect(classifyToken('7b')).toBe('size');
    expect(classifyToken('8x7b')).toBe('size');
    expect(classifyToken('v0.3')).toBe('version');
    expect(classifyToken('2407')).toBe('version');
    expect(classifyToken('instruct')).toBe('variant');
    expect(classifyToken('gguf')).toBe('derivative');
    expect(classifyToken('q4_k_m')).toBe('derivative');
    expect(classifyToken('llama')).toBe('word');
  });
  it('gives a family key of identifying words only', () => {
    expect(familyKey('Llama-3.1-8B-Instruct')).toBe('llama');
    expect(familyKey('Qwen2.5-7B-Instruct')).toBe('qwen');
    expect(familyKey('bert-base-uncased')).toBe('bert');
  });
  it('gives equal sorted-token keys to reordered names', () => {
    expect(sortedTokenKey('Instruct-Llama-3.1-8B')).toBe(sortedTokenKey('Llama-3.1-8B-Instruct'));
  });
  it('strips official-sounding affixes, with or without separators', () => {
    expect(strippedForms('openai-official')).toContain('openai');
    expect(strippedForms('the-mistralai')).toContain('mistralai');
    expect(strippedForms('openaiofficial')).toContain('openai');
    expect(strippedForms('deepseek-ai')).toContain('deepseek');
    // Too short to strip a glued "ai" from.
    expect(strippedForms('h2oai')).not.toContain('h2o');
  });
});

describe('edit distance and typo kinds', () => {
  it('computes Damerau-Levenshtein with transpositions as one edit', () => {
    expect(damerauLevenshtein('instruct', 'instrcut')).toBe(1);
    expect(damerauLevenshtein('llama', 'lama')).toBe(1);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('abc', 'abc')).toBe(0);
  });
  it('stops early beyond the budget', () => {
    expect(damerauLevenshtein('abcdefgh', 'zyxwvuts', 2)).toBe(3);
  });
  it('names the typo', () => {
    expect(classifyTypo('llama', 'lama')).toBe('omission');
    expect(classifyTypo('llama', 'llamma')).toBe('repetition');
    expect(classifyTypo('llama', 'llamxa')).toBe('insertion');
    expect(classifyTypo('instruct', 'instrcut')).toBe('transposition');
    expect(classifyTypo('llama', 'llams')).toBe('keyboard-adjacent');
    expect(classifyTypo('llama', 'llapa')).toBe('substitution');
    expect(classifyTypo('llama', 'bert')).toBeNull();
  });
  it('knows QWERTY neighbours and look-alike pairs', () => {
    expect(keyboardAdjacent('a', 's')).toBe(true);
    expect(keyboardAdjacent('a', 'p')).toBe(false);
    expect(lookalikeSubstitution('phi', 'ph1')).toBe(true);
    expect(lookalikeSubstitution('phi', 'pha')).toBe(false);
  });
});
