// Shared pieces of every non-Python extractor: positions, reference construction, the checks
// that turn unreadable input into FileProblems, and the names that usually hold model ids.
import type { Confidence, FileProblem, LoaderFlags, ModelReference, ReferenceKind, RepoType } from '../types.js';
import { parseModelId, type IdContext } from '../resolve/model-id.js';

/** Lines longer than this are generated or minified content, not something a person wrote. */
export const MAX_LINE_CHARS = 20_000;

/** Maps character offsets to 1-based line and column. */
export class Positions {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
  lineCount(): number {
    return this.starts.length;
  }
}

/** Binary content (NUL bytes or mostly replacement characters) is not text to extract from. */
export function binaryProblem(path: string, text: string): FileProblem | null {
  const sample = text.slice(0, 8192);
  if (sample.includes('\u0000') || (sample.match(/\uFFFD/g)?.length ?? 0) > sample.length / 10 + 4) {
    return {
      file: path,
      line: 1,
      message: `${path} looks binary, so it was not searched for model references.`,
      fix: 'If this file is not source or configuration, add it to ignorePaths in the policy; otherwise save it as UTF-8 text.',
    };
  }
  return null;
}

/** The first line longer than MAX_LINE_CHARS, as a problem (the file is generated or minified). */
export function hugeLineProblem(path: string, text: string): FileProblem | null {
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > MAX_LINE_CHARS) {
      return {
        file: path,
        line,
        message: `${path}:${line} is ${end - start} characters long (limit ${MAX_LINE_CHARS}); the file looks generated or minified and was not searched.`,
        fix: 'Add generated or minified files to ignorePaths in the policy, or split the line if a person maintains it.',
      };
    }
    start = end + 1;
    line++;
  }
  return null;
}

export interface RefInput {
  file: string;
  line: number;
  column: number;
  raw: string;
  kind: ReferenceKind;
  call: string;
  context: IdContext;
  revision?: string | null;
  flags?: LoaderFlags;
  confidence?: Confidence;
  /** When the value is a placeholder that names a model, report it unresolved instead of dropping it. */
  unresolvedAllowed?: boolean;
  /** The repository type the surrounding call or flag says (`--repo-type dataset`). */
  repoType?: RepoType;
}

const PLACEHOLDER = /\$\{|\$\(|\$[A-Za-z_0-9@*]|\{\{|%\(|<[A-Za-z_]+>/;

/** True when the text contains a template or variable placeholder (`${X}`, `$X`, `{{ x }}`). */
export function hasPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text);
}

/**
 * A placeholder inside a path (`${base}/llama/tokenizer.model`, `$CKPT/step_100/model`) names a
 * local file or folder: more than two path segments or a file extension, where a hub id is
 * `org/name`. Hub URLs and prefixes (`hf://${ORG}/${NAME}`) are left to the id parser.
 */
function looksLikeTemplatedPath(raw: string): boolean {
  if (/^(https?:\/\/|hf:\/\/|hf\.co\/|huggingface\.co\/|hf_hub:|hf-hub:)/i.test(raw)) return false;
  // `/data/$REPO_ID`, `./models/${NAME}`, `~/ckpt/$RUN`: rooted in a local folder.
  if (/^([./~\\]|[A-Za-z]:[\\/])/.test(raw)) return true;
  const bare = raw.replace(/\$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\}/g, 'X');
  if (bare.split('/').filter(Boolean).length > 2) return true;
  return /\.(json|ya?ml|txt|model|bin|pt|pth|ckpt|safetensors|onnx|gguf|pkl|h5|npz|tiktoken)$/i.test(bare);
}

// Settings named after a hosted API (`OPENAI_CHAT_MODEL_ID`, `AZURE_OPENAI_MODEL_NAME`,
// `ANTHROPIC_MODEL`) hold that vendor's model names: a placeholder under one is not an
// unresolved hub reference. A literal hub id under such a name is still read.
const API_VENDOR_NAME = /^(AZURE_OPENAI|OPENAI|ANTHROPIC|CLAUDE|GEMINI|GOOGLE|VERTEX|BEDROCK|AWS_BEDROCK|GROQ|MISTRAL|COHERE|DEEPSEEK|XAI|PERPLEXITY)_[A-Z0-9_]*MODEL/;
function namesApiVendorModel(name: string): boolean {
  return API_VENDOR_NAME.test(name);
}

/**
 * Builds a reference from a value written where a model id is expected, or null when the value
 * is not a hub id. Placeholders become unresolved references (id null) when allowed.
 */
export function makeReference(input: RefInput): ModelReference | null {
  const raw = input.raw.trim();
  if (!raw) return null;
  const base = {
    file: input.file,
    line: input.line,
    column: input.column,
    raw,
    kind: input.kind,
    call: isPushTargetKey(input.call) ? `${PUSH_PREFIX}${input.call}` : input.call,
    flags: { ...(input.flags ?? {}) },
  };
  if (hasPlaceholder(raw)) {
    if (!input.unresolvedAllowed || looksLikeTemplatedPath(raw) || namesApiVendorModel(input.call)) return null;
    return { ...base, id: null, revision: input.revision ?? null, repoType: input.repoType ?? 'model', confidence: 'low' };
  }
  const parsed = parseModelId(raw, input.context);
  if (!parsed) return null;
  if (input.repoType && input.repoType !== 'model' && parsed.repoType === 'model') {
    if (parsed.id.includes('/')) parsed.repoType = input.repoType;
    else return null;
  }
  const kind: ReferenceKind = parsed.repoType === 'dataset' ? 'dataset' : input.kind;
  return {
    ...base,
    kind,
    id: parsed.id,
    revision: parsed.revision ?? input.revision ?? null,
    repoType: parsed.repoType,
    confidence: input.confidence ?? 'high',
  };
}

// Where a training run uploads its result (`hub_model_id`, `--hub_model_id`, LLaMA-Factory's
// `export_hub_model_id`): a repository the project writes, reported so policy and typosquat
// checks see it, but marked in `call` because it is not loaded and cannot be pinned.
const PUSH_PREFIX = 'push_to_hub:';
function isPushTargetKey(call: string): boolean {
  if (/^huggingface-cli (upload|repo create)$/.test(call)) return true;
  return /(^|_)hub_model_id$|^push_to_hub_model_id$/.test(normaliseKey(call.replace(/^-+/, '')));
}

/** True for a reference that names where the project pushes a model rather than what it loads. */
export function isPushTarget(ref: Pick<ModelReference, 'call'>): boolean {
  return ref.call.startsWith(PUSH_PREFIX);
}

/** snake_case form of a key: `modelId` -> `model_id`, `base-model` -> `base_model`. */
export function normaliseKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[-.\s]+/g, '_');
}

// Keys whose value is a model id when it has the shape of one. Exact names first, then
// suffixes such as `teacher_model`, `reward_model_name_or_path`, `draft_model_id`.
const MODEL_KEYS = new Set([
  'model', 'model_id', 'model_name', 'model_name_or_path', 'model_path', 'model_repo', 'model_repo_id',
  'model_url', 'model_uri', 'model_checkpoint', 'base_model', 'base_model_name_or_path', 'base_model_id',
  'base_model_config', 'pretrained_model_name_or_path', 'pretrained_model', 'pretrained_model_name',
  'pretrained_model_path', 'tokenizer', 'tokenizer_name', 'tokenizer_name_or_path', 'tokenizer_id',
  'tokenizer_path', 'tokenizer_config', 'hub_model_id', 'repo_id', 'hf_model', 'hf_model_id',
  'hf_model_name', 'hf_repo', 'hf_repo_id', 'hf_hub_id', 'adapter_name_or_path', 'adapter_id',
  'adapter_model', 'peft_model_id', 'lora_model', 'vision_tower', 'mm_vision_tower', 'image_processor',
  'processor_name', 'processor_name_or_path', 'feature_extractor', 'feature_extractor_name',
  'embedding_model', 'embed_model', 'embedding_model_name', 'embeddings_model', 'reranker_model',
  'rerank_model', 'cross_encoder', 'speculative_model', 'draft_model', 'teacher_model', 'reward_model',
  'ref_model', 'critic_model', 'student_model', 'text_encoder', 'clip_model', 'vae', 'vae_model',
  'sentence_transformer', 'checkpoint', 'pretrained', 'hf_path', 'hf_model_path', 'hf_checkpoint',
  'encoder', 'decoder', 'backbone', 'encoder_name', 'decoder_name', 'backbone_name',
  // mergekit: the model whose tokenizer the merge keeps (`base` and `union` are not ids).
  'tokenizer_source',
]);
const MODEL_KEY_SUFFIX = /_(model|model_id|model_name|model_name_or_path|model_path|model_repo|tokenizer|tokenizer_id|tokenizer_name|tokenizer_name_or_path|repo_id|checkpoint)$/;
/** Keys that look like model keys but hold something else. */
const NOT_MODEL_KEYS = new Set([
  'served_model_name', 'model_type', 'output_model', 'save_model', 'model_card', 'model_max_length',
  'pad_to_multiple_of', 'data_checkpoint', 'resume_from_checkpoint', 'save_checkpoint', 'load_checkpoint',
]);
// `*_model` names from outside ML: a data model, a pricing model, a GPU model (`nvidia/a100`).
const NON_ML_MODEL = /(^|_)(data|pricing|threat|business|permission|security|colou?r|object|domain|user|auth_user|db|database|orm|concurrency|memory|thread|threading|cost|billing|access|view|page|device|cpu|gpu|hardware|phone|product|vehicle|car|printer|network|process|execution|deployment|release|branching|license|payment|subscription|role|state|risk|maturity|delivery|operating|service|document|schema|content|entity|form|table|record|api_data|response|request)_model(_id|_name)?$/;

export function isModelKey(key: string): boolean {
  const k = normaliseKey(key);
  if (NOT_MODEL_KEYS.has(k) || NON_ML_MODEL.test(k)) return false;
  return MODEL_KEYS.has(k) || MODEL_KEY_SUFFIX.test(k);
}

// Keys too generic to say a placeholder holds a hub id (`model: ${oc.env:X}` in a Hydra config
// may name a config group): an unresolved value under them is not reported.
const GENERIC_KEYS = new Set([
  'model', 'checkpoint', 'processor', 'vae', 'tokenizer', 'text_encoder', 'config_name', 'feature_extractor',
  'image_processor', 'pretrained', 'repo_id', 'cross_encoder', 'encoder', 'decoder', 'backbone', 'MODEL', 'TOKENIZER',
]);
export function isGenericModelKey(key: string): boolean {
  return GENERIC_KEYS.has(key) || GENERIC_KEYS.has(normaliseKey(key));
}

/** Keys that name a tokenizer (they take their own revision flag in most tools). */
export function isTokenizerKey(key: string): boolean {
  return /tokenizer/.test(normaliseKey(key));
}

const DATASET_KEYS = new Set(['dataset_name', 'dataset_id', 'dataset_repo', 'hf_dataset', 'dataset_name_or_path']);
export function isDatasetKey(key: string): boolean {
  return DATASET_KEYS.has(normaliseKey(key));
}

// Environment variable names that hold a model id: MODEL_ID, HF_MODEL_ID, EMBEDDING_MODEL, ...
const ENV_MODEL_NAME = /^(?:[A-Z0-9]+_)*(MODEL|MODEL_ID|MODEL_NAME|MODEL_REPO|MODEL_REPO_ID|MODEL_NAME_OR_PATH|MODEL_PATH|BASE_MODEL|TOKENIZER|TOKENIZER_ID|TOKENIZER_NAME)$|^(?:[A-Z0-9]+_)*(HF|HF_HUB|HUB|HUGGINGFACE)_REPO(_ID)?$/;
const ENV_NOT_MODEL = /(SERVED_MODEL_NAME|MODEL_TYPE|MODEL_DIR|MODEL_CACHE|MODEL_URL_PREFIX)$/;
// Role written after the word: `MODEL_RERANKER`, `MODEL_EMBEDDING`, `MODEL_LLM` (not `MODEL_DIR`, `MODEL_PORT`).
const ENV_MODEL_ROLE = /^(?:[A-Z0-9]+_)*MODEL_(RERANKER|RERANK|EMBEDDING|EMBEDDINGS|EMBED|EMBEDDER|LLM|CHAT|GENERATOR|GENERATION|INSTRUCT|VISION|VLM|CAPTION|CAPTIONER|ASR|STT|TTS|WHISPER|CLASSIFIER|SUMMARIZER|TRANSLATOR|DRAFT|REWARD|JUDGE|TEACHER|STUDENT|POLICY)(_ID|_NAME|_REPO)?$/;

export function isModelEnvName(name: string): boolean {
  return (ENV_MODEL_NAME.test(name) || ENV_MODEL_ROLE.test(name)) && !ENV_NOT_MODEL.test(name) && !NON_ML_MODEL.test(name.toLowerCase());
}

/** Names that may hold several models in one value: `*_MODEL`, `*_MODELS`, `HF_MODEL_CANDIDATES`. */
export function mayHoldModelList(name: string): boolean {
  return /(^|_)MODEL(S|_IDS|_NAMES|_LIST)?(_|$)/i.test(name) && !ENV_NOT_MODEL.test(name.toUpperCase());
}

/**
 * `org/a,org/b`: a comma-separated list in which every part is a namespaced hub id, as the
 * parts and their offsets in the value (null otherwise: `pretrained=x,dtype=y` is not a list).
 */
export function commaModelList(value: string): { text: string; offset: number }[] | null {
  if (!value.includes(',') || value.length > 4000 || /\s/.test(value.replace(/,\s+/g, ','))) return null;
  const parts: { text: string; offset: number }[] = [];
  let at = 0;
  for (const piece of value.split(',')) {
    const text = piece.trim();
    if (text) parts.push({ text, offset: at + piece.indexOf(text) });
    at += piece.length + 1;
  }
  if (parts.length < 2 || !parts.every((p) => parseModelId(p.text)?.id.includes('/'))) return null;
  return parts;
}

/**
 * Variable names that hold a model id in files that only assign variables (Dockerfile ENV/ARG,
 * env files): the upper-case conventions above, and lower-case config keys (`ENV repo_id=...`).
 */
export function isModelVariableName(name: string): boolean {
  return isModelEnvName(name) || (/^[a-z][a-z0-9_]*$/.test(name) && isModelKey(name));
}

/** Keys that hold a shell command or an argument vector. */
const COMMAND_KEYS = new Set(['command', 'commands', 'args', 'entrypoint', 'run', 'script', 'cmd', 'cmds', 'before_script', 'after_script', 'exec', 'shell', 'exec_start', 'exec_start_pre', 'post_create_command', 'post_start_command', 'on_create_command']);
export function isCommandKey(key: string): boolean {
  return COMMAND_KEYS.has(normaliseKey(key));
}

export function truthy(value: unknown): boolean | 'unknown' {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['true', 'yes', '1', 'on'].includes(v)) return true;
    if (['false', 'no', '0', 'off'].includes(v)) return false;
  }
  return 'unknown';
}
