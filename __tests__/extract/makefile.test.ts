import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Every reference in each fixture, exactly: a missing one is a recall bug, an extra one a precision bug.
describe('Makefiles', () => {
  it('Makefile', async () => {
    expect(await fixtureSummary('makefile', 'Makefile')).toEqual([
      '2:10 env MODEL HuggingFaceTB/SmolLM2-135M-Instruct@12fd25f77366fa6b3b4b768ec3050bf629380bac high',
      '4:16 env EMBED_MODEL BAAI/bge-small-en-v1.5 high',
      '16:14 cli huggingface-cli download openai/whisper-small high',
      '20:25 cli --model null low raw=$(EVAL_MODEL)',
      '20:51 cli --tokenizer null low raw=$$TOKENIZER',
    ]);
  });
});
