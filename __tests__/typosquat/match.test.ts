// findSuspects on the bundled index: each technique with an example, and each kind of benign
// look-alike that must stay quiet.
import { describe, expect, it } from '@jest/globals';
import { findSuspects, loadPopularIndex, popularSnapshot } from '../../src/typosquat/index.js';

const index = loadPopularIndex();

describe('the bundled popular snapshot', () => {
  it('states its date and source and holds hundreds of models and their organisations', () => {
    const s = popularSnapshot();
    expect(s.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(s.source.length).toBeGreaterThan(20);
    expect(s.curated).toBe(true);
    expect(s.models.length).toBeGreaterThan(1000);
    expect(index.orgs.size).toBeGreaterThan(300);
    // Curated entries carry no invented figures.
    expect(s.models.every((m) => m.downloads === undefined)).toBe(true);
  });
});

describe('findSuspects', () => {
  it.each([
    ['meta-Ilama/Llama-3.1-8B', 'meta-llama/Llama-3.1-8B', 'ascii-lookalike'],
    ['g\u043eogle/gemma-2b', 'google/gemma-2b', 'unicode-confusable'],
    ['metallama/Llama-3.1-8B', 'meta-llama/Llama-3.1-8B', 'separator'],
    ['meta-lama/Llama-3.1-8B-Instruct', 'meta-llama/Llama-3.1-8B-Instruct', 'omission'],
    ['mistralaii/Mistral-7B-v0.1', 'mistralai/Mistral-7B-v0.1', 'repetition'],
    ['Qewn/Qwen2.5-7B-Instruct', 'Qwen/Qwen2.5-7B-Instruct', 'transposition'],
    ['meta-llana/Llama-3.1-8B', 'meta-llama/Llama-3.1-8B', 'keyboard-adjacent'],
    ['openai-official/whisper-large-v3', 'openai/whisper-large-v3', 'org-affix'],
    ['the-mistralai/Mixtral-8x7B-v0.1', 'mistralai/Mixtral-8x7B-v0.1', 'org-affix'],
    ['deepseek/DeepSeek-R1', 'deepseek-ai/DeepSeek-R1', 'org-affix'],
    ['gemma-team/gemma-2b', 'google/gemma-2b', 'brand-token'],
    ['ibn/granite-7b-base', 'ibm/granite-7b-base', 'keyboard-adjacent'],
    ['someone/Llama-3.1-8B-Instrcut', 'meta-llama/Llama-3.1-8B-Instruct', 'transposition'],
    ['someone/Llama-3.1-8B-lnstruct', 'meta-llama/Llama-3.1-8B-Instruct', 'ascii-lookalike'],
    ['someone/Instruct-Llama-3.1-8B', 'meta-llama/Llama-3.1-8B-Instruct', 'reordered-tokens'],
    ['someone/Mistral-Instruct', 'mistralai/Mistral-7B-Instruct-v0.1', 'dropped-version'],
    ['bert-base-uncsed', 'google-bert/bert-base-uncased', 'omission'],
  ])('%s imitates %s (%s)', (id, intended, technique) => {
    const [best] = findSuspects(id, index);
    expect(best).toBeDefined();
    expect(best.intended).toBe(intended);
    expect(best.techniques).toContain(technique);
  });

  it.each([
    ['meta-llama/Llama-3.1-8B-Instruct', 'the popular model itself'],
    ['META-LLAMA/llama-3.1-8b-instruct', 'the popular model in other case'],
    ['meta-llama/Llama-3.1-8B-Instruct-Fancy', 'a model of the same owner'],
    ['someone/Mistral-7B-Instruct-v0.4', 'another version of the family'],
    ['someone/Llama-3.1-13B-Instruct', 'another size of the family'],
    ['someone/bert-base-uncased', 'a re-upload under the same name'],
    ['someone/bert-large-cased-finetuned-imdb', 'a fine-tune adding words'],
    ['someone/Llama-3.1-8B-Instruct-GGUF', 'a quantisation by name'],
    ['someone/Mistral-7B-Instruct-v0.3-AWQ', 'a quantisation by name'],
    ['unsloth/Llama-3.2-1B-Instruct-bnb-4bit', 'a known re-publisher'],
    ['mradermacher/Llama-3.1-8B-Instruct-GGUF', 'a known re-publisher not in the snapshot'],
    ['someone/my-classifier', 'an unrelated name'],
    ['TencentBAC/Conan-embedding-v1', 'an org two edits from a popular one, with its own model'],
    ['nvidia-omniverse/audio2face', 'an org with a brand and real words'],
  ])('%s is not reported (%s)', (id) => {
    expect(findSuspects(id, index)).toEqual([]);
  });

  it('says what differs', () => {
    const [best] = findSuspects('meta-Ilama/Llama-3.1-8B', index);
    expect(best.detail).toBe('"I" written for "l"');
    expect(best.strength).toBe('strong');
  });
});
