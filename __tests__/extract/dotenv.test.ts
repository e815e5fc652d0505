import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Every reference in each fixture, exactly: a missing one is a recall bug, an extra one a precision bug.
describe('.env files', () => {
  it('.env.chat-ui', async () => {
    expect(await fixtureSummary('dotenv', '.env.chat-ui')).toEqual([
      '9:14 env TEXT_EMBEDDING_MODELS[].name Xenova/gte-small high',
      '17:14 env MODELS[].name meta-llama/Meta-Llama-3.1-8B-Instruct high',
      '27:12 env TASK_MODEL meta-llama/Meta-Llama-3.1-8B-Instruct high',
    ]);
  });

  it('.env.example', async () => {
    expect(await fixtureSummary('dotenv', '.env.example')).toEqual([
      '6:17 env EMBEDDING_MODEL sentence-transformers/all-MiniLM-L6-v2 high',
      '7:15 env RERANK_MODEL BAAI/bge-reranker-v2-m3 high',
      '8:20 env HF_MODEL_ID mistralai/Mistral-7B-Instruct-v0.3 high',
      '11:12 env CHAT_MODEL null low raw=${DEFAULT_CHAT_MODEL}',
      '13:10 env GGUF_URL TheBloke/Llama-2-7B-Chat-GGUF@main high',
    ]);
  });
});
