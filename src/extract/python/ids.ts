// Decides whether a string found at a loader argument is a hub id, in the loader's own terms.
// Builds on parseModelId and adds what only the Python call site can tell: local folders
// written without `./`, sentence-transformers' short names, dataset builder names.
import type { RepoType } from '../../types.js';
import { parseModelId } from '../../resolve/model-id.js';
import { LEGACY_MODEL_IDS } from '../../resolve/legacy-ids.js';

/**
 * - `model`: hub id or legacy un-namespaced model id (from_pretrained, pipeline model=)
 * - `explicit`: only `hf-hub:`/`hf_hub:`/`hf://`/hub URLs (timm, open_clip, keras presets, raw strings)
 * - `sentence-transformers`: like `model`, and a bare name means `sentence-transformers/<name>`
 * - `dataset`: a dataset repo, bare canonical names allowed (`glue`), builder names rejected
 */
export type IdMode = 'model' | 'explicit' | 'sentence-transformers' | 'dataset' | 'gradio' | 'torch-hub' | 'faster-whisper' | 'audiocraft' | 'llamaindex-local' | 'litellm-hf';

// audiocraft's short checkpoint names and the hub repositories get_pretrained loads for them.
const AUDIOCRAFT_NAMES: Record<string, string> = {
  small: 'facebook/musicgen-small', medium: 'facebook/musicgen-medium', large: 'facebook/musicgen-large',
  melody: 'facebook/musicgen-melody', style: 'facebook/musicgen-style',
};

// faster-whisper's size names and the hub repositories it downloads for them (faster_whisper.utils._MODELS).
const FASTER_WHISPER_SIZES: Record<string, string> = {
  'tiny.en': 'Systran/faster-whisper-tiny.en', tiny: 'Systran/faster-whisper-tiny',
  'base.en': 'Systran/faster-whisper-base.en', base: 'Systran/faster-whisper-base',
  'small.en': 'Systran/faster-whisper-small.en', small: 'Systran/faster-whisper-small',
  'medium.en': 'Systran/faster-whisper-medium.en', medium: 'Systran/faster-whisper-medium',
  'large-v1': 'Systran/faster-whisper-large-v1', 'large-v2': 'Systran/faster-whisper-large-v2',
  'large-v3': 'Systran/faster-whisper-large-v3', large: 'Systran/faster-whisper-large-v3',
  'distil-large-v2': 'Systran/faster-distil-whisper-large-v2', 'distil-medium.en': 'Systran/faster-distil-whisper-medium.en',
  'distil-small.en': 'Systran/faster-distil-whisper-small.en', 'distil-large-v3': 'Systran/faster-distil-whisper-large-v3',
  'distil-large-v3.5': 'distil-whisper/distil-large-v3.5-ct2',
  'large-v3-turbo': 'mobiuslabsgmbh/faster-whisper-large-v3-turbo', turbo: 'mobiuslabsgmbh/faster-whisper-large-v3-turbo',
};

export interface AcceptedId {
  id: string;
  revision: string | null;
  repoType: RepoType;
}

// The serverless Inference API's hosts name the model in the URL path (`api-inference.huggingface.co/models/<id>`);
// parseModelId reads the id there, and gives none for the OpenAI-style `router.huggingface.co/v1/...`.
const EXPLICIT = /^(hf_hub:|hf-hub:|hf:\/\/|(https?:\/\/)?(www\.|api-inference\.|router\.)?(huggingface\.co|hf\.co)\/)/i;

// First path segments of huggingface.co that are site pages, not repositories.
const RESERVED = new Set([
  'docs', 'blog', 'papers', 'learn', 'tasks', 'api', 'settings', 'join', 'login', 'pricing', 'organizations',
  'collections', 'posts', 'chat', 'new', 'new-space', 'new-dataset', 'enterprise', 'changelog', 'terms-of-service',
  'privacy', 'search', 'notifications', 'huggingchat', 'inference-endpoints', 'inference-api', 'welcome', 'models',
  'datasets', 'spaces', 'course', 'support', 'security', 'oauth', 'billing', 'about', 'jobs', 'brand',
]);

// Folder names that people pass to from_pretrained without `./`: `outputs/run1`, `checkpoints/best`.
const LOCAL_ORGS = new Set([
  'data', 'dataset', 'output', 'outputs', 'out', 'checkpoints', 'checkpoint', 'ckpt', 'ckpts', 'saved_models',
  'saved_model', 'save', 'saves', 'saved', 'results', 'result', 'runs', 'run', 'logs', 'log', 'weights', 'tmp',
  'temp', 'cache', 'local', 'model', 'models', 'pretrained', 'pretrained_models', 'pretrained_model', 'exp', 'exps',
  'experiments', 'work_dirs', 'workdir', 'work_dir', 'artifacts', 'resources', 'assets', 'src', 'lib', 'scripts',
  'notebooks', 'drive', 'content', 'trained_models', 'trained_model', 'finetuned', 'fine_tuned', 'lora', 'loras',
  'adapters', 'adapter', 'ckpt_dir', 'model_dir', 'models_dir', 'output_dir', 'save_dir', 'storage', 'volume',
  'volumes', 'mnt', 'home', 'root', 'user', 'users', 'workspace', 'app', 'path', 'dir',
]);
// The short names sentence-transformers publishes under its organisation (sbert.net pretrained
// models): all-*, multi-qa-*, paraphrase-*, msmarco-*, nli/stsb variants, gtr/sentence-t5, clip-ViT ...
const ST_SHORT_NAME =
  /^(all-|multi-qa-|paraphrase-|msmarco-|distiluse-|nli-|stsb-|gtr-t5-|sentence-t5-|clip-ViT-|average_word_embeddings_|facebook-dpr-|quora-|xlm-r-|use-cmlm-|nq-distilbert-|allenai-specter$|LaBSE$|(bert|roberta|distilbert|albert|distilroberta|xlm-roberta)(-base|-large)?-(nli|stsb|paraphrase|msmarco|wikipedia))/i;
const LOCAL_NAME = /^(checkpoint|ckpt|epoch|step|iter|global_step)[-_]?\d+$|^(final|best|last|latest)([-_](model|checkpoint|ckpt|adapter|weights))?$/i;

// Builder names load_dataset understands locally; they are not hub datasets.
const DATASET_BUILDERS = new Set([
  'json', 'csv', 'parquet', 'text', 'imagefolder', 'audiofolder', 'videofolder', 'arrow', 'webdataset', 'pandas',
  'sql', 'generator', 'spark', 'xml', 'folder', 'tsv', 'txt', 'jsonl', 'data', 'dataset', 'datasets', 'train',
  'test', 'validation', 'dev', 'local', 'custom', 'raw', 'default', 'none', 'null', 'true', 'false', 'hdf5', 'lance',
]);

function reservedPath(value: string): boolean {
  const m = EXPLICIT.exec(value);
  if (!m) return false;
  const first = value.slice(m[0].length).split(/[/?#@:]/)[0]?.toLowerCase() ?? '';
  if (first === 'datasets' || first === 'spaces' || first === 'models') {
    // A repo under the type prefix is fine; the bare listing page is not.
    const rest = value.slice(m[0].length).split(/[?#]/)[0].split('/').filter(Boolean);
    return rest.length < 2;
  }
  return RESERVED.has(first);
}

function localLooking(id: string): boolean {
  const slash = id.indexOf('/');
  if (slash < 0) return false;
  const org = id.slice(0, slash);
  const name = id.slice(slash + 1);
  // `ViT-B/32`, `ViT-L/14`: OpenAI CLIP architecture names, not repositories.
  if (/^\d+$/.test(name)) return true;
  return LOCAL_ORGS.has(org.toLowerCase()) || LOCAL_NAME.test(name);
}

/** True when the string is written in a form that can only mean the hub. */
export function isExplicitHub(value: string): boolean {
  return EXPLICIT.test(value.trim());
}

export function acceptId(raw: string, mode: IdMode): AcceptedId | null {
  let value = raw.trim();
  if (mode === 'gradio') {
    // `models/org/name` and the older `huggingface/org/name` name a model; `spaces/...` a Space.
    const m = /^(models|huggingface)\/(.+)$/.exec(value);
    if (!m) return null;
    value = m[2];
    mode = 'model';
  }
  if (mode === 'torch-hub') mode = 'model';
  if (mode === 'litellm-hf') {
    // LiteLLM routes `huggingface/org/name` (and `huggingface/<provider>/org/name`) to the hub's
    // inference; any other prefix (`openai/`, `together_ai/`, `ollama/`) is another service.
    const parts = /^huggingface\/(.+)$/.exec(value)?.[1].split('/');
    if (!parts || parts.length < 2 || parts.length > 3) return null;
    value = parts.slice(-2).join('/');
    mode = 'model';
  }
  if (mode === 'llamaindex-local') {
    // LlamaIndex's `local:org/name` means a HuggingFaceEmbedding of that hub model; other values
    // (`default`, `clip:...`, an OpenAI name) are not hub ids.
    const m = /^local:(.+)$/.exec(value);
    if (!m) return null;
    value = m[1];
    mode = 'sentence-transformers';
  }
  if (mode === 'audiocraft') {
    const repo = AUDIOCRAFT_NAMES[value];
    if (repo) return { id: repo, revision: null, repoType: 'model' };
    mode = 'model';
  }
  if (mode === 'faster-whisper') {
    const repo = FASTER_WHISPER_SIZES[value];
    if (repo) return { id: repo, revision: null, repoType: 'model' };
    mode = 'model';
  }
  if (!value || value.length > 300 || /[\s\\]/.test(value) || value.endsWith('/')) return null;
  const explicit = EXPLICIT.test(value);
  if (explicit && reservedPath(value)) return null;
  if (mode === 'explicit' && !explicit) return null;
  const parsed = parseModelId(value, 'model-arg');
  if (parsed) {
    if (!explicit && localLooking(parsed.id)) return null;
    if (mode === 'dataset') return { id: parsed.id, revision: parsed.revision, repoType: 'dataset' };
    if (parsed.repoType === 'space') return null;
    return { id: parsed.id, revision: parsed.revision, repoType: parsed.repoType };
  }
  if (explicit || value.includes('/')) return null;
  const bare = /^([A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])(@[\w.-]+)?$/.exec(value);
  if (!bare) return null;
  const name = bare[1];
  const revision = bare[2] ? bare[2].slice(1) : null;
  if (/\.(json|ya?ml|txt|csv|tsv|py|sh|bin|pt|pth|ckpt|safetensors|onnx|gguf|pkl|h5|npz|npy|parquet|jsonl|zip|tar|gz|arrow)$/i.test(name))
    return null;
  if (mode === 'sentence-transformers') {
    // sentence-transformers resolves short names under its own organisation unless they are
    // plain transformers checkpoints; short names of its models carry a hyphen (all-MiniLM-L6-v2).
    if (LEGACY_MODEL_IDS.has(name)) return { id: name, revision, repoType: 'model' };
    // Only names of the families it publishes: a folder (`my-finetuned-encoder`) or another
    // provider's model (`text-embedding-3-large`) is not under its organisation.
    if (!ST_SHORT_NAME.test(name)) return null;
    if (LOCAL_NAME.test(name) || LOCAL_ORGS.has(name.toLowerCase())) return null;
    return { id: `sentence-transformers/${name}`, revision, repoType: 'model' };
  }
  if (mode === 'dataset') {
    if (DATASET_BUILDERS.has(name.toLowerCase()) || LOCAL_ORGS.has(name.toLowerCase()) || LOCAL_NAME.test(name)) return null;
    if (!/^[a-z0-9][a-z0-9_.-]*$/.test(name)) return null;
    return { id: name, revision, repoType: 'dataset' };
  }
  return null;
}
