import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Every reference in each fixture, exactly: a missing one is a recall bug, an extra one a precision bug.
describe('Dockerfiles and Modelfiles', () => {
  it('Dockerfile', async () => {
    expect(await fixtureSummary('dockerfile', 'Dockerfile')).toEqual([
      '4:14 env ARG MODEL_ID HuggingFaceTB/SmolLM2-1.7B-Instruct@main high',
      '15:50 dataset huggingface-cli download HuggingFaceFW/fineweb-edu [dataset] high',
    ]);
  });

  it('Dockerfile.vllm', async () => {
    expect(await fixtureSummary('dockerfile', 'Dockerfile.vllm')).toEqual([
      '3:21 env ENV EMBEDDING_MODEL intfloat/e5-mistral-7b-instruct high',
      '6:18 cli --model Qwen/Qwen2.5-Coder-7B-Instruct@0eb6b1ed2d0c4306bc637d09ecef51e59d3dfe05 high {"trustRemoteCode":true}',
    ]);
  });

  it('Modelfile', async () => {
    expect(await fixtureSummary('dockerfile', 'Modelfile')).toEqual([
      '2:6 config FROM bartowski/Qwen2.5-Coder-7B-Instruct-GGUF high',
    ]);
  });

  it('base.modelfile', async () => {
    expect(await fixtureSummary('dockerfile', 'base.modelfile')).toEqual([]);
  });

  it('worker.dockerfile', async () => {
    expect(await fixtureSummary('dockerfile', 'worker.dockerfile')).toEqual([
      '8:15 cli git clone BAAI/bge-reranker-base high',
    ]);
  });
});
