import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Every reference in each fixture, exactly: a missing one is a recall bug, an extra one a precision bug.
describe('YAML configs: training recipes, Kubernetes, compose, CI, Helm', () => {
  it('axolotl-qlora.yml', async () => {
    expect(await fixtureSummary('yaml', 'axolotl-qlora.yml')).toEqual([
      '1:13 config base_model NousResearch/Llama-2-7b-hf high {"trustRemoteCode":false}',
      '11:11 dataset datasets.path mhenrichsen/alpaca_2k_test [dataset] high',
      '25:15 config push_to_hub:hub_model_id my-org/llama-2-7b-alpaca-qlora high',
    ]);
  });

  it('chart/templates/deployment.yaml', async () => {
    expect(await fixtureSummary('yaml', 'chart/templates/deployment.yaml')).toEqual([
      '13:15 cli --model null low raw={{ .Values.model | quote }}',
      '15:16 cli --tokenizer hf-internal-testing/llama-tokenizer high',
    ]);
  });

  it('ci-workflow.yml', async () => {
    expect(await fixtureSummary('yaml', 'ci-workflow.yml')).toEqual([
      '11:17 config model gpt2 high',
      '11:23 config model distilbert-base-uncased high',
      '20:36 cli huggingface-cli download hf-internal-testing/tiny-random-gpt2@main high',
      '21:23 cli huggingface-cli download null low raw=${{ matrix.model }}',
      '24:24 env HF_MODEL_ID sshleifer/tiny-gpt2 high',
    ]);
  });

  it('docker-compose.yml', async () => {
    expect(await fixtureSummary('yaml', 'docker-compose.yml')).toEqual([
      '13:15 cli --model meta-llama/Llama-3.1-8B-Instruct high',
      '20:17 env MODEL_ID HuggingFaceH4/zephyr-7b-beta medium',
      '34:29 env RAG_EMBEDDING_MODEL sentence-transformers/all-MiniLM-L6-v2 high',
      '39:16 cli vllm serve Qwen/Qwen2.5-Coder-7B-Instruct@c03e6d358207e414f1eca0bb1891e29f1db0e242 high',
    ]);
  });

  it('eval-workflow.yml', async () => {
    expect(await fixtureSummary('yaml', 'eval-workflow.yml')).toEqual([
      '16:35 cli --model_args pretrained EleutherAI/pythia-160m@step143000 medium',
      '21:34 cli --model_name_or_path EleutherAI/pythia-160m medium',
    ]);
  });

  it('helm-values.yaml', async () => {
    expect(await fixtureSummary('yaml', 'helm-values.yaml')).toEqual([
      '7:16 config modelURL meta-llama/Llama-3.1-8B-Instruct high',
      '15:16 config modelURL facebook/opt-125m high',
    ]);
  });

  it('invalid.yaml', async () => {
    expect(await fixtureSummary('yaml', 'invalid.yaml')).toEqual([
      '1:21 config model_name_or_path bigscience/bloom-560m high',
      '6:17 config tokenizer_name EleutherAI/gpt-neox-20b high',
      'problem at line 5',
    ]);
  });

  it('k8s-tgi.yaml', async () => {
    expect(await fixtureSummary('yaml', 'k8s-tgi.yaml')).toEqual([
      '18:22 env MODEL_ID google/gemma-2-9b-it@8e2b0b4b5e7d9a1d2f3c4b5a69788796a5b4c3d2 high',
      '25:33 cli --model-id BAAI/bge-small-en-v1.5 high',
    ]);
  });

  it('k8s-vllm.yaml', async () => {
    expect(await fixtureSummary('yaml', 'k8s-vllm.yaml')).toEqual([
      '32:25 cli vllm serve mistralai/Mistral-7B-Instruct-v0.3 high {"trustRemoteCode":true}',
    ]);
  });

  it('kserve.yaml', async () => {
    expect(await fixtureSummary('yaml', 'kserve.yaml')).toEqual([
      '12:22 cli --model_id meta-llama/Meta-Llama-3-8B-Instruct high',
      '26:19 url storageUri facebook/opt-125m@27dcfa74d334bc871f3234de431e71c6eeba5dd6 high',
    ]);
  });

  it('litellm-config.yaml', async () => {
    // API vendors' names are not hub ids; a hub model behind a vLLM route is.
    expect(await fixtureSummary('yaml', 'litellm-config.yaml')).toEqual(['11:14 config model meta-llama/Llama-3.1-8B-Instruct high']);
  });

  it('llama-factory-sft.yaml', async () => {
    expect(await fixtureSummary('yaml', 'llama-factory-sft.yaml')).toEqual([
      '2:21 config model_name_or_path Qwen/Qwen2.5-7B-Instruct high {"trustRemoteCode":true}',
    ]);
  });

  it('localai-model.yaml', async () => {
    expect(await fixtureSummary('yaml', 'localai-model.yaml')).toEqual([
      '4:10 config model microsoft/Phi-3-mini-4k-instruct-gguf high',
      '11:11 config models.name Qwen/Qwen2.5-7B-Instruct@a09a35458c702b33eeacc393d103063234e8bc28 high',
    ]);
  });

  it('mergekit.yaml', async () => {
    expect(await fixtureSummary('yaml', 'mergekit.yaml')).toEqual([
      '2:12 config model mistralai/Mistral-7B-v0.1 high',
      '3:12 config model teknium/OpenHermes-2.5-Mistral-7B high',
      '9:13 config base_model mistralai/Mistral-7B-v0.1 high',
    ]);
  });

  it('negatives.yaml', async () => {
    expect(await fixtureSummary('yaml', 'negatives.yaml')).toEqual([]);
  });

  it('seg-model.yaml', async () => {
    expect(await fixtureSummary('yaml', 'seg-model.yaml')).toEqual([
      '3:13 config backbone facebook/dinov2-base high',
      '4:12 config encoder bert-base-uncased high',
    ]);
  });

  it('trl-dpo.yaml', async () => {
    expect(await fixtureSummary('yaml', 'trl-dpo.yaml')).toEqual([
      '2:21 config model_name_or_path alignment-handbook/zephyr-7b-sft-full@ac6e600eefcce74f5e8bae1035d4f66019e93190 high',
      '6:13 config ref_model alignment-handbook/zephyr-7b-sft-full high',
      '11:15 dataset dataset_name HuggingFaceH4/ultrafeedback_binarized [dataset] high',
      '23:15 config reward_model null low raw=${REWARD_MODEL}',
    ]);
  });
});
