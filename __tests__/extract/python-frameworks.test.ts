// Loaders found missing in the second measurement on unseen public code (docs/extract-python.md,
// "Second measurement"): whisperX / stable-ts size names, Haystack and txtai components, and
// pytest parameters that name hub models. The fixtures are written for these tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { extractPython } from '../../src/extract/python/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'extract', 'python');

async function fixture(name: string) {
  const { references } = await extractPython({ path: name, text: readFileSync(join(FIXTURES, name), 'utf8') });
  return references.map((r) => [r.line, r.column, r.id, r.kind, r.call, r.confidence]);
}

async function ids(text: string) {
  const { references } = await extractPython({ path: 'x.py', text });
  return references.map((r) => r.id);
}

describe('Python extractor on RAG frameworks, speech wrappers and test parameters', () => {
  it('reads whisperX / stable-ts size names, Haystack components and txtai models', async () => {
    expect(await fixture('rag_speech_components.py')).toEqual([
      // whisperX and stable-ts hand the size name to faster-whisper, which downloads these repos.
      [13, 27, 'Systran/faster-whisper-large-v2', 'constructor', 'whisperx.load_model', 'high'],
      [14, 22, 'Systran/faster-whisper-medium.en', 'constructor', 'whisperx.load_model', 'high'],
      [15, 46, 'Systran/faster-whisper-small', 'constructor', 'stable_whisper.load_faster_whisper', 'high'],
      [16, 30, 'acme-labs/whisper-ct2-tuned', 'constructor', 'whisperx.load_model', 'high'],
      [18, 59, 'acme-labs/embed-small', 'constructor', 'SentenceTransformersDocumentEmbedder', 'high'],
      // Haystack's sentence-transformers embedders take the library's short names too.
      [19, 51, 'sentence-transformers/all-mpnet-base-v2', 'constructor', 'SentenceTransformersTextEmbedder', 'high'],
      [20, 45, 'acme-labs/rerank-base', 'constructor', 'TransformersSimilarityRanker', 'high'],
      [21, 45, 'acme-labs/chat-1b', 'constructor', 'HuggingFaceLocalGenerator', 'high'],
      // OpenAIGenerator(model="gpt-4o-mini") on line 23 is an API name: nothing reported.
      [25, 29, 'acme-labs/embed-base', 'constructor', 'Embeddings', 'high'],
      // The config dict is followed through its variable.
      [26, 21, 'acme-labs/embed-large', 'constructor', 'Embeddings', 'high'],
      [28, 28, 'acme-labs/embed-multilingual', 'constructor', 'Embeddings', 'high'],
      [29, 19, 'acme-labs/summarizer-small', 'pipeline', 'Summary', 'high'],
      // txtai's LLM("openai/gpt-4o") on line 31 may be a LiteLLM name: left out.
    ]);
  });

  it('reports hub ids held in pytest fixture params and parametrize lists', async () => {
    expect(await fixture('model_test_params.py')).toEqual([
      // Named by the fixture's name= ...
      [8, 42, 'acme-labs/tiny-llama', 'config', 'model_id', 'medium'],
      [8, 66, 'acme-labs/tiny-mistral', 'config', 'model_id', 'medium'],
      // ... or by the decorated function.
      [13, 25, 'acme-labs/tiny-vit', 'config', 'vision_checkpoint', 'medium'],
      [18, 41, 'acme-labs/tiny-gpt', 'config', 'model_name', 'medium'],
      [18, 63, 'gpt2', 'config', 'model_name', 'medium'],
      // With several names, the tuple position picks the name; pytest.param rows count too.
      [26, 10, 'acme-labs/tiny-bert', 'config', 'model_id', 'medium'],
      [27, 22, 'acme-labs/tiny-roberta', 'config', 'model_id', 'medium'],
      // "prompt" parameters and a local folder under model_dir are not reported.
    ]);
  });

  it('reads inference engines, litgpt, audiocraft, SAM 2, GPTQModel and rerankers, and leaves joined paths alone', async () => {
    expect(await fixture('engines_and_audio.py')).toEqual([
      [13, 17, 'acme-labs/chat-1b', 'constructor', 'LLM', 'high'],
      [13, 48, 'acme-labs/chat-1b-tokenizer', 'constructor', 'LLM', 'high'],
      [14, 19, 'acme-labs/chat-7b', 'pipeline', 'lmdeploy.pipeline', 'high'],
      [15, 17, 'acme-labs/chat-7b-q4f16-MLC', 'constructor', 'MLCEngine', 'high'],
      // Imported under another name, litgpt's LLM is still recognised.
      [16, 19, 'acme-labs/chat-3b', 'from_pretrained', 'LLM.load', 'high'],
      // audiocraft's short name "melody" is the facebook/musicgen-melody checkpoint.
      [19, 33, 'facebook/musicgen-melody', 'from_pretrained', 'MusicGen.get_pretrained', 'high'],
      [20, 37, 'acme-labs/musicgen-tuned', 'from_pretrained', 'MusicGen.get_pretrained', 'high'],
      [21, 39, 'acme-labs/audiogen-medium', 'from_pretrained', 'AudioGen.get_pretrained', 'high'],
      // `root / "acme-labs/chat-1b"` under model_path is a folder, and so are the absolute paths.
      [34, 27, 'acme-labs/sam2-small', 'from_pretrained', 'build_sam2_hf', 'high'],
      [35, 28, 'acme-labs/chat-7b-gptq', 'from_pretrained', 'GPTQModel.load', 'high'],
      [36, 21, 'acme-labs/rerank-small', 'constructor', 'Reranker', 'high'],
      // Reranker("cohere") names an API provider, not a hub model.
    ]);
  });

  it('reads the model argument of libraries that wrap sentence-transformers or transformers', async () => {
    expect(await fixture('embedding_wrappers.py')).toEqual([
      // BERTopic builds a SentenceTransformer from its embedding_model name (short names included).
      [12, 35, 'sentence-transformers/all-MiniLM-L12-v2', 'constructor', 'BERTopic', 'high'],
      [13, 39, 'acme-labs/topic-encoder', 'constructor', 'BERTopic', 'high'],
      [14, 20, 'acme-labs/keyword-encoder', 'constructor', 'KeyBERT', 'high'],
      [15, 25, 'acme-labs/instructor-base', 'constructor', 'INSTRUCTOR', 'high'],
      // simpletransformers: the model type comes first, the checkpoint second.
      [16, 45, 'acme-labs/roberta-sentiment', 'constructor', 'ClassificationModel', 'high'],
      [17, 37, 'acme-labs/opus-en-de', 'constructor', 'Seq2SeqModel', 'high'],
      // LlamaIndex's "local:" prefix names a hub embedding model.
      [19, 24, 'acme-labs/embed-small', 'config', 'embed_model', 'medium'],
      [20, 32, 'acme-labs/embed-base', 'constructor', 'resolve_embed_model', 'high'],
      // embed_model="local" and "text-embedding-3-small" (lines 22-23) are not hub ids.
    ]);
  });

  it('reads LiteLLM huggingface/ routes and ignores other providers', async () => {
    expect(await fixture('litellm_routes.py')).toEqual([
      [10, 26, 'acme-labs/chat-8b', 'inference', 'completion', 'high'],
      // huggingface/<provider>/org/name still names the hub model.
      [11, 35, 'acme-labs/chat-70b', 'inference', 'litellm.completion', 'high'],
      [12, 14, 'acme-labs/chat-7b', 'inference', 'dspy.LM', 'high'],
      [13, 37, 'acme-labs/agent-3b', 'inference', 'LiteLLMModel', 'high'],
      [14, 22, 'acme-labs/crew-1b', 'inference', 'LLM', 'high'],
      // together_ai/, openai/ and ollama/ (lines 17-19) are other services.
    ]);
  });

  it("reads diffusers' older unet.load_attn_procs like load_lora_weights", async () => {
    const src = [
      'from diffusers import StableDiffusionPipeline',
      'pipe = StableDiffusionPipeline.from_pretrained("acme-labs/sd-base")',
      'pipe.unet.load_attn_procs("acme-labs/sd-style-lora", weight_name="pytorch_lora_weights.safetensors")',
      'pipe.unet.load_attn_procs("./loras/local-style")',
      '',
    ].join('\n');
    expect(await ids(src)).toEqual(['acme-labs/sd-base', 'acme-labs/sd-style-lora']);
  });

  it('leaves Haystack, txtai and whisperX look-alikes from other libraries alone', async () => {
    // The same names from the project's own modules are not the libraries' loaders.
    expect(await ids('from .asr import load_model\nm = load_model("large-v2")\n')).toEqual([]);
    expect(await ids('from mylib import Embeddings\ne = Embeddings({"path": "acme-labs/embed-base"})\n')).toEqual([]);
    expect(await ids('from mylib import SentenceTransformersTextEmbedder as E\ne = E(model="all-mpnet-base-v2")\n')).toEqual([]);
    // get_pretrained / LLM.load / pipeline outside audiocraft, litgpt and lmdeploy are someone else's.
    expect(await ids('from mylib import MusicGen\nm = MusicGen.get_pretrained("small")\n')).toEqual([]);
    expect(await ids('from mylib import LLM\nm = LLM.load("acme-labs/chat-3b")\n')).toEqual([]);
    // A bare "model" parameter in a file without hub libraries holds API model names.
    expect(await ids('import pytest\n@pytest.mark.parametrize("model", ["openai/gpt-4o", "anthropic/claude-3"])\ndef test_x(model): pass\n')).toEqual([]);
    expect(await ids('import pytest\nimport transformers\n@pytest.mark.parametrize("model", ["acme-labs/tiny-gpt"])\ndef test_x(model): pass\n')).toEqual(['acme-labs/tiny-gpt']);
    // A parametrize value under a name that is not a model's stays out.
    expect(await ids('import pytest\n@pytest.mark.parametrize("user,repo", [("acme", "acme-labs/widgets")])\ndef test_x(user, repo): pass\n')).toEqual([]);
  });
});
