// Patterns found missing when the extractor was measured on public repositories (see
// docs/extract-python.md, "Measured on real code"); the fixtures are written for these tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { extractPython } from '../../src/extract/python/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'extract', 'python');

async function fixture(name: string) {
  const { references } = await extractPython({ path: name, text: readFileSync(join(FIXTURES, name), 'utf8') });
  return references.map((r) => [r.line, r.column, r.id, r.revision, r.kind, r.call, r.repoType, r.confidence]);
}

async function ids(text: string) {
  const { references } = await extractPython({ path: 'x.py', text });
  return references.map((r) => [r.id, r.line, r.revision]);
}

describe('Python extractor on patterns from real repositories', () => {
  it('reads the speculative_config draft model, hf:// f-string heads and gr.load(name=, src=)', async () => {
    expect(await fixture('speculative_serving.py')).toEqual([
      [15, 15, 'acme-labs/chat-13b', null, 'constructor', 'LLM', 'model', 'high'],
      [19, 22, 'acme-labs/chat-13b-eagle3', null, 'constructor', 'LLM', 'model', 'high'],
      [27, 15, 'acme-labs/chat-70b', null, 'constructor', 'EngineArgs', 'model', 'high'],
      // The draft's own revision comes from its dict, not from the main model's revision=.
      [28, 39, 'acme-labs/chat-70b-draft', '0123456789abcdef0123456789abcdef01234567', 'constructor', 'EngineArgs', 'model', 'high'],
      // The local drafter folder passed through **settings is not a reference.
      [34, 15, 'acme-labs/chat-7b', null, 'constructor', 'LLM', 'model', 'high'],
      [43, 22, 'acme-labs/chat-7b', null, 'constructor', 'LLM', 'model', 'high'],
      // f"hf://datasets/org/name@refs/convert/parquet/{split}/..." names the dataset and revision;
      // f"hf://datasets/acme-labs/{split}-extra/..." has no whole name before the interpolation.
      [47, 29, 'acme-labs/chat-evals', 'refs/convert/parquet', 'dataset', 'pd.read_parquet', 'dataset', 'medium'],
      // gr.load with a loader registry takes a bare id; src="spaces" loads a Space.
      [52, 21, 'acme-labs/chat-13b-instruct', null, 'inference', 'gr.load', 'model', 'high'],
      [54, 18, 'acme-labs/chat-13b-instruct', null, 'inference', 'gr.load', 'model', 'high'],
    ]);
  });

  it('ends an hf:// revision at the path inside the repository', async () => {
    expect(await ids('import pandas as pd\ndf = pd.read_json("hf://datasets/acme-labs/raw@main/train/part-0.jsonl", lines=True)')).toEqual([
      ['acme-labs/raw', 2, 'main'],
    ]);
    expect(await ids('import polars as pl\ndf = pl.read_parquet("hf://datasets/acme-labs/raw@refs/pr/3/data/*.parquet")')).toEqual([
      ['acme-labs/raw', 2, 'refs/pr/3'],
    ]);
  });

  it('does not take a drafter from a speculative_config given to something other than vLLM', async () => {
    const text = ['from vllm import LLM', 'def run(spec):', '    return spec', 'run(speculative_config={"model": "acme-labs/d"})'].join('\n');
    // Not a loader: the id is still reported, but as a model-named key (config), never as the LLM call.
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.kind])).toEqual([['acme-labs/d', 'config']]);
  });

  it('maps faster-whisper sizes to their repositories, reads sentence-transformers modules and merged dicts', async () => {
    const { references } = await extractPython({ path: 'svc.py', text: readFileSync(join(FIXTURES, 'speech_and_embeddings.py'), 'utf8') });
    expect(references.map((r) => [r.line, r.column, r.id, r.kind, r.call, r.confidence])).toEqual([
      // A constant named for a model family (CLIP) that no loader reads.
      [15, 11, 'acme-vision/clip-base-patch16', 'config', 'CLIP_ID', 'medium'],
      // WhisperModel("distil-large-v3") downloads Systran's conversion; a folder is not a reference.
      [20, 25, 'Systran/faster-distil-whisper-large-v3', 'constructor', 'WhisperModel', 'medium'],
      [24, 25, 'acme-audio/whisper-medium-ct2', 'constructor', 'WhisperModel', 'high'],
      [32, 42, 'acme-text/encoder-base', 'from_pretrained', 'models.Transformer', 'medium'],
      // `{**ASR_REPOS, **EXTRA_REPOS}` iterated with .items(): every value reaches snapshot_download.
      [41, 35, 'acme-audio/whisper-tiny-ct2', 'hub_download', 'snapshot_download', 'medium'],
      [41, 35, 'acme-audio/whisper-large-ct2', 'hub_download', 'snapshot_download', 'medium'],
      [41, 35, 'acme-audio/diarizer-v2', 'hub_download', 'snapshot_download', 'medium'],
      // VIT_SEGMENTER feeds torch.hub.load, so it names a GitHub repository, not a hub model.
    ]);
  });

  it('keeps the faster-whisper size table to faster-whisper', async () => {
    // Elsewhere `small` is a folder name, not a hub id.
    expect(await ids('from transformers import AutoModel\nm = AutoModel.from_pretrained("small")')).toEqual([]);
    expect(await ids('from faster_whisper import WhisperModel\nm = WhisperModel(model_size_or_path="large-v3-turbo")')).toEqual([
      ['mobiuslabsgmbh/faster-whisper-large-v3-turbo', 2, null],
    ]);
  });

  it('reads argparse choices and UI pickers, once per literal, and only real sentence-transformers short names', async () => {
    const { references } = await extractPython({ path: 'app.py', text: readFileSync(join(FIXTURES, 'model_picker_app.py'), 'utf8') });
    expect(references.map((r) => [r.line, r.column, r.id, r.kind, r.call])).toEqual([
      // choices of an option no loader reads.
      [13, 51, 'acme-nlp/chat-8b', 'config', 'serve_model'],
      [13, 71, 'acme-nlp/chat-70b', 'config', 'serve_model'],
      // A loader reads --reader: reported at the loader, not again at the default or the choices.
      [19, 51, 'acme-nlp/reader-small', 'pipeline', 'pipeline'],
      [19, 51, 'acme-nlp/reader-large', 'pipeline', 'pipeline'],
      // text-embedding-3-small (an API model) and my-local-encoder (a folder) are no sentence-transformers names.
      [20, 36, 'sentence-transformers/all-MiniLM-L6-v2', 'constructor', 'SentenceTransformer'],
      // Picker options and values become the variable they are assigned to; a theme picker is no model.
      [24, 42, 'acme-nlp/chat-8b', 'config', 'chat_model'],
      [24, 62, 'acme-nlp/chat-70b', 'config', 'chat_model'],
      [28, 41, 'acme-vision/captioner-base', 'config', 'vision_model'],
      [28, 71, 'acme-vision/captioner-large', 'config', 'vision_model'],
      [28, 109, 'acme-vision/captioner-base', 'config', 'vision_model'],
    ]);
  });

  it('reads chat.completions.create on the hub inference client and on an OpenAI client pointed at the hub router', async () => {
    const { references } = await extractPython({ path: 'ask.py', text: readFileSync(join(FIXTURES, 'hosted_inference.py'), 'utf8') });
    // The `:provider` suffix picks who serves the model; the vendor's own API model is no hub reference.
    expect(references.map((r) => [r.line, r.id, r.kind, r.call])).toEqual([
      [14, 'acme-labs/summariser-8b', 'inference', 'InferenceClient.chat.completions.create'],
      [17, 'acme-labs/summariser-70b', 'inference', 'OpenAI.chat.completions.create'],
    ]);
  });

  it('does not take the repository a run publishes to for a model it depends on', async () => {
    const { references } = await extractPython({ path: 'publish.py', text: readFileSync(join(FIXTURES, 'publish_run.py'), 'utf8') });
    // REPO_ID is a model-named key, but create_repo / upload_folder / push_to_hub write to it.
    expect(references.map((r) => [r.line, r.id, r.kind])).toEqual([[10, 'acme-labs/encoder-base', 'from_pretrained']]);
  });

  it('reads smolagents model wrappers', async () => {
    const { references } = await extractPython({ path: 'agent.py', text: readFileSync(join(FIXTURES, 'agent_models.py'), 'utf8') });
    expect(references.map((r) => [r.line, r.id, r.kind, r.call])).toEqual([
      [10, 'acme-labs/planner-32b', 'inference', 'InferenceClientModel'],
      [15, 'acme-labs/planner-1b', 'from_pretrained', 'TransformersModel'],
    ]);
  });
});
