import { describe, expect, it } from '@jest/globals';
import { extractPython } from '../../src/extract/python/index.js';

/** [id, line, column] of every reference (raw for unresolved ones, prefixed `?`). */
async function refs(text: string): Promise<[string, number, number][]> {
  const { references } = await extractPython({ path: 'x.py', text });
  return references.map((r) => [r.id ?? `?${r.raw}`, r.line, r.column]);
}

async function one(text: string) {
  const { references } = await extractPython({ path: 'x.py', text });
  expect(references).toHaveLength(1);
  return references[0];
}

describe('Python loaders', () => {
  it('finds from_pretrained through module aliases and any receiver', async () => {
    const text = [
      'import transformers as tf',
      'import transformers',
      'm = tf.AutoModel.from_pretrained("org/a")',
      'n = transformers.AutoModelForMaskedLM.from_pretrained(pretrained_model_name_or_path="org/b")',
      'o = MODEL_CLASSES["bert"].from_pretrained("org/c")',
    ].join('\n');
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.call])).toEqual([
      ['org/a', 'AutoModel.from_pretrained'],
      ['org/b', 'AutoModelForMaskedLM.from_pretrained'],
      ['org/c', 'from_pretrained'],
    ]);
  });

  it('counts columns in UTF-16 code units, 1-based', async () => {
    expect(await refs('x = "é🙂"; m = AutoModel.from_pretrained("org/a")')).toEqual([['org/a', 1, 42]]);
  });

  it('reads the revision from the id and from revision=, and the loader flags', async () => {
    const a = await one('AutoModel.from_pretrained("org/a@v2.0")');
    expect([a.id, a.revision]).toEqual(['org/a', 'v2.0']);
    const b = await one('TRUST = True\nAutoModel.from_pretrained("org/b", revision="dev", trust_remote_code=TRUST, weights_only=False, from_tf=None)');
    expect([b.revision, b.flags]).toEqual(['dev', { trustRemoteCode: true, weightsOnly: false, fromTf: false }]);
    const c = await one('def f(trust):\n    AutoModel.from_pretrained("org/c", trust_remote_code=trust, use_safetensors=cfg.safe, code_revision=REV)');
    expect(c.flags).toEqual({ trustRemoteCode: 'unknown', useSafetensors: 'unknown', codeRevision: 'unknown' });
  });

  it('takes pipeline models positionally and by keyword, with tokenizer and config', async () => {
    const text = [
      'from transformers import pipeline',
      'a = pipeline("ner", "dslim/bert-base-NER")',
      'b = pipeline(task="summarization", model="org/m", tokenizer="org/t", config="org/c")',
      'c = pipeline("text-generation")',
    ].join('\n');
    expect(await refs(text)).toEqual([
      ['dslim/bert-base-NER', 2, 21],
      ['org/m', 3, 42],
      ['org/t', 3, 61],
      ['org/c', 3, 77],
    ]);
  });

  it('does not take other libraries\' pipeline or load_dataset for the hub ones', async () => {
    const text = [
      'from kfp.dsl import pipeline',
      'from mylib.data import load_dataset',
      'pipeline("train", model="org/x")',
      'load_dataset("org/y")',
    ].join('\n');
    expect(await refs(text)).toEqual([]);
  });

  it('does not report a model object passed as pipeline(model=...)', async () => {
    const text = [
      'from transformers import pipeline, AutoModel',
      'model = AutoModel.from_pretrained("org/x")',
      'p = pipeline("fill-mask", model=model)',
    ].join('\n');
    expect(await refs(text)).toEqual([['org/x', 2, 35]]);
  });

  it('reads load_dataset ids, configs aside, and builder names are not datasets', async () => {
    const text = [
      'import datasets',
      'from datasets import load_dataset',
      'a = load_dataset("squad")',
      'b = datasets.load_dataset("allenai/c4", "en", streaming=True, trust_remote_code=True, revision="refs/convert/parquet")',
      'c = load_dataset("parquet", data_files="x.parquet")',
      'd = load_dataset("imagefolder", data_dir="./imgs")',
    ].join('\n');
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.repoType, r.kind, r.revision, r.flags])).toEqual([
      ['squad', 'dataset', 'dataset', null, {}],
      ['allenai/c4', 'dataset', 'dataset', 'refs/convert/parquet', { trustRemoteCode: true }],
    ]);
  });

  it('finds huggingface_hub calls as functions, module attributes and HfApi methods', async () => {
    const text = [
      'import huggingface_hub',
      'from huggingface_hub import HfApi, model_info',
      'huggingface_hub.snapshot_download("org/a")',
      'model_info("org/b")',
      'api = HfApi(token=tok)',
      'api.hf_hub_download(repo_id="org/c", filename="w.bin", repo_type="model")',
      'api.list_repo_refs("org/d", repo_type="dataset")',
      'self.model_info("org/not-hub")',
    ].join('\n');
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.call, r.repoType])).toEqual([
      ['org/a', 'snapshot_download', 'model'],
      ['org/b', 'model_info', 'model'],
      ['org/c', 'HfApi.hf_hub_download', 'model'],
      ['org/d', 'HfApi.list_repo_refs', 'dataset'],
    ]);
  });

  it('reads sentence-transformers short names under their organisation, legacy ids as they are', async () => {
    const text = [
      'from sentence_transformers import SentenceTransformer, CrossEncoder',
      'a = SentenceTransformer("paraphrase-MiniLM-L6-v2")',
      'b = SentenceTransformer("bert-base-uncased")',
      'c = SentenceTransformer(model_name_or_path="BAAI/bge-m3", revision="babcf60cae0a1f438d7ade582983d4ba462303c2")',
      'd = CrossEncoder("mxbai-rerank")',
    ].join('\n');
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.revision])).toEqual([
      ['sentence-transformers/paraphrase-MiniLM-L6-v2', null],
      ['bert-base-uncased', null],
      ['BAAI/bge-m3', 'babcf60cae0a1f438d7ade582983d4ba462303c2'],
    ]);
  });

  it('reads short sentence-transformers names in the wrappers around it (LangChain, chromadb)', async () => {
    const text = [
      'from chromadb.utils import embedding_functions',
      'from langchain_community.embeddings import HuggingFaceEmbeddings',
      'ef = embedding_functions.SentenceTransformerEmbeddingFunction(model_name="all-MiniLM-L6-v2")',
      'lc = HuggingFaceEmbeddings(model_name="all-mpnet-base-v2")',
    ].join('\n');
    expect((await refs(text)).map((r) => r[0])).toEqual(['sentence-transformers/all-MiniLM-L6-v2', 'sentence-transformers/all-mpnet-base-v2']);
  });

  it('finds vLLM, llama-cpp, mlx, InferenceClient and langchain loaders', async () => {
    const text = [
      'from vllm import LLM',
      'from mlx_lm import load, generate',
      'from huggingface_hub import InferenceClient',
      'from langchain_huggingface import HuggingFaceEndpoint',
      'from llama_cpp import Llama',
      'llm = LLM("meta-llama/Meta-Llama-3-8B-Instruct", dtype="auto")',
      'model, tokenizer = load("mlx-community/Mistral-7B-Instruct-v0.3-4bit")',
      'client = InferenceClient(model="HuggingFaceH4/zephyr-7b-beta")',
      'ep = HuggingFaceEndpoint(repo_id="mistralai/Mistral-7B-Instruct-v0.3", max_new_tokens=64)',
      'gguf = Llama.from_pretrained("bartowski/Llama-3.2-1B-Instruct-GGUF", filename="*Q4_K_M.gguf")',
    ].join('\n');
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.kind, r.call])).toEqual([
      ['meta-llama/Meta-Llama-3-8B-Instruct', 'constructor', 'LLM'],
      ['mlx-community/Mistral-7B-Instruct-v0.3-4bit', 'constructor', 'mlx_lm.load'],
      ['HuggingFaceH4/zephyr-7b-beta', 'inference', 'InferenceClient'],
      ['mistralai/Mistral-7B-Instruct-v0.3', 'inference', 'HuggingFaceEndpoint'],
      ['bartowski/Llama-3.2-1B-Instruct-GGUF', 'from_pretrained', 'Llama.from_pretrained'],
    ]);
  });

  it('reads gradio model loads and the transformers torch.hub entry, not Spaces or other hub repos', async () => {
    const text = [
      'import gradio as gr',
      'import torch',
      'demo = gr.load("models/stabilityai/stable-diffusion-xl-base-1.0")',
      'old = gr.Interface.load("huggingface/gpt2")',
      'space = gr.load("spaces/abidlabs/whisper")',
      'm = torch.hub.load("huggingface/pytorch-transformers", "model", "bert-base-uncased")',
      'r = torch.hub.load("pytorch/vision:v0.10.0", "resnet18", "org/x")',
    ].join('\n');
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.kind, r.call])).toEqual([
      ['stabilityai/stable-diffusion-xl-base-1.0', 'inference', 'gr.load'],
      ['gpt2', 'inference', 'Interface.load'],
      ['bert-base-uncased', 'from_pretrained', 'torch.hub.load'],
    ]);
  });

  it('reads ids passed to imported helpers named for loading a model, with medium confidence', async () => {
    const text = [
      'from utils import load_model, get_tokenizer_and_model',
      'm = load_model("meta-llama/Llama-2-7b-hf")',
      't = get_tokenizer_and_model("org/x")',
      'b = load_model("checkpoints/run1")',
      'c = load_model(cfg)',
      'def get_model(name):',
      '    return registry[name]',
      'e = get_model("org/local-helper")',
      'f = load_data("org/data")',
    ].join('\n');
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.call, r.confidence])).toEqual([
      ['meta-llama/Llama-2-7b-hf', 'load_model', 'medium'],
      ['org/x', 'get_tokenizer_and_model', 'medium'],
    ]);
  });

  it('reads flair, BERTopic and huggingface_sb3 hub loads', async () => {
    const text = [
      'from flair.models import SequenceTagger',
      'from huggingface_sb3 import load_from_hub',
      'from bertopic import BERTopic',
      'tagger = SequenceTagger.load("flair/ner-english-large")',
      'builtin = SequenceTagger.load("ner")',
      'ckpt = load_from_hub(repo_id="sb3/demo-hf-CartPole-v1", filename="ppo-CartPole-v1.zip")',
      'topics = BERTopic.load("MaartenGr/BERTopic_Wikipedia")',
    ].join('\n');
    expect((await refs(text)).map((r) => r[0])).toEqual(['flair/ner-english-large', 'sb3/demo-hf-CartPole-v1', 'MaartenGr/BERTopic_Wikipedia']);
  });

  it('ignores a class named LLM that is not vLLM\'s', async () => {
    expect(await refs('from mylib import LLM\nllm = LLM(model="org/x", path="org/y")')).toEqual([]);
  });
});

describe('Python keyed values', () => {
  it('reports hub ids under model keys that no loader in the file reads', async () => {
    const text = [
      'BASE_MODEL = "org/base"',
      'OUTPUT_DIR = "org/not-a-model"',
      'HUB_MODEL_ID = "me/pushed"',
      'cfg = dict(model_name="org/kw", lr=1e-4)',
      'api.upload_file(repo_id="me/upload", path_or_fileobj="x")',
      'models = {"small": "org/s", "large": "org/l"}',
      'def run(tokenizer_name="org/tok", seed=0):',
      '    print("model=org/printed")',
    ].join('\n');
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.call, r.kind, r.confidence])).toEqual([
      ['org/base', 'BASE_MODEL', 'config', 'medium'],
      ['org/kw', 'model_name', 'config', 'medium'],
      ['org/s', 'models', 'config', 'medium'],
      ['org/l', 'models', 'config', 'medium'],
      ['org/tok', 'tokenizer_name', 'config', 'medium'],
    ]);
  });

  it('reads Python constant names more freely than config keys, with vetoes', async () => {
    const text = [
      'LLM_NAME = "org/llm"',
      'MODEL_NAME_SMALL = "org/small"',
      'RERANKER = "org/rerank"',
      'HF_REPO = "org/gguf"',
      'REPO = "psf/requests"',
      'GITHUB_MODEL_REPO = "org/gh"',
      'MODEL_DIR_NAME = "org/dir"',
      'PROMPT_TEMPLATE_MODEL = "org/tpl"',
      'CLIP_MODEL = "ViT-B/32"',
      'GPT_MODEL = "openai/gpt-4o"',
    ].join('\n');
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.call])).toEqual([
      ['org/llm', 'LLM_NAME'],
      ['org/small', 'MODEL_NAME_SMALL'],
      ['org/rerank', 'RERANKER'],
      ['org/gguf', 'HF_REPO'],
    ]);
  });

  it('reads `model=` as a hub id only in files using hub libraries, and never in API client calls', async () => {
    const api = ['from openai import OpenAI', 'client = OpenAI(base_url=URL)', 'r = client.chat.completions.create(model="meta-llama/Llama-3-8B", messages=m)', 'body = {"model": "org/body"}'].join('\n');
    expect(await refs(api)).toEqual([]);
    const hub = ['from transformers import AutoTokenizer', 'r = client.chat.completions.create(model="meta-llama/Llama-3-8B", messages=m)', 'cfg = Config(model="org/cfg")', 'body = {"model": "org/body"}'].join('\n');
    expect((await refs(hub)).map((r) => r[0])).toEqual(['org/cfg', 'org/body']);
  });

  it('reads environment and dict entries assigned by subscript', async () => {
    const text = ['import os', 'os.environ["MODEL_ID"] = "org/env-model"', 'os.environ["HF_HOME"] = "org/not-model"', 'cfg["model_name"] = "org/cfg-model"'].join('\n');
    expect(await refs(text)).toEqual([
      ['org/env-model', 2, 26],
      ['org/cfg-model', 4, 21],
    ]);
  });

  it('does not report a constant twice when a loader reads it', async () => {
    const text = 'MODEL_NAME = "org/a"\nm = AutoModel.from_pretrained(MODEL_NAME)';
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.kind, r.line])).toEqual([['org/a', 'from_pretrained', 2]]);
  });
});

describe('Python value resolution', () => {
  it('follows module constants, also when reassigned under a condition', async () => {
    const text = ['MODEL = "org/a"', 'if DEBUG:', '    MODEL = "org/tiny"', 'def load():', '    return AutoModel.from_pretrained(MODEL)'].join('\n');
    const { references } = await extractPython({ path: 'x.py', text });
    expect(references.map((r) => [r.id, r.confidence])).toEqual([
      ['org/a', 'high'],
      ['org/tiny', 'high'],
    ]);
  });

  it('uses the last assignment before the call in straight-line code', async () => {
    const text = ['def f():', '    name = "org/old"', '    name = "org/new"', '    AutoModel.from_pretrained(name)', '    name = "org/later"'].join('\n');
    expect(await refs(text)).toEqual([['org/new', 4, 31]]);
  });

  it('follows names of an enclosing function, class constants and self attributes', async () => {
    const text = [
      'class Config:',
      '    BASE = "org/base"',
      'class Wrapper:',
      '    DEFAULT = "org/default"',
      '    def __init__(self):',
      '        self.adapter = "org/adapter"',
      '    def load(self):',
      '        a = AutoModel.from_pretrained(Config.BASE)',
      '        b = AutoModel.from_pretrained(self.DEFAULT)',
      '        c = PeftModel.from_pretrained(a, self.adapter)',
      'def outer():',
      '    name = "org/outer"',
      '    def inner():',
      '        return AutoModel.from_pretrained(name)',
    ].join('\n');
    expect((await refs(text)).map((r) => r[0])).toEqual(['org/base', 'org/default', 'org/adapter', 'org/outer']);
  });

  it('looks keys up in every dict of a list a loop runs over', async () => {
    const text = [
      'CONFIGS = [{"name": "small", "model": "org/s"}, {"name": "base", "model": "org/b"}]',
      'for cfg in CONFIGS:',
      '    AutoModel.from_pretrained(cfg["model"])',
      '    AutoTokenizer.from_pretrained(cfg.get("model"))',
    ].join('\n');
    expect((await refs(text)).map((r) => [r[0], r[1]])).toEqual([
      ['org/s', 3],
      ['org/b', 3],
      ['org/s', 4],
      ['org/b', 4],
    ]);
  });

  it('reads pytest parametrize values for test parameters', async () => {
    const text = [
      'import pytest',
      '@pytest.mark.parametrize("model_id", ["hf-internal-testing/tiny-random-gpt2", "hf-internal-testing/tiny-random-bert"])',
      'def test_load(model_id):',
      '    AutoModel.from_pretrained(model_id)',
      '@pytest.mark.parametrize("model_id,revision", [("org/a", "main"), ("org/b", "v1")])',
      'def test_rev(model_id, revision):',
      '    AutoTokenizer.from_pretrained(model_id, revision=revision)',
    ].join('\n');
    const { references } = await extractPython({ path: 'test_x.py', text });
    expect(references.map((r) => [r.id, r.revision, r.line])).toEqual([
      ['hf-internal-testing/tiny-random-gpt2', null, 4],
      ['hf-internal-testing/tiny-random-bert', null, 4],
      ['org/a', null, 7],
      ['org/b', null, 7],
    ]);
  });

  it('evaluates parameter defaults in the enclosing scope', async () => {
    expect(await refs('MODEL = "org/shadow"\ndef f(MODEL=MODEL):\n    return AutoModel.from_pretrained(MODEL)')).toEqual([['org/shadow', 3, 38]]);
  });

  it('resolves tuple assignments and `if __name__` blocks', async () => {
    const text = [
      'if __name__ == "__main__":',
      '    repo, rev = "org/a", "0123456789abcdef0123456789abcdef01234567"',
      '    AutoModel.from_pretrained(repo, revision=rev)',
    ].join('\n');
    const r = await one(text);
    expect([r.id, r.revision]).toEqual(['org/a', '0123456789abcdef0123456789abcdef01234567']);
  });

  it('takes defaults from argparse dest=, set_defaults and choices', async () => {
    const text = [
      'p = argparse.ArgumentParser()',
      'p.add_argument("-m", dest="model", choices=["org/a", "org/b"], default="org/a")',
      'g = p.add_argument_group("tok")',
      'g.add_argument("--tok")  # no default here: set_defaults gives it',
      'p.set_defaults(tok="org/t")',
      'args = p.parse_args()',
      'AutoModel.from_pretrained(args.model)',
      'AutoTokenizer.from_pretrained(args.tok)',
    ].join('\n');
    expect((await refs(text)).map((r) => r[0])).toEqual(['org/a', 'org/b', 'org/t']);
  });

  it('reports an unresolved loader argument once, with its expression, unless it names a folder', async () => {
    const text = [
      'def main(model_name, output_dir, ckpt_path):',
      '    AutoModel.from_pretrained(model_name)',
      '    AutoModel.from_pretrained(output_dir)',
      '    AutoModel.from_pretrained(ckpt_path)',
      '    AutoModel.from_pretrained(get_name())',
      '    AutoModel.from_pretrained(sys.argv[1])',
    ].join('\n');
    expect(await refs(text)).toEqual([
      ['?model_name', 2, 31],
      ['?get_name()', 5, 31],
      ['?sys.argv[1]', 6, 31],
    ]);
  });

  it('does not report unresolved references for wrappers that pass their own argument on', async () => {
    const text = [
      'class MyModel(PreTrainedModel):',
      '    @classmethod',
      '    def from_pretrained(cls, pretrained_model_name_or_path, *args, **kwargs):',
      '        return super().from_pretrained(pretrained_model_name_or_path, *args, **kwargs)',
    ].join('\n');
    expect(await refs(text)).toEqual([]);
  });

  it('leaves comments, docstrings and messages alone', async () => {
    const text = [
      '# AutoModel.from_pretrained("org/commented")',
      'def f():',
      '    """Loads https://huggingface.co/org/in-docstring."""',
      '    logger.info("https://huggingface.co/org/in-log")',
      '    parser.add_argument("--x", help="https://huggingface.co/org/in-help")',
      '    return "https://huggingface.co/org/returned"',
    ].join('\n');
    expect(await refs(text)).toEqual([['org/returned', 6, 12]]);
  });

  it('survives deep and cyclic definitions without hanging', async () => {
    const text = ['a = b', 'b = a', 'AutoModel.from_pretrained(a)', `x0 = "org/deep"`, ...Array.from({ length: 40 }, (_, i) => `x${i + 1} = x${i}`), 'AutoModel.from_pretrained(x40)'].join('\n');
    const result = await refs(text);
    expect(result[0]).toEqual(['?a', 3, 27]);
    expect(result).toHaveLength(2);
  });

  it('does not search expressions nested deeper than 100 levels, and says so', async () => {
    const deep = `${'('.repeat(300)}AutoModel.from_pretrained("org/deep")${')'.repeat(300)}\nAutoModel.from_pretrained("org/shallow")`;
    const { references, problems } = await extractPython({ path: 'gen.py', text: deep });
    expect(references.map((r) => r.id)).toEqual(['org/shallow']);
    expect(problems).toEqual([expect.objectContaining({ file: 'gen.py', line: 1, message: expect.stringMatching(/nested more than 100 levels/) })]);
    const chain = `x${'.a'.repeat(5000)}.from_pretrained("org/chain")`;
    expect((await extractPython({ path: 'c.py', text: chain })).references.map((r) => [r.id, r.call])).toEqual([['org/chain', 'from_pretrained']]);
  });

  it('stays linear on a large generated file', async () => {
    const lines: string[] = ['from transformers import AutoModel'];
    for (let i = 0; i < 3000; i++) lines.push(`M${i} = "org/m${i}"`, `def f${i}(x=M${i}):`, `    return AutoModel.from_pretrained(x)`);
    const { references } = await extractPython({ path: 'big.py', text: lines.join('\n') });
    expect(references).toHaveLength(3000);
    expect(references[2999]).toMatchObject({ id: 'org/m2999', confidence: 'medium' });
  });
});
