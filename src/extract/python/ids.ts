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
export type IdMode = 'model' | 'explicit' | 'sentence-transformers' | 'dataset' | 'gradio' | 'torch-hub';

export interface AcceptedId {
  id: string;
  revision: string | null;
  repoType: RepoType;
}

const EXPLICIT = /^(hf_hub:|hf-hub:|hf:\/\/|(https?:\/\/)?(www\.)?(huggingface\.co|hf\.co)\/)/i;

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
    if (!name.includes('-') && name !== 'LaBSE') return null;
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
