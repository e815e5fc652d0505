import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { extractPython } from '../../src/extract/python/index.js';
import type { ModelReference } from '../../src/types.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'extract', 'python');

type Row = [number, number, string | null, string | null, string, string, ModelReference['flags'], string];

function rows(refs: ModelReference[]): Row[] {
  return refs.map((r) => [r.line, r.column, r.id, r.revision, r.kind, r.call, r.flags, r.confidence]);
}

async function extractFixture(name: string) {
  return extractPython({ path: `src/${name}`, text: readFileSync(join(FIXTURES, name), 'utf8') });
}

// Every reference each fixture holds, in order: [line, column, id, revision, kind, call, flags, confidence].
const EXPECTED: Record<string, Row[]> = {
  'broken.py': [
    [3, 43, 'google-bert/bert-base-cased', null, 'from_pretrained', 'AutoTokenizer.from_pretrained', {}, 'high'],
    [10, 35, 'FacebookAI/roberta-large', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'high'],
  ],
  'diffusers_pipeline.py': [
    [17, 41, 'madebyollin/sdxl-vae-fp16-fix', null, 'from_pretrained', 'AutoencoderKL.from_pretrained', {}, 'high'],
    [19, 9, 'stabilityai/stable-diffusion-xl-base-1.0', '462165984030d82259a11f4367a4eed129e94a7b', 'from_pretrained', 'StableDiffusionXLPipeline.from_pretrained', { useSafetensors: true }, 'high'],
    [26, 70, 'stabilityai/stable-diffusion-xl-base-1.0', null, 'from_pretrained', 'EulerAncestralDiscreteScheduler.from_pretrained', {}, 'high'],
    [27, 28, 'nerijs/pixel-art-xl', null, 'from_pretrained', 'pipe.load_lora_weights', {}, 'high'],
    [33, 50, 'lllyasviel/sd-controlnet-canny', null, 'from_pretrained', 'ControlNetModel.from_pretrained', {}, 'high'],
    [35, 9, 'runwayml/stable-diffusion-v1-5', null, 'from_pretrained', 'StableDiffusionControlNetPipeline.from_pretrained', {}, 'high'],
    [41, 9, 'CompVis/stable-diffusion-v1-4', null, 'from_pretrained', 'DiffusionPipeline.from_pretrained', {}, 'high'],
    [47, 53, 'Lykon/DreamShaper', 'main', 'from_pretrained', 'StableDiffusionPipeline.from_single_file', {}, 'high'],
  ],
  'embeddings_service.py': [
    [23, 42, 'intfloat/e5-base-v2', null, 'constructor', 'SentenceTransformer', {}, 'medium'],
    [23, 42, 'sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2', null, 'constructor', 'SentenceTransformer', {}, 'medium'],
    [33, 30, 'sentence-transformers/all-MiniLM-L6-v2', null, 'constructor', 'SentenceTransformer', {}, 'high'],
    [34, 37, 'BAAI/bge-small-en-v1.5', null, 'constructor', 'SentenceTransformer', { trustRemoteCode: true }, 'medium'],
    [35, 25, 'cross-encoder/ms-marco-MiniLM-L-6-v2', null, 'constructor', 'CrossEncoder', {}, 'medium'],
    [37, 16, 'sentence-transformers/all-mpnet-base-v2', null, 'constructor', 'HuggingFaceEmbeddings', { trustRemoteCode: false }, 'high'],
  ],
  'hub_downloads.py': [
    [12, 36, 'TheBloke/Mistral-7B-Instruct-v0.2-GGUF', null, 'hub_download', 'hf_hub_download', {}, 'high'],
    [17, 42, 'Qwen/Qwen2-0.5B-Instruct-GGUF', null, 'from_pretrained', 'Llama.from_pretrained', {}, 'high'],
    [22, 17, 'cais/mmlu', 'c30699e8356da336a370243923dbaf21066bb9fe', 'dataset', 'snapshot_download', {}, 'high'],
    [31, 27, 'microsoft/phi-2', null, 'hub_download', 'HfApi.model_info', {}, 'high'],
    [32, 37, 'google/gemma-2b', 'main', 'hub_download', 'HfApi.list_repo_files', {}, 'high'],
    [34, 35, 'facebook/opt-125m', null, 'hub_download', 'snapshot_download', {}, 'high'],
  ],
  'negatives.py': [
  ],
  'resolution.py': [
    [21, 36, null, null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'low'],
    [22, 36, 'EleutherAI/gpt-neo-125m', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'high'],
    [23, 36, 'EleutherAI/gpt-j-6b', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'high'],
    [24, 36, 'EleutherAI/gpt-neox-20b', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'high'],
    [29, 40, 'EleutherAI/pythia-160m', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'high'],
    [30, 41, 'EleutherAI/pythia-160m', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'medium'],
    [30, 41, 'EleutherAI/pythia-1.4b', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'medium'],
    [31, 39, 'bert-base-uncased', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'high'],
    [37, 39, 'bert-base-uncased', null, 'from_pretrained', 'AutoTokenizer.from_pretrained', {}, 'medium'],
    [37, 39, 'roberta-base', null, 'from_pretrained', 'AutoTokenizer.from_pretrained', {}, 'medium'],
    [38, 53, 'google-t5/t5-small', null, 'from_pretrained', 'AutoModelForSeq2SeqLM.from_pretrained', {}, 'medium'],
    [38, 53, 'google-t5/t5-base', null, 'from_pretrained', 'AutoModelForSeq2SeqLM.from_pretrained', {}, 'medium'],
    [40, 39, 'EleutherAI/pythia-160m', null, 'from_pretrained', 'AutoTokenizer.from_pretrained', {}, 'medium'],
    [40, 39, 'EleutherAI/pythia-1.4b', null, 'from_pretrained', 'AutoTokenizer.from_pretrained', {}, 'medium'],
    [49, 50, 'facebook/bart-large-cnn', null, 'pipeline', 'pipeline', {}, 'high'],
    [49, 50, 'sshleifer/distilbart-cnn-12-6', null, 'pipeline', 'pipeline', {}, 'high'],
    [50, 37, 'google/pegasus-xsum', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'medium'],
    [50, 37, 'google/pegasus-large', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'medium'],
    [53, 38, 'gpt2-medium', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'high'],
    [58, 28, 'stabilityai/stable-diffusion-2-1', null, 'hub_download', 'hf_hub_download', {}, 'medium'],
    [58, 28, 'openai/whisper-small', null, 'hub_download', 'hf_hub_download', {}, 'medium'],
    [68, 35, 'microsoft/deberta-v3-base', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'medium'],
    [69, 35, 'allenai/scibert_scivocab_uncased', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'medium'],
    [70, 35, 'google/flan-t5-xl', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'medium'],
    [75, 38, 'facebook/opt-350m', null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'medium'],
    [79, 35, null, null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'low'],
    [80, 35, null, null, 'from_pretrained', 'AutoModel.from_pretrained', {}, 'low'],
    [87, 35, 'Salesforce/codegen-350M-mono', null, 'from_pretrained', 'AutoModel.from_pretrained', { trustRemoteCode: true, useSafetensors: false }, 'high'],
    [88, 35, 'mosaicml/mpt-7b', null, 'from_pretrained', 'AutoModel.from_pretrained', { trustRemoteCode: 'unknown', codeRevision: 'abc123' }, 'high'],
    [89, 43, 'tiiuae/falcon-7b', 'main', 'pipeline', 'pipeline', { trustRemoteCode: true }, 'high'],
  ],
  'run_glue_style.py': [
    [57, 13, 'nyu-mll/glue', null, 'dataset', 'load_dataset', {}, 'medium'],
    [65, 9, null, 'main', 'from_pretrained', 'AutoConfig.from_pretrained', { trustRemoteCode: 'unknown' }, 'low'],
    [73, 9, null, 'main', 'from_pretrained', 'AutoTokenizer.from_pretrained', {}, 'low'],
    [79, 9, null, 'main', 'from_pretrained', 'AutoModelForSequenceClassification.from_pretrained', { fromTf: 'unknown', trustRemoteCode: 'unknown' }, 'low'],
  ],
  'serving.py': [
    [17, 15, 'Qwen/Qwen2.5-7B-Instruct', null, 'constructor', 'LLM', { trustRemoteCode: true }, 'medium'],
    [18, 19, 'Qwen/Qwen2.5-7B-Instruct', '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567', 'constructor', 'LLM', { trustRemoteCode: true }, 'high'],
    [28, 34, null, 'v1.0', 'constructor', 'AsyncEngineArgs', { trustRemoteCode: false }, 'low'],
    [32, 30, 'HuggingFaceH4/zephyr-7b-beta', null, 'inference', 'InferenceClient', {}, 'high'],
    [33, 59, 'mistralai/Mistral-7B-Instruct-v0.2', null, 'inference', 'InferenceClient.text_generation', {}, 'high'],
  ],
  'settings_module.py': [
    [6, 14, 'meta-llama/Meta-Llama-3-8B-Instruct', null, 'config', 'BASE_MODEL', {}, 'medium'],
    [7, 48, 'BAAI/bge-large-en-v1.5', null, 'config', 'EMBEDDING_MODEL', {}, 'medium'],
    [8, 39, 'Qwen/Qwen2.5-1.5B-Instruct', null, 'config', 'MODEL_ID', {}, 'medium'],
    [9, 21, 'mistralai/Mistral-7B-Instruct-v0.3', null, 'config', 'SUPPORTED_MODELS', {}, 'medium'],
    [9, 59, 'google/gemma-2-9b-it', null, 'config', 'SUPPORTED_MODELS', {}, 'medium'],
    [10, 23, 'microsoft/Phi-3-mini-4k-instruct', null, 'config', 'MODEL_MAP', {}, 'medium'],
    [10, 68, 'meta-llama/Meta-Llama-3-70B-Instruct', null, 'config', 'MODEL_MAP', {}, 'medium'],
    [16, 16, 'tatsu-lab/alpaca', null, 'dataset', 'DATASET_NAME', {}, 'medium'],
    [23, 31, 'mistralai/Mistral-7B-v0.1', null, 'config', 'model_name_or_path', {}, 'medium'],
    [24, 41, 'mistralai/Mistral-7B-v0.1', null, 'config', 'tokenizer_name', {}, 'medium'],
    [25, 25, 'HuggingFaceH4/no_robots', null, 'dataset', 'dataset_name', {}, 'medium'],
    [45, 52, 'Qwen/Qwen2.5-7B-Instruct', null, 'config', 'teacher_model', {}, 'medium'],
    [50, 32, 'google/flan-t5-large', null, 'config', 'model_name', {}, 'medium'],
  ],
  'train_lora.py': [
    [22, 47, 'meta-llama/Llama-2-7b-hf', null, 'from_pretrained', 'AutoTokenizer.from_pretrained', { trustRemoteCode: 'unknown' }, 'medium'],
    [24, 9, 'meta-llama/Llama-2-7b-hf', null, 'from_pretrained', 'AutoModelForCausalLM.from_pretrained', { trustRemoteCode: 'unknown' }, 'medium'],
    [36, 50, 'tloen/alpaca-lora-7b', null, 'from_pretrained', 'PeftModel.from_pretrained', {}, 'medium'],
  ],
  'vision_models.py': [
    [10, 29, 'timm/vit_base_patch16_224.augreg2_in21k_ft_in1k', null, 'constructor', 'create_model', {}, 'high'],
    [12, 34, 'timm/convnext_tiny.fb_in22k', null, 'constructor', 'create_model', {}, 'high'],
    [17, 64, 'laion/CLIP-ViT-g-14-laion2B-s12B-b42K', null, 'constructor', 'create_model_from_pretrained', {}, 'high'],
    [18, 41, 'laion/CLIP-ViT-g-14-laion2B-s12B-b42K', null, 'constructor', 'get_tokenizer', {}, 'high'],
    [20, 41, 'openai/clip-vit-base-patch32', null, 'from_pretrained', 'CLIPModel.from_pretrained', {}, 'high'],
    [21, 47, 'openai/clip-vit-base-patch32', null, 'from_pretrained', 'CLIPProcessor.from_pretrained', {}, 'high'],
    [23, 9, 'openai/clip-vit-large-patch14', 'main', 'url', 'hub.load_state_dict_from_url', {}, 'medium'],
  ],
};

describe('extractPython on realistic files', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`finds exactly the references in ${name}`, async () => {
      const result = await extractFixture(name);
      expect(rows(result.references)).toEqual(expected);
      for (const ref of result.references) {
        expect(ref.file).toBe(`src/${name}`);
        if (ref.id === null) expect(ref.confidence).toBe('low');
      }
      if (name !== 'broken.py') expect(result.problems).toEqual([]);
    });
  }

  it('reports a syntax error with its line and still returns what tree-sitter recovered', async () => {
    const result = await extractFixture('broken.py');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file: 'src/broken.py', line: 6 });
    expect(result.problems[0].message).toMatch(/syntax error at line 6/);
    expect(result.references.map((r) => r.id)).toEqual(['google-bert/bert-base-cased', 'FacebookAI/roberta-large']);
  });

  it('records datasets apart from models', async () => {
    const hub = await extractFixture('hub_downloads.py');
    const mmlu = hub.references.find((r) => r.id === 'cais/mmlu');
    expect(mmlu).toMatchObject({ repoType: 'dataset', kind: 'dataset', call: 'snapshot_download' });
    const glue = await extractFixture('run_glue_style.py');
    expect(glue.references.filter((r) => r.repoType === 'dataset').map((r) => r.id)).toEqual(['nyu-mll/glue']);
  });

  it('keeps the raw text: the prefix form as written, the expression when unresolved', async () => {
    const vision = await extractFixture('vision_models.py');
    expect(vision.references[0].raw).toBe('hf-hub:timm/vit_base_patch16_224.augreg2_in21k_ft_in1k');
    const glue = await extractFixture('run_glue_style.py');
    expect(glue.references.at(-1)?.raw).toBe('model_args.model_name_or_path');
  });
});
