import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Every reference in each fixture, exactly: a missing one is a recall bug, an extra one a precision bug.
describe('TOML configs', () => {
  it('config.toml', async () => {
    expect(await fixtureSummary('toml', 'config.toml')).toEqual([
      '7:13 config model_id mistralai/Mistral-7B-Instruct-v0.3@e0bc86c23ce5aae1db576c8cca6f06f1f73af2db high {"trustRemoteCode":false}',
      '9:14 config tokenizer mistralai/Mistral-7B-Instruct-v0.3 high',
      '13:20 config embedding_model BAAI/bge-base-en-v1.5 high',
      '17:10 config model cross-encoder/ms-marco-MiniLM-L-6-v2 high',
    ]);
  });

  it('invalid.toml', async () => {
    expect(await fixtureSummary('toml', 'invalid.toml')).toEqual([
      'problem at line 3',
    ]);
  });

  it('pyproject.toml', async () => {
    expect(await fixtureSummary('toml', 'pyproject.toml')).toEqual([]);
  });
});
