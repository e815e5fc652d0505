import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Every reference in each fixture, exactly: a missing one is a recall bug, an extra one a precision bug.
describe('shell scripts', () => {
  it('download-models.sh', async () => {
    expect(await fixtureSummary('shell', 'download-models.sh')).toEqual([
      '5:13 env BASE_MODEL meta-llama/Meta-Llama-3-8B-Instruct high',
      '10:14 cli huggingface-cli download acme/llama3-support-lora@5f1b2c3d4e5f60718293a4b5c6d7e8f901234567 medium',
      '11:46 dataset huggingface-cli download tatsu-lab/alpaca [dataset] high',
      '15:3 url wget microsoft/Phi-3-mini-4k-instruct-gguf@main high',
      '18:11 cli git clone sentence-transformers/all-mpnet-base-v2 high',
    ]);
  });

  it('eval.sh', async () => {
    expect(await fixtureSummary('shell', 'eval.sh')).toEqual([
      '4:29 cli --model_args pretrained EleutherAI/pythia-160m@step100000 high',
      '11:24 cli --model_name_or_path FacebookAI/roberta-base high',
      '14:12 env MODEL_NAME distilbert-base-uncased medium',
      '16:39 cli --model_name_or_path null low raw=$2',
    ]);
  });

  it('serve.bat', async () => {
    expect(await fixtureSummary('shell', 'serve.bat')).toEqual([
      '2:7 env MODEL Qwen/Qwen2.5-0.5B-Instruct high',
    ]);
  });

  it('serve.ps1', async () => {
    expect(await fixtureSummary('shell', 'serve.ps1')).toEqual([
      '2:21 env HF_MODEL_ID microsoft/Phi-3.5-mini-instruct high',
      '5:13 cli --model deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B high',
    ]);
  });

  it('serve.sh', async () => {
    expect(await fixtureSummary('shell', 'serve.sh')).toEqual([
      '3:12 cli vllm serve Qwen/Qwen2.5-1.5B-Instruct high',
      '6:13 cli --model NousResearch/Meta-Llama-3-8B-Instruct high {"trustRemoteCode":true}',
      '7:17 cli --tokenizer hf-internal-testing/llama-tokenizer high {"trustRemoteCode":true}',
      '11:37 cli --model-id bigscience/bloom-560m@4f42c91d806a19ae1a46af6c3fb5f4990d884cd6 high',
      '12:12 cli ollama bartowski/Llama-3.2-3B-Instruct-GGUF high',
      '14:18 cli -hf ggml-org/gemma-3-1b-it-GGUF high',
      '15:21 cli --hf-repo TheBloke/Mistral-7B-Instruct-v0.2-GGUF high',
      '16:45 cli --model-path deepseek-ai/DeepSeek-R1-Distill-Qwen-7B high',
      '20:18 inference curl model Qwen/Qwen2.5-1.5B-Instruct high',
      '22:12 cli vllm serve meta-llama/Llama-2-7b-hf high',
      '22:75 cli --lora-modules yard1/llama-2-7b-sql-lora-test high',
    ]);
  });

  it('tei.sh', async () => {
    expect(await fixtureSummary('shell', 'tei.sh')).toEqual([
      '7:66 cli --model-id BAAI/bge-reranker-large@refs/pr/4 medium',
    ]);
  });

  it('train.slurm', async () => {
    expect(await fixtureSummary('shell', 'train.slurm')).toEqual([
      '7:19 env BASE_MODEL meta-llama/Llama-3.1-8B high',
      '10:20 dataset --dataset_name HuggingFaceH4/ultrachat_200k [dataset] high',
    ]);
  });
});
