import { describe, expect, it } from '@jest/globals';
import { extractFixture, fixtureSummary } from './summary.js';
import { parseModelId } from '../../src/resolve/model-id.js';

// Idioms first met in measurement set H (docs/extraction.md, "Measured on real files"): RLHF
// launchers, fairseq2 asset cards, SkyPilot tasks, transformers.js wrappers and model catalogues.
// Each fixture is written for the test.
describe('patterns from real repositories (set H)', () => {
  it('RLHF launchers name the policy, reward and reference models with --*pretrain flags', async () => {
    expect(await fixtureSummary('shell', 'rlhf-ppo.sh')).toEqual([
      '4:14 cli --pretrain acme-lab/policy-7b-sft high',
      '5:21 cli --reward_pretrain acme-lab/reward-7b high',
      // --critic_pretrain ./ckpt/critic is a local folder; `--pretrain --epochs 3` has no value.
      '7:18 cli --ref_pretrain acme-lab/policy-7b-sft high',
    ]);
  });

  it('fairseq2 asset cards name hub models as hg://org/name under any key', async () => {
    expect(await fixtureSummary('yaml', 'asset-cards.yaml')).toEqual([
      '3:14 config checkpoint acme-lab/tiny-llama-1b high',
      '4:13 config tokenizer acme-lab/tiny-llama-1b high',
    ]);
    expect(parseModelId('hg://acme-lab/tiny-llama-1b')?.id).toBe('acme-lab/tiny-llama-1b');
  });

  it('a model variable read again by a request body is reported once, where its id is written', async () => {
    expect(await fixtureSummary('yaml', 'sky-serve.yaml')).toEqual(['9:15 env MODEL_NAME acme-lab/chat-3b high']);
  });

  it('wrappers called with a transformers.js task name take the model as second argument', async () => {
    expect(await fixtureSummary('javascript', 'pipeline-wrapper.ts')).toEqual([
      '4:69 pipeline PipelineSingleton acme-lab/embed-small high',
      '5:68 pipeline create acme-lab/captioner-base high',
    ]);
  });

  it('a catalogue entry served by Ollama names an Ollama model unless it is written hf.co/...', async () => {
    expect(await fixtureSummary('javascript', 'ollama-catalog.ts')).toEqual([
      '9:14 config model acme-lab/reranker-GGUF medium',
      '13:14 config model acme-lab/reranker-large medium',
    ]);
  });

  it('a comma-separated list of hub ids in one model variable is one reference per model', async () => {
    expect(await fixtureSummary('dotenv', 'model-lists.env')).toEqual([
      '2:21 env HF_MODEL_CANDIDATES acme-lab/chat-1b high',
      '2:38 env HF_MODEL_CANDIDATES acme-lab/chat-3b high',
      '3:16 env RERANK_MODELS acme-lab/rerank-small high',
      '3:39 env RERANK_MODELS acme-lab/rerank-base high',
    ]);
    expect(await fixtureSummary('shell', 'comma-models.sh')).toEqual([
      '2:21 env EVAL_MODELS acme-lab/chat-1b high',
      '2:38 env EVAL_MODELS acme-lab/chat-3b high',
    ]);
  });

  it('a repoId the file turns into GitHub URLs is a GitHub repository, even next to hub links', async () => {
    expect(await fixtureSummary('javascript', 'github-projects.ts')).toEqual([]);
    // The same catalogue linking to the hub stays a reference (model-catalog.ts, offline-catalog.ts).
  });

  it('Justfiles: assignments, indented recipes and {{name}} interpolations', async () => {
    expect(await fixtureSummary('justfile', 'Justfile')).toEqual([
      '1:17 env weights_url acme-lab/tiny-chat-GGUF@main high',
      // `curl ... "{{weights_url}}"` reads the URL reported on line 1: not reported twice.
      '9:16 cli vllm serve acme-lab/tiny-chat medium',
    ]);
  });

  it('hub URLs with credentials, in URL variables and in docker -e values', async () => {
    expect(await fixtureSummary('shell', 'hub-urls.sh')).toEqual([
      '3:11 cli git clone acme-lab/private-model high',
      '4:9 env WEIGHTS acme-lab/tiny-chat-GGUF@main high',
      '6:48 env LLAMA_ARG_MODEL_URL acme-lab/small-chat-GGUF@main high',
    ]);
    const { references } = await extractFixture('shell', 'hub-urls.sh');
    expect(references.some((r) => /HF_TOKEN|bot:/.test(r.raw))).toBe(false);
  });

  it('an image that downloads hub models takes the id as its only argument', async () => {
    // `command: bin/start` of another image is a relative executable, not a model.
    expect(await fixtureSummary('yaml', 'downloader-compose.yml')).toEqual(['4:14 cli hf-model-downloader acme-lab/embed-small high']);
  });

  it('variables named with the role after the word (MODEL_RERANKER, MODEL_EMBEDDING_ID) hold models', async () => {
    expect(await fixtureSummary('dotenv', 'role-after.env')).toEqual([
      '1:16 env MODEL_RERANKER acme-lab/rerank-base high',
      '2:20 env MODEL_EMBEDDING_ID acme-lab/embed-small high',
    ]);
  });

  it('`_name_or_path` in a saved config.json records provenance and loads nothing: not a reference', async () => {
    // transformers writes where the weights came from when it saves them; loading the folder
    // reads the local files, so the id is not fetched (PEFT's base_model_name_or_path is).
    expect(await fixtureSummary('json', 'saved-model/config.json')).toEqual([]);
  });

  it('LitGPT takes hub ids as positional checkpoints and as --tokenizer_dir (set K)', async () => {
    expect(await fixtureSummary('shell', 'litgpt.sh')).toEqual([
      '2:17 cli litgpt download acme-lab/tiny-base high',
      '4:19 cli --tokenizer_dir acme-lab/tiny-base high',
      // `tiny-config` is a LitGPT config name; `out/full/final` and `data/tokenizer` are folders.
      '6:22 cli litgpt finetune_full acme-lab/tiny-base high',
    ]);
  });
});
