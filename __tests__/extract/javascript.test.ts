import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Every reference in each fixture, exactly: a missing one is a recall bug, an extra one a precision bug.
describe('JavaScript and TypeScript', () => {
  it('Chat.tsx', async () => {
    expect(await fixtureSummary('javascript', 'Chat.tsx')).toEqual([
      '19:43 config embeddingModel nomic-ai/nomic-embed-text-v1.5 high',
    ]);
  });

  it('Transcriber.vue', async () => {
    expect(await fixtureSummary('javascript', 'Transcriber.vue')).toEqual([
      '11:62 pipeline pipeline onnx-community/whisper-base high',
    ]);
  });

  it('broken.ts', async () => {
    expect(await fixtureSummary('javascript', 'broken.ts')).toEqual([
      'problem at line 2',
    ]);
  });

  it('config.ts', async () => {
    expect(await fixtureSummary('javascript', 'config.ts')).toEqual([
      '2:32 config EMBEDDING_MODEL Xenova/bge-small-en-v1.5 high',
      '3:30 config DEFAULT_MODEL HuggingFaceTB/SmolLM2-360M-Instruct medium',
    ]);
  });

  it('eslint.config.js', async () => {
    expect(await fixtureSummary('javascript', 'eslint.config.js')).toEqual([]);
  });

  it('hub-sync.mjs', async () => {
    expect(await fixtureSummary('javascript', 'hub-sync.mjs')).toEqual([
      '3:37 hub_download listFiles Xenova/bert-base-uncased high',
      '9:43 hub_download downloadFile openai-community/gpt2@607a30d783dfa663caf39e06633721c8d4cfcd7e high',
      '10:57 dataset snapshotDownload rajpurkar/squad [dataset] high',
      '11:38 hub_download modelInfo google/gemma-2-2b-it high',
      '12:28 hub_download downloadFile null low raw=someRepo',
    ]);
  });

  it('index.html', async () => {
    expect(await fixtureSummary('javascript', 'index.html')).toEqual([
      '14:57 pipeline pipeline Xenova/detr-resnet-50 high',
    ]);
  });

  it('model-list.ts', async () => {
    expect(await fixtureSummary('javascript', 'model-list.ts')).toEqual([
      '5:40 config model_id onnx-community/Qwen2.5-0.5B-Instruct high',
      '6:40 config model_id HuggingFaceTB/SmolLM2-1.7B-Instruct high',
    ]);
  });

  it('openai-compatible.ts', async () => {
    expect(await fixtureSummary('javascript', 'openai-compatible.ts')).toEqual([
      '8:12 config model Qwen/Qwen2.5-7B-Instruct medium',
    ]);
  });

  it('rag.ts', async () => {
    expect(await fixtureSummary('javascript', 'rag.ts')).toEqual([
      '7:10 inference HuggingFaceInferenceEmbeddings sentence-transformers/all-MiniLM-L6-v2 high',
      '10:79 inference HuggingFaceTransformersEmbeddings Xenova/all-MiniLM-L6-v2 high',
    ]);
  });

  it('route.ts', async () => {
    expect(await fixtureSummary('javascript', 'route.ts')).toEqual([
      '11:12 inference chatCompletion meta-llama/Llama-3.1-8B-Instruct medium',
      '16:12 inference textToImage black-forest-labs/FLUX.1-schnell high',
      '20:61 inference featureExtraction sentence-transformers/all-MiniLM-L6-v2 high',
    ]);
  });

  it('singleton-worker.js', async () => {
    expect(await fixtureSummary('javascript', 'singleton-worker.js')).toEqual([
      '10:43 pipeline pipeline mixedbread-ai/mxbai-embed-xsmall-v1 high',
      '20:40 pipeline pipeline HuggingFaceTB/SmolLM2-360M-Instruct high',
    ]);
  });

  it('templates/demo.html', async () => {
    expect(await fixtureSummary('javascript', 'templates/demo.html')).toEqual([
      '6:57 pipeline pipeline Xenova/distilbert-base-uncased-finetuned-sst-2-english medium',
    ]);
  });

  it('worker.js', async () => {
    expect(await fixtureSummary('javascript', 'worker.js')).toEqual([
      '12:38 pipeline pipeline onnx-community/whisper-tiny.en high',
      '17:50 pipeline pipeline Xenova/nllb-200-distilled-600M@a7b3c1d high',
      '18:55 from_pretrained AutoTokenizer.from_pretrained Xenova/t5-small high',
      '19:59 from_pretrained AutoModelForSeq2SeqLM.from_pretrained Xenova/t5-small high',
      '24:55 pipeline pipeline null low raw=event.data.model',
    ]);
  });
});
