import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Every reference in each fixture, exactly: a missing one is a recall bug, an extra one a precision bug.
describe('JSON configs', () => {
  it('adapter_config.json', async () => {
    expect(await fixtureSummary('json', 'adapter_config.json')).toEqual([
      '4:31 config base_model_name_or_path meta-llama/Llama-2-7b-hf high',
    ]);
  });

  it('config.json', async () => {
    expect(await fixtureSummary('json', 'config.json')).toEqual([]);
  });

  it('devcontainer.json', async () => {
    expect(await fixtureSummary('json', 'devcontainer.json')).toEqual([
      '5:21 env HF_MODEL_ID microsoft/Phi-3-mini-4k-instruct high',
      '8:85 cli huggingface-cli download TinyLlama/TinyLlama-1.1B-Chat-v1.0 high',
    ]);
  });

  it('invalid.json', async () => {
    expect(await fixtureSummary('json', 'invalid.json')).toEqual([
      'problem at line 3',
    ]);
  });

  it('package.json', async () => {
    expect(await fixtureSummary('json', 'package.json')).toEqual([]);
  });

  it('train_args.json', async () => {
    expect(await fixtureSummary('json', 'train_args.json')).toEqual([
      '2:26 config model_name_or_path google-bert/bert-base-cased@main high',
      '3:22 config tokenizer_name bert-base-cased high',
      '5:20 dataset dataset_name nyu-mll/glue [dataset] high',
      '12:34 config teacher_model_name_or_path textattack/bert-base-uncased-MRPC high',
    ]);
  });

  it('tsconfig.json', async () => {
    expect(await fixtureSummary('json', 'tsconfig.json')).toEqual([]);
  });
});
