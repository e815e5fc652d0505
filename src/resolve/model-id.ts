// Turns what a user wrote into a hub id, or says it is not one. Pure functions.
//
// Accepted spellings: `org/name`, `https://huggingface.co/org/name[/tree|blob|resolve/<rev>/...]`,
// `hf.co/org/name`, `hf_hub:org/name`, `hf-hub:org/name`, `hf://org/name`, fairseq2's `hg://org/name`,
// `huggingface/org/name`
// is NOT accepted (ambiguous); suffixes `@revision` and `:tag` (Ollama/GGUF quant tags).
import type { RepoType } from '../types.js';
import { LEGACY_MODEL_IDS } from './legacy-ids.js';

export interface ParsedModelId {
  id: string;
  revision: string | null;
  repoType: RepoType;
  /** For `:tag` suffixes (hf.co/org/name:Q4_K_M): the tag, which selects a file, not a commit. */
  tag?: string;
}

/**
 * Where the string came from decides how much to trust a bare name:
 * - `model-arg`: an argument the API documents as a hub id (from_pretrained, pipeline model=):
 *   `org/name` accepted; legacy un-namespaced ids accepted when they are known legacy ids.
 * - `config`: a value under a key that usually holds a model id: same as model-arg.
 * - `free-text`: anywhere else (shell words, env values, comments): only URL/prefix forms or
 *   `org/name` shapes that cannot be something else.
 */
export type IdContext = 'model-arg' | 'config' | 'free-text';

const HUB_HOSTS = new Set(['huggingface.co', 'hf.co', 'www.huggingface.co']);
// The serverless Inference API names the model in the URL path:
// api-inference.huggingface.co/models/<id>, api-inference.huggingface.co/pipeline/<task>/<id>,
// router.huggingface.co/<provider>/models/<id> (router.huggingface.co/v1 is OpenAI-style: no id).
const INFERENCE_HOSTS = new Set(['api-inference.huggingface.co', 'router.huggingface.co']);

/** The `<org>/<name>[/...]` part of an Inference API URL path, or null when it names no model. */
function inferenceModelPath(host: string, path: string): string | null {
  const parts = path.split('/').filter(Boolean);
  let rest: string[] = [];
  if (host === 'api-inference.huggingface.co') {
    if (parts[0] === 'models') rest = parts.slice(1);
    else if (parts[0] === 'pipeline' && parts.length > 2) rest = parts.slice(2);
  } else if (parts[1] === 'models' && parts[0] !== 'v1') {
    rest = parts.slice(2);
  }
  // `/models/<org>/<name>/v1/chat/completions`: only the id.
  const id = rest.length >= 2 && !['v1', 'pipeline'].includes(rest[1]) ? rest.slice(0, 2) : rest.slice(0, 1);
  return id.length ? id.join('/') : null;
}

/** True for a URL of the serverless Inference API that can carry a model id. */
export function isInferenceApiUrl(text: string): boolean {
  return /^https?:\/\/(api-inference|router)\.huggingface\.co\//i.test(text);
}
const SEGMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?$/;
const COMMIT = /^[0-9a-f]{40}$/;

/** A 40-hex commit hash: the only revision that pins content. */
export function isCommitHash(revision: string | null | undefined): revision is string {
  return !!revision && COMMIT.test(revision);
}

function validSegment(s: string): boolean {
  if (!SEGMENT.test(s)) return false;
  if (s.includes('--') || s.includes('..')) return false;
  return true;
}

/** Strings that look like `a/b` but are other things: paths, images, file names. */
function looksLikeNonModel(org: string, name: string, context: IdContext): boolean {
  // File names with extensions common in paths (a/b.json, data/train.csv, x/model.bin).
  if (/\.(json|ya?ml|txt|csv|tsv|py|sh|md|bin|pt|pth|ckpt|safetensors|onnx|gguf|pkl|h5|npz|npy|parquet|jsonl|zip|tar|gz|png|jpe?g|wav|mp3|html|js|ts|toml|cfg|ini|log|lock|env)$/i.test(name))
    return true;
  // Relative-path idioms and common folders (a config value `outputs/run1` is a folder).
  if (LOCAL_FOLDERS.has(org.toLowerCase()) && context !== 'model-arg') return true;
  if (['.', '..', 'tmp', 'home', 'usr', 'var', 'etc', 'opt', 'mnt', 'root'].includes(org)) return true;
  // MIME types and similar.
  if (['application', 'text', 'image', 'audio', 'video', 'multipart'].includes(org) && context === 'free-text') return true;
  return isOtherProviderModel(org, name);
}

const LOCAL_FOLDERS = new Set([
  '.', '..', 'src', 'data', 'models', 'outputs', 'output', 'checkpoints', 'ckpt', 'ckpts', 'tmp', 'home',
  'usr', 'var', 'etc', 'opt', 'mnt', 'workspace', 'app', 'saves', 'runs', 'results', 'weights', 'cache',
  'exp', 'experiments', 'logs', 'pretrained', 'pretrained_models', 'local', 'artifacts', 'out', 'configs',
  'config', 'conf', 'scripts', 'examples', 'tests', 'test', 'docs', 'assets', 'resources', 'notebooks', 'lib',
  'build', 'dist', 'temp', 'log', 'saved_models', 'saved_model', 'save', 'saved', 'result', 'run',
  'work_dirs', 'workdir', 'work_dir', 'trained_models', 'finetuned', 'storage', 'volume', 'volumes', 'drive',
  'content', 'ckpt_dir', 'model_dir', 'models_dir', 'output_dir', 'save_dir', 'checkpoint', 'dataset',
  'model', 'local_models', 'hf_models', 'merged_models', 'base_models',
]);

// Model names of API providers, written `provider/model` by LiteLLM, OpenRouter and similar
// routers. They share the `org/name` shape with hub ids but name no hub repository.
const PROVIDER_ORGS = new Set([
  'anthropic', 'azure', 'azure_ai', 'bedrock', 'sagemaker', 'vertex_ai', 'vertex_ai_beta', 'gemini',
  'openrouter', 'ollama', 'ollama_chat', 'groq', 'together_ai', 'fireworks_ai', 'replicate', 'perplexity',
  'deepinfra', 'anyscale', 'cloudflare', 'watsonx', 'databricks', 'nvidia_nim', 'cerebras', 'sambanova',
  'xai', 'x-ai', 'voyage', 'mistral', 'deepseek', 'cohere', 'cohere_chat', 'text-completion-openai',
  'hosted_vllm', 'lm_studio', 'litellm_proxy', 'openai_compatible', 'github', 'copilot', 'moonshot',
  'dashscope', 'volcengine', 'friendliai', 'nscale', 'novita', 'featherless_ai', 'hyperbolic', 'nebius',
  // GitHub Models, Replicate and AI-gateway publishers that have no hub organisation of that name.
  'mistral-ai', 'ai21-labs', 'core42', 'meta', 'stability-ai', 'alibaba', 'zai', 'vercel', 'workers-ai',
]);
const PROVIDER_MODEL_NAMES: Record<string, RegExp> = {
  openai: /^(gpt-(3|4|5)|gpt-4o|chatgpt|o[1345](-|$)|text-(embedding|davinci|moderation)|davinci|babbage|dall-e|tts-1|whisper-1$|omni-moderation|computer-use)/i,
  google: /^(gemini|palm|chat-bison|text-bison|learnlm|imagen|veo)/i,
  amazon: /^(nova-|titan-)/i,
};

/** `openai/gpt-4o`, `anthropic/claude-3-5-sonnet`: a provider's API model, not a hub id. */
export function isOtherProviderModel(org: string, name: string): boolean {
  if (PROVIDER_ORGS.has(org.toLowerCase())) return true;
  const names = PROVIDER_MODEL_NAMES[org.toLowerCase()];
  return !!names && names.test(name);
}

// First path segments of huggingface.co pages that are not repositories.
const SITE_PAGES = new Set([
  'docs', 'blog', 'papers', 'learn', 'tasks', 'pricing', 'join', 'login', 'settings', 'organizations',
  'collections', 'new', 'new-dataset', 'new-space', 'chat', 'posts', 'enterprise', 'inference-endpoints',
  'inference', 'search', 'terms-of-service', 'privacy', 'welcome', 'changelog', 'huggingchat', 'oauth',
  'notifications', 'billing', 'support', 'brand', 'jobs', 'hardware', 'storage', 'leaderboard',
]);
// LiteLLM route prefixes whose model part is a hub id (OpenRouter and API vendors name their own models).
const HUB_ROUTES = new Set(['huggingface', 'hosted_vllm', 'vllm', 'openai', 'text-completion-openai', 'openai_compatible']);
// Subfolders in which hub repositories ship another export of the same model.
const FORMAT_SUBFOLDERS = new Set(['onnx', 'openvino', 'coreml', 'tflite']);
const QUANT_TAG = /^(i?q\d|f16|f32|bf16|fp16|fp8|ud-|mxfp4|int[48])/i;
// Hugging Face Inference Providers route a hub model to a provider with `org/name:provider`
// (and `:fastest` / `:cheapest` policies). The suffix picks who serves it, not what is served.
const PROVIDER_TAGS = new Set([
  'cerebras', 'cohere', 'fal-ai', 'featherless-ai', 'fireworks-ai', 'groq', 'hf-inference', 'hyperbolic',
  'nebius', 'novita', 'nscale', 'replicate', 'sambanova', 'scaleway', 'together', 'deepinfra', 'publicai',
  'ovhcloud', 'zai-org', 'wavespeed', 'clarifai', 'fastest', 'cheapest', 'preferred',
]);
/** True for the `:provider` suffix of an Inference Providers model name. */
export function isProviderTag(tag: string): boolean {
  return PROVIDER_TAGS.has(tag.toLowerCase());
}

function splitRevision(rest: string): { body: string; revision: string | null; tag?: string } {
  const at = rest.indexOf('@');
  if (at >= 0) return { body: rest.slice(0, at), revision: rest.slice(at + 1) || null };
  const colon = rest.indexOf(':');
  if (colon >= 0) return { body: rest.slice(0, colon), revision: null, tag: rest.slice(colon + 1) };
  return { body: rest, revision: null };
}

/**
 * `hf://org/name@<rev>/path/in/repo`: the revision ends at the next slash, except the hub's
 * slash-containing refs (`refs/pr/<n>`, `refs/convert/<name>`).
 */
function revisionBeforePath(text: string): string | null {
  const special = /^refs\/(pr|convert)\/[^/]+/.exec(text);
  const revision = special ? special[0] : text.split('/')[0];
  return revision || null;
}

function fromPath(path: string, context: IdContext, explicitHub: boolean): ParsedModelId | null {
  let repoType: RepoType = 'model';
  // `org/name@refs/pr/1`: the revision may itself contain slashes.
  let atRevision: string | null = null;
  const at = path.indexOf('@');
  if (at >= 0) {
    atRevision = revisionBeforePath(path.slice(at + 1));
    path = path.slice(0, at);
  }
  let parts = path.split('/').filter((p) => p.length > 0);
  if (explicitHub) {
    if (parts[0] === 'api' && ['models', 'datasets', 'spaces'].includes(parts[1] ?? '')) parts = parts.slice(1);
    if (parts.length > 0 && SITE_PAGES.has(parts[0].toLowerCase())) return null;
    if (parts.length === 2 || (parts.length === 3 && ['datasets', 'spaces', 'models'].includes(parts[0])))
      parts[parts.length - 1] = parts[parts.length - 1].replace(/\.git$/, '');
  }
  if (parts[0] === 'datasets' || parts[0] === 'spaces') {
    repoType = parts[0] === 'datasets' ? 'dataset' : 'space';
    parts = parts.slice(1);
  } else if (parts[0] === 'models' && explicitHub && parts.length >= 3) {
    parts = parts.slice(1);
  }
  if (parts.length === 0) return null;
  let revision: string | null = null;
  // URL forms: org/name/{tree,blob,resolve,commit}/<rev>/...
  if (explicitHub && parts.length >= 4 && ['tree', 'blob', 'resolve', 'commit', 'raw'].includes(parts[2])) {
    revision = safeDecode(parts[3]);
    parts = parts.slice(0, 2);
  }
  // LiteLLM routes hub models through OpenAI-compatible servers as `<route>/<org>/<name>`
  // (`hosted_vllm/Qwen/Qwen2.5-7B-Instruct`, `huggingface/meta-llama/Llama-3.1-8B-Instruct`).
  if (parts.length === 3 && !explicitHub && context !== 'free-text' && HUB_ROUTES.has(parts[0].toLowerCase())) parts = parts.slice(1);
  // A flag or key that takes a hub id may name a format subfolder of the repository
  // (`--model-id org/name/onnx` for Infinity's optimum engine). Only these folder names, and not
  // under a common local root (`models/bge/onnx`), since three segments are usually a local path.
  if (
    parts.length === 3 && !explicitHub && context !== 'free-text' &&
    FORMAT_SUBFOLDERS.has(parts[2].toLowerCase()) && !LOCAL_FOLDERS.has(parts[0].toLowerCase())
  )
    parts = parts.slice(0, 2);
  if (parts.length > 2) {
    if (!explicitHub) return null;
    parts = parts.slice(0, 2);
  }
  const last = splitRevision(parts[parts.length - 1]);
  parts[parts.length - 1] = last.body;
  revision = revision ?? last.revision ?? atRevision;
  const tag = last.tag !== undefined && isProviderTag(last.tag) ? undefined : last.tag;
  // Without a hub prefix, `org/name:tag` is a docker image or an Ollama name unless the tag is a
  // GGUF quantisation (llama.cpp `-hf org/name:Q4_K_M`).
  if (tag !== undefined && !explicitHub && !QUANT_TAG.test(tag)) return null;
  if (revision !== null && revision.length === 0) revision = null;
  if (parts.length === 2) {
    const [org, name] = parts;
    if (!validSegment(org) || !validSegment(name)) return null;
    if (!explicitHub && looksLikeNonModel(org, name, context)) return null;
    return { id: `${org}/${name}`, revision, repoType, ...(tag ? { tag } : {}) };
  }
  const [single] = parts;
  if (!validSegment(single) || repoType !== 'model') return null;
  // A bare name is a hub id only when it is a known legacy id (huggingface.co/TheBloke is a user page).
  if ((explicitHub || context === 'model-arg' || context === 'config') && LEGACY_MODEL_IDS.has(single))
    return { id: single, revision, repoType, ...(tag ? { tag } : {}) };
  return null;
}

/** Percent-decoding that leaves malformed escapes as written instead of throwing. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Parses a string into a hub id, or null when it is not one in this context. */
export function parseModelId(raw: string, context: IdContext = 'model-arg'): ParsedModelId | null {
  const text = raw.trim();
  if (!text || text.length > 300 || /\s/.test(text)) return null;
  const prefix = /^(hf_hub:|hf-hub:|hf:\/\/|hg:\/\/|huggingface:\/\/|hf\.co\/|huggingface\.co\/)/i.exec(text);
  if (prefix) {
    const rest = text.slice(prefix[0].length);
    const parsed = fromPath(rest, context, true);
    // KServe `hf://org/name:<commit>`: after hf:// a hex suffix is a revision, not a file tag.
    if (parsed?.tag && /^hf:\/\//i.test(prefix[0]) && /^[0-9a-f]{7,40}$/.test(parsed.tag)) {
      return { id: parsed.id, revision: parsed.revision ?? parsed.tag, repoType: parsed.repoType };
    }
    return parsed;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return null;
    }
    const host = url.hostname.toLowerCase();
    if (INFERENCE_HOSTS.has(host)) {
      const path = inferenceModelPath(host, safeDecode(url.pathname));
      return path ? fromPath(path, context, true) : null;
    }
    if (!HUB_HOSTS.has(host)) return null;
    return fromPath(safeDecode(url.pathname), context, true);
  }
  // Absolute, home-relative and explicit relative paths are local.
  if (/^([./~\\]|[A-Za-z]:[\\/])/.test(text)) return null;
  // Docker images with registry hosts or tags on a non-hub context: `nvidia/cuda:12.1`.
  if (context === 'free-text' && /^[^/]+\/[^/:]+:[^/]+$/.test(text) && !/^[^/]+\/[^/:]+:(Q\d|q\d|IQ\d|F16|F32|BF16)/i.test(text) && !isProviderTag(text.slice(text.lastIndexOf(':') + 1)))
    return null;
  return fromPath(text, context, false);
}

/** The organisation or user part of an id; legacy ids have none. */
export function ownerOf(id: string): string | null {
  const slash = id.indexOf('/');
  return slash < 0 ? null : id.slice(0, slash);
}
