import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Idioms first met in measurement set T (docs/extraction.md, "Set T"): ordinary ML application
// repositories. Each fixture is written for the test.
describe('patterns from real repositories (set T)', () => {
  it('a key ending in tokenizer_id names a hub tokenizer; a local folder under one does not', async () => {
    expect(await fixtureSummary('yaml', 'pretrain-tokenizer.yaml', 'configs/pretrain.yaml')).toEqual([
      '3:19 config hub_tokenizer_id acme-lab/webtext-tokenizer-32k high',
      // `draft_tokenizer_id: ./tokenizers/local-bpe` is a local folder.
      '7:11 dataset datasets.path acme-lab/webtext-sample [dataset] high',
      '8:15 config push_to_hub:hub_model_id acme-lab/tiny-pretrain high',
    ]);
  });

  it('a hub id followed by its ONNX subfolder is the repository; a local export is not', async () => {
    expect(await fixtureSummary('shell', 'infinity-onnx.sh')).toEqual([
      // `model1=acme-lab/embed-small-v3/onnx` read where `--model-id $model1` uses it.
      '14:12 cli --model-id acme-lab/embed-small-v3 medium',
      // `--model-id models/embed-small/onnx` (line 18) is a local folder.
    ]);
  });

  it('PowerShell script variables are expanded; a cloud vendor model id is not a reference', async () => {
    expect(await fixtureSummary('shell', 'invoke-model.ps1')).toEqual([
      // `$modelId = "vendor.chat-model-v2:0"` resolves to a non-hub name: neither an id nor unresolved.
      '7:12 cli vllm serve acme-lab/chat-7b-instruct medium',
    ]);
  });

  it('a placeholder under a hosted-API model setting is not an unresolved hub reference', async () => {
    expect(await fixtureSummary('yaml', 'api-vendor-env.yml', '.github/workflows/translate.yml')).toEqual([
      // A literal hub id under such a name (an OpenAI-compatible server) is still read.
      '12:25 env OPENAI_MODEL acme-lab/chat-7b-instruct high',
      '13:25 env SCORER_MODEL null low raw=${{ vars.SCORER_MODEL }}',
    ]);
  });
});
