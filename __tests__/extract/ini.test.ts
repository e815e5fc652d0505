import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Every reference in each fixture, exactly: a missing one is a recall bug, an extra one a precision bug.
describe('INI, supervisord, systemd and Terraform files', () => {
  it('sagemaker.tf', async () => {
    expect(await fixtureSummary('ini', 'sagemaker.tf')).toEqual([
      '8:27 config HF_MODEL_ID meta-llama/Meta-Llama-3-8B-Instruct@5f0b02c75b57c5855da9ae460ce51323ea669d8a high',
      '18:14 config embedding_model BAAI/bge-large-en-v1.5 high',
    ]);
  });

  it('setup.cfg', async () => {
    expect(await fixtureSummary('ini', 'setup.cfg')).toEqual([]);
  });

  it('supervisord.conf', async () => {
    expect(await fixtureSummary('ini', 'supervisord.conf')).toEqual([
      '5:45 cli --model-id tiiuae/falcon-7b-instruct high',
      '10:25 config MODEL_NAME BAAI/bge-small-en-v1.5 high',
    ]);
  });
});
