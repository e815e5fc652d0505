import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Idioms first met in measurement sets O and P (docs/extraction.md, "Measured on real files"):
// Spaces that preload models at build time, llama-swap configs, CDK constructs and AI SDK
// providers, shell helpers taking the model as an argument, the hub CLI held in a variable.
// Each fixture is written for the test.
describe('patterns from real repositories (sets O and P)', () => {
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

  it('a shell function given the model as an argument reports it at each call', async () => {
    expect(await fixtureSummary('shell', 'fetch-helper.sh')).toEqual([
      // `local repo="$2"` ... `huggingface-cli download "$repo"`, and `hf download "$1"`.
      '18:23 cli fetch huggingface-cli download acme-lab/base-7b medium',
      '19:24 cli fetch huggingface-cli download acme-lab/chat-7b medium',
      '20:14 cli pull_adapter huggingface-cli download acme-lab/chat-lora medium',
      // A model variable reported where it is assigned is not reported again at the call.
      '27:15 env BASE_MODEL_ID acme-lab/base-13b high',
      // A local folder passed to the helper and an echo of an id are not references, and the body's
      // `$repo` is not also reported unresolved once the calls resolve it.
    ]);
  });

  it('the hub CLI found with command -v or by path and called through a variable', async () => {
    expect(await fixtureSummary('shell', 'hf-from-variable.sh')).toEqual([
      '8:17 cli huggingface-cli download acme-lab/archive-model medium',
      '10:15 cli huggingface-cli download acme-lab/other-model high',
    ]);
  });

  it("a workflow input's default is the model a step reads through ${{ inputs.x }}", async () => {
    expect(await fixtureSummary('yaml', 'dispatch-eval.yml', '.github/workflows/dispatch-eval.yml')).toEqual([
      // A manual run may override the default: confidence medium. Task lists and local folders given
      // as inputs are not models.
      '29:37 cli --model_args pretrained acme-lab/small-chat medium',
      '32:39 cli huggingface-cli download acme-lab/large-chat medium',
    ]);
  });
});
