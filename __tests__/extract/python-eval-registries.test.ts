// Loaders found missing in the third measurement on unseen public code (docs/extract-python.md,
// "Third measurement"): OpenCompass model configs, MTEB's ModelMeta registry, LlamaIndex's local
// rerankers, pymilvus' model functions, and registry entries read through a variable
// (`cfg = MODELS[name]; cfg["repo"]`); and, for precision, model names read by calls to other
// APIs (OpenRouter, local OpenAI-compatible servers); Inference API URLs
// (`api-inference.huggingface.co/models/<id>`). The fixtures are written for these tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { extractPython } from '../../src/extract/python/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'extract', 'python');

async function fixture(name: string) {
  const { references } = await extractPython({ path: name, text: readFileSync(join(FIXTURES, name), 'utf8') });
  return references.map((r) => [r.line, r.column, r.id, r.kind, r.call, r.revision ?? null]);
}

async function ids(text: string) {
  const { references } = await extractPython({ path: 'x.py', text });
  return references.map((r) => r.id);
}

describe('Python extractor on evaluation-harness registries and local rerankers', () => {
  it('reads OpenCompass model dicts and MTEB ModelMeta entries, not API models or local folders', async () => {
    expect(await fixture('eval_model_configs.py')).toEqual([
      [10, 14, 'acme-labs/chat-7b', 'config', 'opencompass.dict', null],
      [13, 41, 'acme-labs/base-7b', 'config', 'opencompass.dict', null],
      [13, 77, 'acme-labs/base-7b-tokenizer', 'config', 'opencompass.dict', null],
      [14, 42, 'acme-labs/chat-7b-awq', 'config', 'opencompass.dict', null],
      // Line 15 is a local folder, line 16 an API model class, line 18 a dict of no model class.
      [21, 10, 'acme-labs/embed-base', 'config', 'ModelMeta', '0123456789abcdef0123456789abcdef01234567'],
      // open_weights=False and framework=["API"] entries (lines 25-26) are hosted models.
    ]);
  });

  it('reads LlamaIndex local rerankers and pymilvus model functions, not hosted rerankers', async () => {
    expect(await fixture('local_rerankers.py')).toEqual([
      [9, 36, 'acme-labs/rerank-m3', 'constructor', 'FlagEmbeddingReranker', null],
      [10, 41, 'acme-labs/cross-encoder-mini', 'constructor', 'SentenceTransformerRerank', null],
      // CohereRerank (line 11) takes Cohere's model names; OpenAIEmbeddingFunction (line 15) OpenAI's.
      [13, 36, 'acme-labs/rerank-base', 'constructor', 'BGERerankFunction', null],
      [14, 58, 'acme-labs/splade-small', 'constructor', 'SpladeEmbeddingFunction', null],
    ]);
  });

  it('follows a registry entry picked at run time to the field the loader reads', async () => {
    expect(await fixture('registry_lookup.py')).toEqual([
      // `entry = VOICES[self.name]; repo_id = entry["repo"]`: every entry's repo field.
      [16, 40, 'acme-labs/tts-base', 'hub_download', 'hf_hub_download', null],
      [16, 40, 'acme-labs/tts-german', 'hub_download', 'hf_hub_download', null],
      // `VOICES[name]["repo"]` written in one expression.
      [20, 36, 'acme-labs/tts-base', 'hub_download', 'hf_hub_download', null],
      [20, 36, 'acme-labs/tts-german', 'hub_download', 'hf_hub_download', null],
      // A literal key picks one entry.
      [25, 36, 'acme-labs/tts-german', 'hub_download', 'hf_hub_download', null],
      // `pair = DETECTORS[i]; pair[1]`: the second element of every row.
      [30, 36, 'acme-labs/detector-s', 'hub_download', 'hf_hub_download', null],
      [30, 36, 'acme-labs/detector-l', 'hub_download', 'hf_hub_download', null],
    ]);
  });

  it('leaves model names sent to other APIs alone, even when they read org/name', async () => {
    // OpenRouter via requests.post(json={"model": ...}), a local OpenAI-compatible server, and a
    // LangChain chat model of a hosted provider; only the constant sent to the hub's router, and an
    // `hf.co/` name, count.
    expect(await fixture('api_model_names.py')).toEqual([
      [12, 16, 'acme-labs/chat-7b', 'config', 'ROUTER_MODEL', null],
      // An `hf.co/...` name sent to Ollama's OpenAI-style endpoint is still pulled from the hub.
      [35, 14, 'acme-labs/chat-gguf', 'url', 'string', null],
    ]);
  });

  it('reads model ids in Inference API URLs, not the bare base URL or the OpenAI-style route', async () => {
    expect(await fixture('inference_api_urls.py')).toEqual([
      [6, 11, 'acme-labs/sentiment-base', 'url', 'string', null],
      [7, 14, 'gpt2', 'url', 'string', null],
      [8, 16, 'acme-labs/embed-small', 'url', 'string', null],
      [9, 14, 'acme-labs/asr-large', 'url', 'string', null],
    ]);
  });

  it('needs the OpenCompass or MTEB import: the same shapes elsewhere are not references', async () => {
    expect(await ids('from mylib import HuggingFaceCausalLM\nm = dict(type=HuggingFaceCausalLM, path="acme-labs/x-7b")\n')).toEqual([]);
    expect(await ids('from mylib import ModelMeta\nm = ModelMeta(name="acme-labs/x-7b")\n')).toEqual([]);
    expect(await ids('from rerankers_lib import FlagEmbeddingReranker\nr = FlagEmbeddingReranker(model="acme-labs/r")\n')).toEqual([]);
  });
});
