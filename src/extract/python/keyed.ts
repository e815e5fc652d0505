// Hub ids written where a name says "model" but no loader in this file reads them: constants in
// a config module (`BASE_MODEL = "org/name"` imported elsewhere), dataclass and pydantic
// defaults, keyword arguments and dict entries (`Config(model_name="org/name")`), argparse
// defaults, `os.getenv("MODEL_ID", "org/name")`. Key names follow the config extractor's list so
// Python and YAML agree on what a model key is.
import type { Node } from 'web-tree-sitter';
import type { ModelReference } from '../../types.js';
import { isDatasetKey, isModelEnvName, isModelKey, normaliseKey } from '../common.js';
import { acceptId, isExplicitHub, type AcceptedId } from './ids.js';
import { optionDest } from './scope.js';
import { callArgs, dottedParts, literalString } from './syntax.js';
import type { Resolver } from './values.js';
import type { LocationMap } from './extract.js';

const COLLECTIONS = new Set(['list', 'tuple', 'set', 'dictionary', 'pair', 'expression_list']);
const PASS_THROUGH = new Set(['concatenated_string', 'parenthesized_expression', 'binary_operator', 'conditional_expression', 'boolean_operator']);
const VALUE_CALLS = new Set(['field', 'Field', 'Option', 'Argument', 'getenv', 'get', 'setdefault', 'str']);

export interface KeyContext {
  /** The file imports a Hugging Face library (transformers, huggingface_hub, vllm, ...). */
  hubFile: boolean;
}

const API_CALL = /(^|\.)(completions\.create|chat\.completions\.create|embeddings\.create|responses\.create|completion|acompletion|embedding|aembedding|ChatOpenAI|OpenAI|AzureOpenAI|ChatAnthropic|ChatLiteLLM|LiteLLM|ChatOllama|Ollama|OllamaEmbeddings|OpenAIEmbeddings|ChatGroq|ChatTogether|ChatMistralAI|ChatGoogleGenerativeAI|GenerativeModel|messages\.create|generate_content)$/;

/** `SUPPORTED_MODELS`, `model_names`, `MODEL_MAP`: the key one element of the collection has. */
function singular(key: string): string {
  return key.replace(/(_list|_map|_dict|_mapping|_choices|_options|_candidates)$/i, '').replace(/s$/i, '');
}

// UI pickers (gradio, streamlit, ipywidgets, panel) whose options and value become a variable.
const WIDGET = /^(Dropdown|Radio|selectbox|radio|multiselect|select_slider|pills|segmented_control|Select|MultiSelect|RadioButtons|ToggleButtons|Combobox|Autocomplete|RadioButtonGroup|option_menu)$/;
const WIDGET_VALUE_KWS = new Set(['choices', 'value', 'options', 'default', 'index']);

/** The variable a UI picker call is assigned to, or null when the call is not a picker. */
function widgetTarget(call: Node): string | null {
  const parts = dottedParts(call.childForFieldName('function'));
  if (!parts || !WIDGET.test(parts[parts.length - 1])) return null;
  const assignment = call.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== call.id) return null;
  const left = assignment.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : left?.type === 'attribute' ? (left.childForFieldName('attribute')?.text ?? null) : null;
}

interface KeySlot {
  key: string;
  dataset: boolean;
}

const PUBLISH_CALL = /^(upload_\w*|create_\w*|delete_\w*|push_to_hub\w*|update_\w*|duplicate_\w*|add_\w*|merge_\w*|move_\w*|rename_\w*|save_pretrained|save_model|super_squash_history|run_as_future)$/;
// Where a run publishes its result: a hub repo, but not a model the code depends on.
const PUBLISH_KEY = /(^|_)(hub_model_id|push_to_hub_model_id|hub_repo_id|output_model\w*|push_repo\w*|target_repo\w*|upload_repo\w*|new_model\w*|finetuned_model\w*|save_model\w*|output_repo\w*)$/i;

// Python names are freer than config keys (`LLM_NAME`, `MODEL_NAME_SMALL`, `RERANKER`): any name
// with one of these words names a model, unless another word says it is a folder, a type or a size.
const MODEL_WORDS = new Set([
  'model', 'models', 'embed', 'checkpoint', 'ckpt', 'tokenizer', 'llm', 'llms', 'embedder', 'embedding', 'embeddings', 'encoder',
  'decoder', 'reranker', 'adapter', 'lora', 'classifier', 'detector', 'captioner', 'summarizer', 'translator', 'vlm',
  'backbone', 'teacher', 'student', 'pretrained', 'ckpts', 'checkpoints',
]);
const HUB_WORDS = new Set(['hf', 'hub', 'huggingface', 'model', 'models']);
// Model families: `WHISPER_REPOS = {...}`, `VAE = "org/name"`, `CLIP_ID` name models of that family.
const FAMILY_WORDS = new Set([
  'whisper', 'bert', 'roberta', 'deberta', 'gpt', 'llama', 'mistral', 'mixtral', 'qwen', 'gemma', 'phi', 't5', 'clip', 'siglip',
  'vit', 'blip', 'llava', 'sdxl', 'flux', 'diffusion', 'unet', 'vae', 'controlnet', 'wav2vec2', 'gguf', 'mlx', 'bge', 'e5',
  'minilm', 'mpnet', 'florence', 'smollm', 'deepseek',
]);
const NOT_MODEL_WORDS = new Set([
  'dir', 'dirs', 'directory', 'folder', 'output', 'outputs', 'save', 'saved', 'cache', 'type', 'types', 'class', 'cls',
  'max', 'min', 'length', 'len', 'size', 'dim', 'kwargs', 'args', 'card', 'url', 'urls', 'file', 'filename', 'files',
  'ext', 'format', 'github', 'gh', 'git', 'docker', 'images', 'version', 'provider', 'api', 'openai', 'key',
  'token', 'endpoint', 'host', 'port', 'device', 'dtype', 'prompt', 'template', 'revision', 'rev', 'branch', 'tag',
  'local', 'tmp', 'temp', 'log', 'logs', 'count', 'num', 'index', 'idx', 'mode', 'family', 'arch', 'architecture',
]);

function vetoed(key: string): boolean {
  return normaliseKey(key).split('_').some((w) => NOT_MODEL_WORDS.has(w));
}

function modelishName(key: string): boolean {
  const words = normaliseKey(key).split('_').filter(Boolean);
  if (words.some((w) => MODEL_WORDS.has(w) || FAMILY_WORDS.has(w))) return true;
  // `HF_REPO`, `HUB_REPO_ID`: a repo on the hub; a bare `REPO` is as likely a GitHub one.
  return words.some((w) => w === 'repo' || w === 'repos') && words.some((w) => HUB_WORDS.has(w));
}

function keySlot(key: string, inCollection: boolean): KeySlot | null {
  const k = key.replace(/^-+/, '');
  if (PUBLISH_KEY.test(k) || vetoed(k)) return null;
  if (isDatasetKey(k) || (inCollection && isDatasetKey(singular(k)))) return { key, dataset: true };
  if (isModelKey(k) || (inCollection && isModelKey(singular(k))) || modelishName(k)) return { key, dataset: false };
  return null;
}

/** The fixture a `@pytest.fixture(...)` decorator call declares: its `name=`, else the function's name. */
function fixtureName(call: Node): string | null {
  const parts = dottedParts(call.childForFieldName('function'));
  if (parts?.[parts.length - 1] !== 'fixture' || call.parent?.type !== 'decorator') return null;
  const given = literalString(callArgs(call).keywords.get('name'));
  if (given) return given;
  const def = call.parent.parent?.childForFieldName('definition');
  return def?.type === 'function_definition' ? (def.childForFieldName('name')?.text ?? null) : null;
}

/** The parameter a parametrize value belongs to: `"model_id"`, or the matching one of `"model_id,revision"`. */
function parametrizeName(call: Node, arg: Node, tupleIndex: number | null): string | null {
  const args = callArgs(call);
  if (args.positional[0]?.id === arg.id) return null;
  const first = args.positional[0] ?? args.keywords.get('argnames');
  let names: string[] = [];
  const joined = literalString(first);
  if (joined !== null) names = joined.split(',').map((n) => n.trim()).filter(Boolean);
  else if (first && COLLECTIONS.has(first.type)) names = first.namedChildren.map((c) => literalString(c) ?? '');
  if (names.length === 1) return names[0];
  return tupleIndex !== null && tupleIndex < names.length ? names[tupleIndex] : null;
}

/** The name the string is written under, walking out through collections and value wrappers. */
function slotOf(str: Node, ctx: KeyContext): KeySlot | null {
  let node: Node = str;
  let inCollection = false;
  // Position inside the innermost tuple passed through (which of several parametrize names).
  let tupleIndex: number | null = null;
  for (let hops = 0; hops < 8; hops++) {
    const parent = node.parent;
    if (!parent) return null;
    switch (parent.type) {
      case 'assignment': {
        if (parent.childForFieldName('right')?.id !== node.id) return null;
        const left = parent.childForFieldName('left');
        // `os.environ["MODEL_ID"] = ...`, `cfg["model_name"] = ...`
        if (left?.type === 'subscript') {
          const key = literalString(left.childForFieldName('subscript'));
          if (!key) return null;
          if (/environ$/.test(left.childForFieldName('value')?.text ?? '')) return isModelEnvName(key) ? { key, dataset: false } : null;
          return keySlot(key, inCollection);
        }
        const name = left?.type === 'identifier' ? left.text : left?.type === 'attribute' ? left.childForFieldName('attribute')?.text : null;
        return name ? keySlot(name, inCollection) : null;
      }
      case 'keyword_argument': {
        const name = parent.childForFieldName('name')?.text ?? '';
        const call = parent.parent?.parent;
        // `@pytest.fixture(params=[...])`: the values of the fixture, named by `name=` or the function.
        if (name === 'params' && call?.type === 'call') {
          const fixture = fixtureName(call);
          // A bare `model` parameter names API models too (`openai/gpt-4o`) unless the file uses hub libraries.
          if (fixture) return fixture === 'model' && !ctx.hubFile ? null : keySlot(fixture, true);
        }
        // OpenAI-compatible clients and LiteLLM take `model=` for API names; a hub id there is
        // served by someone else's endpoint, and files without hub libraries mean API models.
        if (name === 'model') {
          if (!ctx.hubFile) return null;
          const parts = call?.type === 'call' ? dottedParts(call.childForFieldName('function')) : null;
          if (API_CALL.test(parts?.join('.') ?? '')) return null;
        }
        if ((name === 'default' || name === 'choices') && call?.type === 'call') {
          const parts = dottedParts(call.childForFieldName('function'));
          if (parts?.[parts.length - 1] === 'add_argument') {
            const flags = callArgs(call).positional.map((p) => literalString(p)).filter((s): s is string => s !== null);
            const dest = literalString(callArgs(call).keywords.get('dest')) ?? optionDest(flags);
            return dest ? keySlot(dest, inCollection) : null;
          }
          if (parts && ['field', 'Field', 'Option', 'Argument'].includes(parts[parts.length - 1])) {
            node = call;
            continue;
          }
        }
        // Publishing calls name where to push, not what to load.
        if (call?.type === 'call') {
          const parts = dottedParts(call.childForFieldName('function'));
          if (parts && PUBLISH_CALL.test(parts[parts.length - 1])) return null;
          const target = WIDGET_VALUE_KWS.has(name) ? widgetTarget(call) : null;
          if (target) return keySlot(target, inCollection);
        }
        return keySlot(name, inCollection);
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = parent.childForFieldName('name')?.text;
        return name ? keySlot(name, inCollection) : null;
      }
      case 'pair': {
        if (parent.childForFieldName('value')?.id !== node.id) return null;
        const key = literalString(parent.childForFieldName('key'));
        // `{"model": ..., "messages": ...}` is an API request body unless the file uses hub libraries.
        if (key === 'model' && !ctx.hubFile) return null;
        const slot = key ? keySlot(key, inCollection) : null;
        if (slot) return slot;
        inCollection = true;
        node = parent;
        continue;
      }
      case 'argument_list': {
        const call = parent.parent;
        if (call?.type !== 'call') return null;
        const parts = dottedParts(call.childForFieldName('function'));
        const name = parts?.[parts.length - 1] ?? '';
        // `@pytest.mark.parametrize("model_id", [...])` whose values no loader in the file reads.
        // `pytest.param("org/a", "rev", marks=...)` is one row of a parametrize list.
        if (name === 'param' && parts?.[0] === 'pytest') {
          if (tupleIndex === null) tupleIndex = callArgs(call).positional.findIndex((p) => p.id === node.id);
          inCollection = true;
          node = call;
          continue;
        }
        if (name === 'parametrize') {
          const param = parametrizeName(call, node, tupleIndex);
          return param && !(param === 'model' && !ctx.hubFile) ? keySlot(param, true) : null;
        }
        if (!VALUE_CALLS.has(name)) {
          // `model = st.selectbox("Model", ["org/a", "org/b"])`: the options of a picker are the
          // values of the variable it sets.
          const target = widgetTarget(call);
          return target ? keySlot(target, inCollection) : null;
        }
        if (name === 'getenv' || name === 'get' || name === 'setdefault') {
          const args = callArgs(call);
          const envName = literalString(args.positional[0]);
          if (args.positional[1]?.id !== node.id || !envName) return null;
          if (/environ$/.test(parts?.slice(0, -1).join('.') ?? '') || name === 'getenv') {
            if (isModelEnvName(envName)) return { key: envName, dataset: false };
          } else if (keySlot(envName, inCollection)) return keySlot(envName, inCollection);
          node = call;
          continue;
        }
        node = call;
        continue;
      }
      default:
        if (COLLECTIONS.has(parent.type)) {
          if (parent.type === 'tuple' && tupleIndex === null) tupleIndex = parent.namedChildren.findIndex((c) => c?.id === node.id);
          inCollection = true;
          node = parent;
          continue;
        }
        // `Path(root) / "org/name"`: a path segment under a folder, not a hub id.
        if (parent.type === 'binary_operator' && parent.childForFieldName('operator')?.text === '/') return null;
        if (PASS_THROUGH.has(parent.type)) {
          node = parent;
          continue;
        }
        return null;
    }
  }
  return null;
}

// `LLM_BASE_URL = "https://api.siliconflow.cn/v1"`: a setting naming the server a group of settings
// talks to. Its first word (`llm`) is the group's prefix.
const SERVER_SETTING = /^(.+?)_(base_url|api_base|base|url|endpoint|host|api_url|server_url)$/;
const LOCAL_HOST = /^https?:\/\/(localhost|127\.|0\.0\.0\.0|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[::1\]|host\.docker\.internal)/i;

/**
 * Prefixes of setting groups served by a public non-hub API (`LLM_BASE_URL` = a provider's URL):
 * `LLM_MODEL = "deepseek-ai/DeepSeek-V3.2"` beside it names what that provider runs, not a download.
 * A local server (vLLM, TGI on localhost) loads its model from the hub, so it does not count.
 */
function remoteApiPrefixes(strings: Node[]): Set<string> {
  const prefixes = new Set<string>();
  for (const str of strings) {
    const name = moduleSettingName(str);
    const url = literalString(str);
    if (!name || !url || !/^https?:\/\//i.test(url) || LOCAL_HOST.test(url) || isExplicitHub(url)) continue;
    const m = SERVER_SETTING.exec(normaliseKey(name));
    if (m) prefixes.add(m[1].split('_')[0]);
  }
  return prefixes;
}

/** `NAME = "value"` written at module level: the name, else null. */
function moduleSettingName(str: Node): string | null {
  const assignment = str.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== str.id) return null;
  if (assignment.parent?.type !== 'expression_statement' || assignment.parent.parent?.type !== 'module') return null;
  const left = assignment.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : null;
}

/** `EMBEDDING_MODEL_NAME = "all-MiniLM-L6-v2"`: a sentence-transformers short name under a model key. */
function shortEmbeddingName(value: string): AcceptedId | null {
  if (value.includes('/') || !/\d|^LaBSE$|^allenai-specter$/.test(value)) return null;
  const accepted = acceptId(value, 'sentence-transformers');
  return accepted?.id.startsWith('sentence-transformers/') ? accepted : null;
}

export function keyedReferences(strings: Node[], consumed: Set<number>, resolver: Resolver, file: string, map: LocationMap, ctx: KeyContext): ModelReference[] {
  const out: ModelReference[] = [];
  const apiPrefixes = remoteApiPrefixes(strings);
  for (const str of strings) {
    if (consumed.has(str.id) || str.parent?.type === 'concatenated_string') continue;
    const slot = slotOf(str, ctx);
    if (!slot) continue;
    if (!slot.dataset && apiPrefixes.size > 0) {
      const setting = moduleSettingName(str);
      if (setting && apiPrefixes.has(normaliseKey(setting).split('_')[0])) continue;
    }
    const values = resolver.resolve(str);
    for (const v of values) {
      if (v.t !== 'str') continue;
      // LlamaIndex's `embed_model="local:org/name"` (Settings, ServiceContext, index constructors).
      const llamaLocal = !slot.dataset && v.v.startsWith('local:') && /embed_model$/i.test(slot.key);
      const accepted =
        acceptId(v.v, slot.dataset ? 'dataset' : llamaLocal ? 'llamaindex-local' : 'model') ?? (slot.dataset ? null : shortEmbeddingName(v.v));
      if (!accepted || accepted.repoType === 'space') continue;
      // Bare names are ids only where a loader says so; under a key, ask for org/name (or a legacy id).
      if (slot.dataset && !accepted.id.includes('/')) continue;
      const loc = map(str.startPosition.row, str.startPosition.column);
      out.push({
        file,
        ...loc,
        id: accepted.id,
        raw: v.v,
        revision: accepted.revision,
        repoType: accepted.repoType,
        kind: accepted.repoType === 'dataset' ? 'dataset' : 'config',
        call: slot.key,
        flags: {},
        confidence: 'medium',
      });
    }
  }
  return out;
}
