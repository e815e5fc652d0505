import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';
import { parseModelId } from '../../src/resolve/model-id.js';
import { isPushTarget } from '../../src/extract/common.js';
import { extractFile } from '../../src/extract/index.js';

// Patterns met while measuring the extractors on public repositories (docs/extraction.md,
// "Measured on real files"); each fixture is written for the test and shows one pattern.
describe('patterns from real repositories', () => {
  it('a shell variable reassigned between commands is read in order', async () => {
    expect(await fixtureSummary('shell', 'reassigned.sh')).toEqual([
      '5:99 cli --model-id intfloat/e5-small-v2 medium',
      '7:99 cli --model-id thenlper/gte-base medium',
      '12:24 env MODEL_ID HuggingFaceTB/SmolLM2-1.7B-Instruct medium',
    ]);
  });

  it('Inference Providers suffixes and *_HF_REPO variables in env files', async () => {
    expect(await fixtureSummary('dotenv', 'providers.env')).toEqual([
      '2:12 env CHAT_MODEL meta-llama/Llama-3.3-70B-Instruct high',
      '3:15 env SUMMARY_MODEL Qwen/Qwen2.5-72B-Instruct high',
      '5:13 env OCR_HF_REPO microsoft/trocr-base-printed high',
    ]);
  });

  it('mergekit tokenizer_source names a model, `union` does not', async () => {
    expect(await fixtureSummary('yaml', 'merge-ties.yaml')).toEqual([
      '2:12 config model mistralai/Mistral-7B-v0.1 high',
      '3:12 config model teknium/OpenHermes-2.5-Mistral-7B high',
      '8:13 config base_model mistralai/Mistral-7B-v0.1 high',
      '9:19 config tokenizer_source teknium/OpenHermes-2.5-Mistral-7B high',
    ]);
  });

  it('JavaScript parameter defaults are followed (medium: a caller may pass another)', async () => {
    expect(await fixtureSummary('javascript', 'default-param.ts')).toEqual([
      '7:47 pipeline pipeline mixedbread-ai/mxbai-embed-xsmall-v1 medium',
      '12:36 pipeline pipeline Xenova/vit-gpt2-image-captioning medium',
    ]);
  });

  it('serverless Inference API URLs name the model in their path', async () => {
    expect(await fixtureSummary('javascript', 'inference-api-urls.ts')).toEqual([
      '2:21 inference Inference API URL sshleifer/distilbart-cnn-12-6 high',
      '10:16 inference Inference API URL Helsinki-NLP/opus-mt-en-de high',
    ]);
    expect(await fixtureSummary('shell', 'inference-curl.sh')).toEqual([
      '3:9 inference curl distilbert-base-uncased-finetuned-sst-2-english high',
    ]);
    expect(parseModelId('https://router.huggingface.co/v1/chat/completions', 'free-text')).toBeNull();
    expect(parseModelId('https://api-inference.huggingface.co/pipeline/feature-extraction/BAAI/bge-small-en-v1.5', 'free-text')?.id).toBe('BAAI/bge-small-en-v1.5');
  });

  it('a placeholder inside a longer path is a local path, not an unresolved model', async () => {
    expect(await fixtureSummary('yaml', 'templated-paths.yaml')).toEqual([
      '7:16 config teacher_model null low raw=${HF_ORG}/${TEACHER}',
    ]);
  });

  it('promptfoo `huggingface:<task>:<id>` providers are hub models', async () => {
    expect(await fixtureSummary('yaml', 'promptfooconfig.yaml')).toEqual([
      '5:37 inference promptfoo huggingface distilbert/distilbert-base-uncased-finetuned-sst-2-english high',
      '6:40 inference promptfoo huggingface intfloat/multilingual-e5-small high',
    ]);
  });

  it('a model next to `provider: ollama` is an Ollama name unless it says hf.co/', async () => {
    expect(await fixtureSummary('json', 'assistant-models.json')).toEqual([
      '4:75 config model bartowski/Qwen2.5-Coder-7B-Instruct-GGUF high',
      '5:63 config model Qwen/Qwen2.5-Coder-7B-Instruct high',
    ]);
  });

  it('quantised-export repositories under any variable name, mistral.rs -m, and model/ folders', async () => {
    expect(await fixtureSummary('makefile', 'gguf-repo.mk')).toEqual([
      '2:9 env REPO bartowski/SmolLM2-1.7B-Instruct-GGUF medium',
      '10:40 cli -m microsoft/Phi-3.5-mini-instruct high',
    ]);
  });

  it('push targets (hub_model_id) are reported with a call that says so', async () => {
    const text = 'model_name_or_path: Qwen/Qwen2.5-0.5B\npush_to_hub: true\nhub_model_id: acme/qwen-support\nexport_hub_model_id: acme/qwen-support-merged\n';
    const { references } = await extractFile({ path: 'train.yaml', text });
    expect(references.map((r) => [r.id, r.call, isPushTarget(r)])).toEqual([
      ['Qwen/Qwen2.5-0.5B', 'model_name_or_path', false],
      ['acme/qwen-support', 'push_to_hub:hub_model_id', true],
      ['acme/qwen-support-merged', 'push_to_hub:export_hub_model_id', true],
    ]);
    const cli = await extractFile({ path: 'run.sh', text: 'accelerate launch sft.py --model_name_or_path Qwen/Qwen2.5-0.5B --hub_model_id acme/qwen-sft\n' });
    expect(cli.references.map((r) => r.call)).toEqual(['--model_name_or_path', 'push_to_hub:--hub_model_id']);
  });

  it('lower-case Dockerfile ENV/ARG names that are model keys', async () => {
    expect(await fixtureSummary('dockerfile', 'Dockerfile.prefetch')).toEqual([
      '4:13 env ENV repo_id facebook/bart-large-mnli high',
      '6:16 env ARG model_name cross-encoder/ms-marco-MiniLM-L-6-v2 high',
    ]);
  });

  it('pipeline(task, null) uses the library default: no unresolved reference', async () => {
    expect(await fixtureSummary('javascript', 'default-task-model.js')).toEqual([
      '6:59 pipeline pipeline Xenova/bert-base-NER high',
    ]);
  });

  it('hf upload / repo create destinations are push targets', async () => {
    expect(await fixtureSummary('shell', 'publish.sh')).toEqual([
      '4:13 cli huggingface-cli download HuggingFaceTB/SmolLM2-360M-Instruct high',
      '5:16 cli push_to_hub:huggingface-cli repo create acme/smollm2-support high',
      '6:11 cli push_to_hub:huggingface-cli upload acme/smollm2-support high',
      '7:24 dataset push_to_hub:huggingface-cli upload acme/support-evals [dataset] high',
      '8:24 cli push_to_hub:huggingface-cli upload acme/smollm2-support-ckpts high',
    ]);
  });

  it('lm-eval model_args strings in configs and LiteLLM routes to hub models', async () => {
    expect(await fixtureSummary('yaml', 'eval-models.yaml')).toEqual([
      '4:27 config model_args pretrained allenai/OLMo-2-0425-1B@stage1-step10000 high',
      '6:16 config model_name Qwen/Qwen2.5-72B-Instruct high',
    ]);
    expect(parseModelId('hosted_vllm/Qwen/Qwen2.5-7B-Instruct', 'config')?.id).toBe('Qwen/Qwen2.5-7B-Instruct');
    expect(parseModelId('openrouter/meta-llama/llama-3.1-8b-instruct', 'config')).toBeNull();
    expect(parseModelId('openai/Qwen/Qwen2.5-7B-Instruct', 'free-text')).toBeNull();
  });

  it('a repository object read by several hub calls is one reference', async () => {
    expect(await fixtureSummary('javascript', 'model-catalog.ts')).toEqual([
      '4:46 hub_download listFiles onnx-community/whisper-base high',
    ]);
  });

  it('repoId outside the hub libraries counts in files that build huggingface.co URLs', async () => {
    expect(await fixtureSummary('javascript', 'offline-catalog.ts')).toEqual([
      '3:26 config repoId Qwen/Qwen2.5-0.5B-Instruct-GGUF medium',
      '4:25 config repoId HuggingFaceTB/SmolLM2-135M-Instruct medium',
    ]);
    // Without any hub context, `repoId: 'owner/repo'` is a GitHub repository.
    const { references } = await extractFile({ path: 'links.ts', text: "export const SOURCE = { repoId: 'acme/mobile-llm-app' };\n" });
    expect(references).toEqual([]);
  });

  it('a variable set in both branches of an if reports both values where it is used', async () => {
    expect(await fixtureSummary('shell', 'branches.sh')).toEqual([
      '9:47 cli --model_name_or_path HuggingFaceTB/SmolLM2-1.7B-Instruct medium',
      '9:47 cli --model_name_or_path HuggingFaceTB/SmolLM2-360M-Instruct medium',
      '13:37 cli --model_name_or_path google/gemma-2-2b-it medium',
      '15:37 cli --model_name_or_path google/gemma-2-9b-it medium',
    ]);
  });

  it('bash model arrays and for loops over model lists', async () => {
    expect(await fixtureSummary('shell', 'model-loops.sh')).toEqual([
      '4:4 env EVAL_MODELS HuggingFaceTB/SmolLM2-135M-Instruct high',
      '5:4 env EVAL_MODELS HuggingFaceTB/SmolLM2-360M-Instruct high',
      '12:8 cli vllm serve microsoft/Phi-3-mini-4k-instruct medium',
      '12:41 cli vllm serve microsoft/Phi-3.5-mini-instruct medium',
      '17:12 cli --tokenizer_name google-bert/bert-base-cased medium',
      '17:40 cli --tokenizer_name FacebookAI/roberta-base medium',
    ]);
  });

  it('an unresolved model variable is reported once, where it is assigned', async () => {
    expect(await fixtureSummary('shell', 'positional-model.sh')).toEqual(['3:13 env MODEL_PATH null low raw=$1']);
  });

  it('a provider suffix selects who serves the model, so it is neither a revision nor a file tag', () => {
    expect(parseModelId('org/name:novita', 'config')).toEqual({ id: 'org/name', revision: null, repoType: 'model' });
    expect(parseModelId('org/name:cheapest', 'free-text')).toEqual({ id: 'org/name', revision: null, repoType: 'model' });
    // Container tags stay rejected.
    expect(parseModelId('vllm/vllm-openai:latest', 'config')).toBeNull();
    expect(parseModelId('nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'free-text')).toBeNull();
  });
});
