import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Idioms first met in measurement set O (docs/extraction.md, "Measured on real files"): Spaces
// that preload models at build time, llama-swap configs, CDK constructs and AI SDK providers.
// Each fixture is written for the test.
describe('patterns from real repositories (set O)', () => {
  it("a Space's preload_from_hub entries are references, with the commit when one is given", async () => {
    expect(await fixtureSummary('markdown', 'space-preload-README.md', 'README.md')).toEqual([
      '5:10 config models acme-lab/sketch-base high',
      '5:32 config models acme-lab/sketch-upscaler high',
      '7:5 config preload_from_hub acme-lab/sketch-base high',
      // `id files commit`: the file list is not part of the id, the commit is its revision.
      '8:5 config preload_from_hub acme-lab/sketch-upscaler@0123456789abcdef0123456789abcdef01234567 high',
      '9:6 config preload_from_hub acme-lab/sketch-vae high',
      // A folded entry (`>-`) is reported on the line its id is written on. Prose is not read.
      '11:5 config preload_from_hub acme-lab/sketch-lora high',
    ]);
  });

  it('preload_from_hub is read only from a card', async () => {
    expect(await fixtureSummary('markdown', 'space-preload-README.md', 'docs/notes.md')).toEqual([]);
  });

  it('llama-swap commands written one flag per line are one command', async () => {
    expect(await fixtureSummary('yaml', 'llama-swap.yaml')).toEqual([
      '7:11 cli -hf acme-lab/chat-3b-GGUF high',
      '12:17 cli --hf-repo acme-lab/embed-small-gguf high',
      // --model /models/local-only.gguf is a local file.
    ]);
  });

  it('factories named after the hub take an org/name id first; other strings are ignored', async () => {
    expect(await fixtureSummary('javascript', 'hub-factories.ts')).toEqual([
      '7:45 from_pretrained Model.fromHuggingFace acme-lab/summarizer-large high',
      '10:44 from_pretrained huggingface acme-lab/chat-7b-instruct high',
    ]);
  });
});
