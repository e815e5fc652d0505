import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isCommitHash, isOtherProviderModel, ownerOf, parseModelId, type IdContext } from '../../src/resolve/model-id.js';

function id(raw: string, context: IdContext = 'config'): string | null {
  const p = parseModelId(raw, context);
  if (!p) return null;
  return `${p.repoType === 'model' ? '' : p.repoType + ':'}${p.id}${p.revision ? '@' + p.revision : ''}${p.tag ? ':' + p.tag : ''}`;
}

describe('parseModelId', () => {
  it.each([
    ['meta-llama/Llama-3.1-8B-Instruct', 'meta-llama/Llama-3.1-8B-Instruct'],
    ['https://huggingface.co/openai-community/gpt2', 'openai-community/gpt2'],
    ['https://huggingface.co/org/name/tree/v1.0', 'org/name@v1.0'],
    ['https://huggingface.co/TheBloke/X-GGUF/resolve/main/x.Q4_K_M.gguf?download=true', 'TheBloke/X-GGUF@main'],
    ['https://huggingface.co/datasets/rajpurkar/squad', 'dataset:rajpurkar/squad'],
    ['https://huggingface.co/api/models/org/name', 'org/name'],
    ['https://huggingface.co/org/name.git', 'org/name'],
    ['hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M', 'bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M'],
    ['hf://org/name', 'org/name'],
    ['huggingface://microsoft/Phi-3-mini-4k-instruct-gguf/Phi-3-mini-4k-instruct-q4.gguf', 'microsoft/Phi-3-mini-4k-instruct-gguf'],
    ['hf://facebook/opt-125m:607a30d783dfa663caf39e06633721c8d4cfcd7e', 'facebook/opt-125m@607a30d783dfa663caf39e06633721c8d4cfcd7e'],
    ['hf_hub:timm/vit_base_patch16_224.augreg_in21k', 'timm/vit_base_patch16_224.augreg_in21k'],
    ['hf-hub:laion/CLIP-ViT-B-32-laion2B-s34B-b79K', 'laion/CLIP-ViT-B-32-laion2B-s34B-b79K'],
    ['org/name@refs/pr/1', 'org/name@refs/pr/1'],
    ['ggml-org/gemma-3-1b-it-GGUF:Q4_K_M', 'ggml-org/gemma-3-1b-it-GGUF:Q4_K_M'],
    ['gpt2', 'gpt2'],
    ['https://huggingface.co/bert-base-uncased', 'bert-base-uncased'],
    ['openai/whisper-large-v3', 'openai/whisper-large-v3'],
    ['openai/gpt-oss-20b', 'openai/gpt-oss-20b'],
    ['google/gemma-2-2b-it', 'google/gemma-2-2b-it'],
  ])('accepts %s', (raw, expected) => {
    expect(id(raw)).toBe(expected);
  });

  it.each([
    'https://huggingface.co/docs/transformers/index', // site page
    'https://huggingface.co/blog/llama3',
    'https://huggingface.co/TheBloke', // a user page
    'https://github.com/huggingface/transformers',
    'nvidia/cuda:12.1.0-devel-ubuntu22.04', // docker image
    'vllm/vllm-openai:latest',
    'llama3.1:8b', // Ollama name
    'openai/gpt-4o', // API provider model names
    'anthropic/claude-3-5-sonnet',
    'google/gemini-1.5-pro',
    'ollama/llama3',
    'meta/meta-llama-3-70b-instruct', // Replicate
    'stability-ai/sdxl',
    'gpt-4o',
    './models/llama',
    '/mnt/models/llama',
    '~/models/x',
    'outputs/checkpoint-500',
    'data/train.jsonl',
    'configs/model.yaml',
    'configs/train',
    'scripts/finetune',
    '${MODEL_ID}',
    'org/name/extra',
    'bert-base-uncasedx', // not a legacy id
  ])('rejects %s', (raw) => {
    expect(id(raw)).toBeNull();
  });

  it('never throws on malformed URLs', () => {
    expect(() => parseModelId('https://huggingface.co/org/name/tree/%E0%A4%A', 'free-text')).not.toThrow();
    expect(() => parseModelId('https://huggingface.co/%E0%A4%A/x', 'free-text')).not.toThrow();
    expect(() => parseModelId('https://[bad', 'free-text')).not.toThrow();
  });

  it('never throws, and every id it returns has one or two valid segments', () => {
    const prefixes = ['', 'hf://', 'hf.co/', 'https://huggingface.co/', 'hf_hub:', 'https://hf.co/datasets/'];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.string({ maxLength: 80 }), fc.constantFrom<IdContext>('model-arg', 'config', 'free-text'), (p, s, ctx) => {
        const parsed = parseModelId(p + s, ctx);
        if (parsed) expect(parsed.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('is stricter with bare words in free text', () => {
    expect(id('text/plain', 'free-text')).toBeNull();
    expect(id('gpt2', 'free-text')).toBeNull();
    expect(id('hf.co/gpt2', 'free-text')).toBe('gpt2');
  });

  it('keeps local-looking folders as ids only where the API takes ids', () => {
    expect(id('models/llama', 'config')).toBeNull();
    expect(id('models/llama', 'model-arg')).toBe('models/llama');
  });

  it('reads a format subfolder after a hub id only where ids are expected, and not under local roots', () => {
    expect(id('jinaai/jina-embeddings-v3/onnx', 'config')).toBe('jinaai/jina-embeddings-v3');
    expect(id('acme/embedder/openvino', 'model-arg')).toBe('acme/embedder');
    expect(id('acme/embedder/onnx', 'free-text')).toBeNull();
    expect(id('models/bge-small/onnx', 'config')).toBeNull();
    expect(id('checkpoints/bge-small/onnx', 'model-arg')).toBeNull();
    // Any other third segment stays a local path.
    expect(id('acme/embedder/final', 'config')).toBeNull();
    expect(id('acme/embedder/onnx/model.onnx', 'config')).toBeNull();
  });
});

describe('helpers', () => {
  it('isCommitHash accepts only 40 lowercase hex', () => {
    expect(isCommitHash('607a30d783dfa663caf39e06633721c8d4cfcd7e')).toBe(true);
    expect(isCommitHash('main')).toBe(false);
    expect(isCommitHash('607a30d')).toBe(false);
    expect(isCommitHash(null)).toBe(false);
  });

  it('ownerOf and isOtherProviderModel', () => {
    expect(ownerOf('org/name')).toBe('org');
    expect(ownerOf('gpt2')).toBeNull();
    expect(isOtherProviderModel('openai', 'gpt-4o-mini')).toBe(true);
    expect(isOtherProviderModel('openai', 'clip-vit-base-patch32')).toBe(false);
    expect(isOtherProviderModel('bedrock', 'anything')).toBe(true);
  });
});
