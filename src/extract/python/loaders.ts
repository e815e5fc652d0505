// The catalogue of Python calls that load from (or ask) the hub, and which argument names the
// repository. Matching uses the callee's dotted name and the file's imports, so that
// same-named functions from other libraries (or the user's own) are not taken for loaders.
import type { Node } from 'web-tree-sitter';
import type { ReferenceKind } from '../../types.js';
import type { IdMode } from './ids.js';
import type { FileIndex } from './scope.js';
import { callArgs, dottedParts, literalString } from './syntax.js';

/** When an argument cannot be resolved: always report it, only when its name says it holds an id, or never. */
export type UnresolvedPolicy = 'always' | 'named' | 'never';

export interface Slot {
  /** Positional index, or null for keyword-only. */
  pos: number | null;
  kws: string[];
  mode: IdMode;
  unresolved: UnresolvedPolicy;
  /** Keywords that carry the revision for this slot. */
  revisionKws: string[];
  /** The slot is a key of the dict passed under this keyword (vLLM `speculative_config={"model": ...}`),
   *  or at this position when written `#N` (txtai `Embeddings({"path": ...})`). */
  inDict?: string;
}

export interface LoaderMatch {
  call: string;
  kind: ReferenceKind;
  slots: Slot[];
  /** Honour `repo_type=` (huggingface_hub calls). */
  repoTypeKw: boolean;
  /** Keywords whose dict value may hold loader flags (`model_kwargs={...}`). */
  flagDicts: string[];
}

// Libraries with their own model hubs whose from_pretrained / snapshot_download do not reach
// huggingface.co by default.
const FOREIGN_HUBS = /^(modelscope|openmind|openmind_hub|paddlenlp|paddle|ppdiffusers|mindformers|openxlab|aistudio_sdk|tensorflow_hub|kagglehub)(\.|$)/;
const HF_MODULES = /^(transformers|optimum|huggingface_hub|diffusers|peft|sentence_transformers|datasets|nlp|timm|open_clip|vllm|llama_cpp|setfit|accelerate|trl|gliner|span_marker|speechbrain|fastembed|FlagEmbedding|mlx_lm|mlx_vlm|faster_whisper|langchain|langchain_huggingface|langchain_community|llama_index|auto_gptq|awq|unsloth|ctransformers|keras_hub|keras_nlp|sglang|optimum_intel|gptqmodel|outlines|lm_eval|pyannote|nemo|tokenizers|transformers_js)(\.|$)/;

/** Libraries that load from the hub: a file importing one means hub ids by `model=`. */
export const HUB_LIBRARIES = /^(transformers|optimum|huggingface_hub|diffusers|peft|sentence_transformers|datasets|timm|open_clip|vllm|llama_cpp|setfit|accelerate|trl|gliner|span_marker|speechbrain|fastembed|FlagEmbedding|mlx_lm|mlx_vlm|faster_whisper|langchain_huggingface|llama_index\.(embeddings|llms)\.huggingface\w*|auto_gptq|awq|unsloth|ctransformers|keras_hub|keras_nlp|sglang|gptqmodel|outlines|pyannote|nemo|tokenizers|lighteval|lm_eval|smolagents)(\.|$)/;

const FROM_PRETRAINED_KWS = ['pretrained_model_name_or_path', 'model_name_or_path', 'model_id', 'repo_id', 'model_name', 'pretrained_model_name', 'model_path', 'path_or_repo_id'];
const REV = ['revision'];
const HUB_ID_KWS = ['repo_id'];

const HUB_DOWNLOAD_FNS = new Set(['hf_hub_download', 'snapshot_download', 'hf_hub_url', 'try_to_load_from_cache', 'cached_assets_path']);
const HUB_INFO_FNS = new Set([
  'model_info', 'dataset_info', 'space_info', 'repo_info', 'list_repo_files', 'list_repo_tree', 'list_repo_refs', 'list_repo_commits',
  'file_exists', 'repo_exists', 'revision_exists', 'get_safetensors_metadata', 'get_paths_info', 'list_files_info', 'list_repo_likers',
  'get_repo_discussions', 'scan_cache_dir_for',
]);
const HUB_CLASSES = new Set(['HfApi', 'HfFileSystem']);
const INFERENCE_CLIENTS = new Set(['InferenceClient', 'AsyncInferenceClient']);
const DATASET_FNS = new Set(['load_dataset', 'load_dataset_builder', 'get_dataset_config_names', 'get_dataset_split_names', 'get_dataset_infos', 'get_dataset_config_info', 'get_dataset_default_config_name']);
const OPEN_CLIP_FNS = new Set(['create_model', 'create_model_and_transforms', 'create_model_from_pretrained', 'get_tokenizer', 'create_model_and_transforms_from_pretrained']);
// LiteLLM entry points (and wrappers that hand `model` to LiteLLM unchanged).
const LITELLM_MODULES = /^(litellm|dspy|crewai|smolagents|langchain_litellm|langchain_community\.chat_models|langchain_community\.llms)(\.|$)/;
const LITELLM_CALLS = new Set(['completion', 'acompletion', 'text_completion', 'atext_completion', 'embedding', 'aembedding', 'ChatLiteLLM', 'ChatLiteLLMRouter', 'LM', 'LLM', 'LiteLLMModel']);
// Haystack components that load a transformers checkpoint from the hub on warm_up.
const HAYSTACK_LOCAL = /^(TransformersSimilarityRanker|ExtractiveReader|HuggingFaceLocalGenerator|HuggingFaceLocalChatGenerator|TransformersZeroShotTextRouter|TransformersTextRouter|TransformersZeroShotDocumentClassifier|TransformersDocumentClassifier|FARMReader|TransformersReader|EmbeddingRetriever|TransformersSummarizer|TransformersTranslator)$/;
// txtai pipelines whose first argument is a transformers model path (`LLM` also takes API names, left out).
const TXTAI_PIPELINES = new Set(['Summary', 'Labels', 'Similarity', 'Questions', 'Transcription', 'Caption', 'Objects', 'Sequences', 'Entity', 'TextToSpeech', 'Extractor']);
// LlamaIndex rerankers that load a hub model locally.
const LLAMAINDEX_LOCAL_RERANKERS = new Set(['FlagEmbeddingReranker', 'SentenceTransformerRerank', 'ColbertRerank']);
// milvus-model functions that run a hub model locally (the OpenAI / Voyage / Cohere ones call APIs).
const MILVUS_LOCAL = new Set(['BGERerankFunction', 'CrossEncoderRerankFunction', 'BGEM3EmbeddingFunction', 'SpladeEmbeddingFunction', 'InstructorEmbeddingFunction', 'MGTEEmbeddingFunction']);
// OpenCompass model classes whose `path` is a hub id or a local folder (API model classes are not).
const OPENCOMPASS_LOCAL = /^(HuggingFace\w*|VLLM\w*|TurboMind\w*|LmdeployPytorch\w*)$/;
const PIPELINE_SLOTS: [string, number | null][] = [['model', 1], ['config', 2], ['tokenizer', 3], ['feature_extractor', 4], ['image_processor', null], ['processor', null]];

interface Origin {
  /** Module the name was imported from (dotted), null when not imported. */
  module: string | null;
  /** The callee's own name (import aliases undone). */
  name: string;
  parts: string[];
}

function originOf(parts: string[], index: FileIndex): Origin {
  const last = parts[parts.length - 1];
  const info = index.imports.get(parts[0]);
  if (parts.length === 1) {
    if (info?.name) return { module: info.module, name: info.name, parts };
    return { module: info ? info.module : null, name: last, parts };
  }
  if (!info) return { module: null, name: last, parts };
  const base = info.name ? `${info.module}.${info.name}` : info.module;
  return { module: [base, ...parts.slice(1, -1)].join('.'), name: last, parts };
}

const MMLAB_PRETRAINED_KWS = ['from_pretrained', 'pretrained_model_name_or_path', 'tokenizer'];

/**
 * `dict(type='AutoencoderKL', from_pretrained=...)`: a registry config (the type named by a
 * string) naming what to build from the hub. Configs whose type is the class itself are left to
 * the model-named settings they read.
 */
function openMmlabPretrained(call: Node): boolean {
  const kws = callArgs(call).keywords;
  return literalString(kws.get('type')) !== null && MMLAB_PRETRAINED_KWS.some((k) => kws.has(k));
}

function slot(pos: number | null, kws: string[], mode: IdMode, unresolved: UnresolvedPolicy, revisionKws = REV): Slot {
  return { pos, kws, mode, unresolved, revisionKws };
}

function match(call: string, kind: ReferenceKind, slots: Slot[], extra: Partial<LoaderMatch> = {}): LoaderMatch {
  return { call, kind, slots, repoTypeKw: false, flagDicts: ['model_kwargs'], ...extra };
}

/** What a receiver expression is bound to: the call of `x = Callee(...)`, following a few names. */
export type ReceiverCall = (receiver: Node) => Node | null;

// Hosts of the hub's own inference services: an OpenAI client pointed there names hub models.
const HUB_INFERENCE_URL = /^https?:\/\/(router|api-inference)\.huggingface\.co(\/|$)/i;

// Helpers from elsewhere in the project (`from utils import load_model`) named for what they load.
const HELPER_NAME = /^_?(load|get|build|create|init|make|setup|prepare|download|fetch|instantiate)_?(\w*_)?(model|models|tokenizer|llm|pipeline|pipe|embedder|embeddings|embedding_model|encoder|reranker|processor|checkpoint|adapter|lora|classifier)$/i;

export class LoaderCatalogue {
  constructor(
    private readonly index: FileIndex,
    private readonly receiverCall: ReceiverCall,
  ) {}

  /** The class name a receiver was constructed from (`InferenceClient` for `client = InferenceClient()`). */
  private receiverClass(receiver: Node): string | null {
    const call = this.receiverCall(receiver);
    const parts = call ? dottedParts(call.childForFieldName('function')) : null;
    return parts ? parts[parts.length - 1] : null;
  }

  /**
   * `client.chat.completions.create(model=...)` on a hub inference client: InferenceClient's
   * OpenAI-compatible surface, or an OpenAI client whose base_url is the hub's router.
   */
  private hubChatClient(receiver: Node | null): string | null {
    const completions = receiver?.type === 'attribute' ? receiver : null;
    const chat = completions?.childForFieldName('object');
    if (completions?.childForFieldName('attribute')?.text !== 'completions' || chat?.type !== 'attribute' || chat.childForFieldName('attribute')?.text !== 'chat') return null;
    const base = chat.childForFieldName('object');
    const call = base ? this.receiverCall(base) : null;
    const parts = call ? dottedParts(call.childForFieldName('function')) : null;
    const cls = parts?.[parts.length - 1] ?? '';
    if (INFERENCE_CLIENTS.has(cls)) return cls;
    if (call && /^(Async)?OpenAI$/.test(cls) && HUB_INFERENCE_URL.test(literalString(callArgs(call).keywords.get('base_url')) ?? '')) return cls;
    return null;
  }

  /** Whether a bare (un-dotted) name may be the library function of that name. */
  private bareIs(name: string, origin: Origin, libraries: RegExp, localOk: boolean): boolean {
    if (origin.module !== null) return libraries.test(origin.module);
    if (this.index.definitions.has(name)) return false;
    if (localOk) return true;
    return this.index.starImports.some((m) => libraries.test(m));
  }

  private foreign(origin: Origin | null): boolean {
    return !!origin?.module && FOREIGN_HUBS.test(origin.module);
  }

  private hfApiLike(receiver: Node | null): boolean {
    if (!receiver) return false;
    const parts = dottedParts(receiver);
    if (receiver.type === 'call' && parts && HUB_CLASSES.has(parts[parts.length - 1])) return true;
    if (parts) {
      const o = originOf(parts, this.index);
      if (parts.length === 1 && o.module && /^huggingface_hub/.test(o.module) && !o.name[0].match(/[A-Z]/)) return true;
      if (o.module === 'huggingface_hub') return true;
    }
    const bound = this.receiverClass(receiver);
    if (bound && HUB_CLASSES.has(bound)) return true;
    const last = parts?.[parts.length - 1] ?? '';
    return /^_?(hf_?api|api|hub_api|hub|hf_hub|hfapi|hf)$/i.test(last);
  }

  /** An MTEB ModelMeta for a model served by an API rather than downloaded from the hub. */
  private apiModelMeta(call: Node): boolean {
    const kws = callArgs(call).keywords;
    for (const kw of ['open_weights', 'open_source']) if (kws.get(kw)?.type === 'false') return true;
    const framework = kws.get('framework');
    return !!framework && framework.namedChildren.some((c) => literalString(c) === 'API');
  }

  /** `dict(type=X, ...)` where X is an OpenCompass model class that loads local weights from the hub. */
  private openCompassModel(call: Node): boolean {
    const type = callArgs(call).keywords.get('type');
    if (!type || type.type !== 'identifier') return false;
    const info = this.index.imports.get(type.text);
    return !!info && /^opencompass(\.|$)/.test(info.module) && OPENCOMPASS_LOCAL.test(info.name ?? type.text);
  }

  /** A call to a helper defined in another module whose name says it loads a model. */
  helper(call: Node): LoaderMatch | null {
    const parts = this.index.callParts.get(call.id);
    if (!parts) return null;
    const name = parts[parts.length - 1];
    if (!HELPER_NAME.test(name) || this.index.definitions.has(name)) return null;
    const origin = originOf(parts, this.index);
    if (this.foreign(origin)) return null;
    return match(name, 'constructor', [slot(0, ['model_name_or_path', 'model_name', 'model_id', 'repo_id', 'pretrained_model_name_or_path'], 'model', 'never')], { flagDicts: [] });
  }

  match(call: Node): LoaderMatch | null {
    const fn = call.childForFieldName('function');
    if (!fn) return null;
    // `MODEL_CLASSES[t].from_pretrained(...)`: the receiver has no dotted name, the method still counts.
    const attrName = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const known = this.index.callParts.get(call.id);
    const parts = (known !== undefined ? known : dottedParts(fn)) ?? (attrName ? ['<expr>', attrName] : null);
    if (!parts) return null;
    const origin = originOf(parts, this.index);
    const name = origin.name;
    const isAttr = fn.type === 'attribute';
    const receiver = isAttr ? fn.childForFieldName('object') : null;
    const receiverParts = isAttr ? parts.slice(0, -1) : [];
    const receiverOrigin = receiverParts.length ? originOf(receiverParts, this.index) : null;
    const receiverName = receiverParts[receiverParts.length - 1] ?? '';
    const moduleReceiver = !!receiverOrigin && !!receiver && receiver.type !== 'call' && this.index.imports.get(receiverParts[0])?.name === undefined && this.index.imports.has(receiverParts[0]);
    if (this.foreign(origin) || this.foreign(receiverOrigin)) return null;
    const qualified = receiverName && receiverName !== '<expr>' ? `${receiverName}.${name}` : name;

    if (isAttr) {
      switch (name) {
        case 'from_pretrained': {
          if (/^Peft(Mixed)?Model(For\w+)?$/.test(receiverName))
            return match(qualified, 'from_pretrained', [slot(1, ['model_id'], 'model', 'always')], { flagDicts: [] });
          return match(qualified, 'from_pretrained', [slot(0, FROM_PRETRAINED_KWS, 'model', 'always'), slot(null, ['custom_pipeline'], 'model', 'never')]);
        }
        case 'from_encoder_decoder_pretrained':
          return match(qualified, 'from_pretrained', [
            slot(0, ['encoder_pretrained_model_name_or_path'], 'model', 'always'),
            slot(1, ['decoder_pretrained_model_name_or_path'], 'model', 'always'),
          ]);
        case 'from_quantized':
          return match(qualified, 'from_pretrained', [slot(0, [...FROM_PRETRAINED_KWS, 'quant_path', 'model_name_or_path'], 'model', 'always')]);
        case 'from_single_file':
          return match(qualified, 'from_pretrained', [slot(0, ['pretrained_model_link_or_path', 'pretrained_model_link_or_path_or_dict'], 'explicit', 'never')]);
        case 'get_pretrained':
          // audiocraft: MusicGen / AudioGen / MAGNeT / EncodecModel checkpoints, short names included.
          if (/^audiocraft(\.|$)/.test(receiverOrigin?.module ?? ''))
            return match(qualified, 'from_pretrained', [slot(0, ['name'], 'audiocraft', 'named')], { flagDicts: [] });
          break;
        case 'from_preset':
          return match(qualified, 'from_pretrained', [slot(0, ['preset'], 'explicit', 'never')]);
        case 'from_hparams':
          return match(qualified, 'from_pretrained', [slot(0, ['source'], 'model', 'always')]);
        case 'from_model_id':
          return match(qualified, 'pipeline', [slot(0, ['model_id'], 'model', 'named')]);
        case 'from_finetuned':
          return match(qualified, 'from_pretrained', [slot(0, ['model_name_or_path'], 'model', 'named')]);
        case 'load_lora_weights':
        case 'load_textual_inversion':
        case 'load_ip_adapter':
        case 'load_lora_adapter':
        case 'load_attn_procs':
        case 'load_adapter':
          return match(qualified, 'from_pretrained', [slot(0, ['pretrained_model_name_or_path_or_dict', 'pretrained_model_name_or_path', 'peft_model_id', 'model_id'], 'model', 'never')], { flagDicts: [] });
        case 'load':
          // gradio: gr.load("models/org/name") / gr.Interface.load("huggingface/org/name") call the model
          // through the Inference API; "spaces/..." loads a Space, not a model.
          if (/^gradio(\.|$)/.test(receiverOrigin?.module ?? '')) {
            // With `src=` the name carries no prefix: "models"/"huggingface" or a loader registry
            // (transformers_gradio.registry ...) take a model id, "spaces" a Space.
            const args = callArgs(call);
            const src = args.keywords.get('src') ?? args.positional[1];
            const srcName = src ? literalString(src) : null;
            if (src && srcName !== null && !/^(models|huggingface)$/i.test(srcName)) return null;
            return match(`${receiverName}.load`, 'inference', [slot(0, ['name'], src ? 'model' : 'gradio', 'never')], { flagDicts: [] });
          }
          // torch.hub.load("huggingface/pytorch-transformers", "model", "bert-base-uncased")
          if (receiverParts.join('.') === 'torch.hub' || receiverOrigin?.module === 'torch.hub')
            return match('torch.hub.load', 'from_pretrained', [slot(2, ['pretrained_model_name_or_path'], 'torch-hub', 'never')], { flagDicts: [] });
          // flair taggers and BERTopic load `org/name` from the hub (bare names are their own models).
          if (/^flair(\.|$)/.test(receiverOrigin?.module ?? '') || receiverName === 'BERTopic')
            return match(qualified, 'from_pretrained', [slot(0, ['model_path', 'path'], 'model', 'never')], { flagDicts: [] });
          // litgpt: `LLM.load("org/name")` downloads the checkpoint from the hub when it is not a local folder.
          if ((receiverOrigin?.name ?? receiverName) === 'LLM' && /^litgpt(\.|$)/.test(receiverOrigin?.module ?? ''))
            return match('LLM.load', 'from_pretrained', [slot(0, ['model'], 'model', 'always')], { flagDicts: [] });
          if (receiverName === 'ModelCard' || receiverName === 'DatasetCard')
            return match(qualified, 'hub_download', [slot(0, ['repo_id_or_path'], receiverName === 'DatasetCard' ? 'dataset' : 'model', 'never')], { repoTypeKw: true });
          break;
      }
    }

    // pipeline(task, model=..., tokenizer=...)
    if (name === 'pipeline' && (isAttr ? moduleReceiver && HF_MODULES.test(receiverOrigin?.module ?? '') : this.bareIs(name, origin, /^(transformers|optimum)/, true))) {
      const slots = PIPELINE_SLOTS.map(([kw, pos]) => slot(pos, [kw], 'model', kw === 'model' ? 'named' : 'never'));
      return match('pipeline', 'pipeline', slots);
    }

    // Constructors named after the class.
    switch (name) {
      case 'SentenceTransformer':
      case 'SparseEncoder':
        return match(name, 'constructor', [slot(0, ['model_name_or_path', 'model_name'], 'sentence-transformers', 'always')], { flagDicts: ['model_kwargs', 'config_kwargs', 'tokenizer_kwargs'] });
      case 'CrossEncoder':
        return match(name, 'constructor', [slot(0, ['model_name_or_path', 'model_name'], 'model', 'always')], { flagDicts: ['model_kwargs', 'automodel_args', 'config_kwargs', 'tokenizer_kwargs'] });
      case 'FlagModel':
      case 'BGEM3FlagModel':
      case 'FlagReranker':
      case 'FlagLLMReranker':
      case 'LayerWiseFlagLLMReranker':
      case 'FlagICLModel':
      case 'FlagLLMModel':
        return match(name, 'constructor', [slot(0, ['model_name_or_path'], 'model', 'named')]);
      case 'InferenceClient':
      case 'AsyncInferenceClient':
        return match(name, 'inference', [slot(0, ['model'], 'model', 'named')]);
      // These wrap SentenceTransformer, so its short names (`all-MiniLM-L6-v2`) work there too.
      case 'HuggingFaceEmbeddings':
      case 'HuggingFaceBgeEmbeddings':
      case 'HuggingFaceInstructEmbeddings':
      case 'HuggingFaceEmbedding':
      case 'SentenceTransformerEmbeddings':
      case 'SentenceTransformerEmbeddingFunction':
        return match(name, 'constructor', [slot(name === 'SentenceTransformerEmbeddingFunction' ? 0 : null, ['model_name', 'model'], 'sentence-transformers', 'named')], { flagDicts: ['model_kwargs'] });
      case 'HuggingFaceInferenceAPIEmbeddings':
        return match(name, 'inference', [slot(null, ['model_name', 'model'], 'model', 'named')]);
      case 'HuggingFaceEndpointEmbeddings':
      case 'HuggingFaceEndpoint':
      case 'HuggingFaceHub':
      case 'HuggingFaceInferenceAPI':
        return match(name, 'inference', [slot(null, ['repo_id', 'model', 'model_name'], 'model', 'named')]);
      case 'HuggingFaceLLM':
        return match(name, 'constructor', [slot(null, ['model_name'], 'model', 'named'), slot(null, ['tokenizer_name'], 'model', 'never')], { flagDicts: ['model_kwargs', 'tokenizer_kwargs'] });
      case 'from_pretrained_keras':
      case 'from_pretrained_fastai':
      case 'load_from_hub':
        return match(name, 'from_pretrained', [slot(0, ['repo_id', 'pretrained_model_name_or_path'], 'model', 'always')]);
    }

    // vLLM and other serving engines: only when imported from them.
    const engineModule = origin.module ?? (this.index.starImports.find((m) => /^(vllm|sglang|tensorrt_llm)/.test(m)) ?? null);
    // TensorRT-LLM's LLM API and LMDeploy's pipeline take a hub id or a local folder first.
    if (engineModule && /^tensorrt_llm(\.|$)/.test(engineModule) && name === 'LLM')
      return match(name, 'constructor', [slot(0, ['model'], 'model', 'always'), slot(null, ['tokenizer'], 'model', 'never')]);
    if (origin.module && /^lmdeploy(\.|$)/.test(origin.module) && name === 'pipeline')
      return match('lmdeploy.pipeline', 'pipeline', [slot(0, ['model_path'], 'model', 'always')], { flagDicts: [] });
    if (origin.module && /^mlc_llm(\.|$)/.test(origin.module) && (name === 'MLCEngine' || name === 'AsyncMLCEngine'))
      return match(name, 'constructor', [slot(0, ['model'], 'model', 'always')], { flagDicts: [] });
    if (engineModule && /^vllm(\.|$)/.test(engineModule) && ['LLM', 'AsyncEngineArgs', 'EngineArgs', 'AsyncLLMEngine', 'LLMEngine'].includes(name))
      return match(name, 'constructor', [
        slot(0, ['model'], 'model', 'always'),
        slot(null, ['tokenizer'], 'model', 'never', ['tokenizer_revision']),
        // The draft model of speculative decoding is downloaded like the main one.
        { ...slot(null, ['model'], 'model', 'never'), inDict: 'speculative_config' },
      ]);
    if (engineModule && /^sglang(\.|$)/.test(engineModule) && ['Engine', 'Runtime'].includes(name))
      return match(name, 'constructor', [slot(null, ['model_path'], 'model', 'always'), slot(null, ['tokenizer_path'], 'model', 'never')]);
    if (origin.module && /^(mlx_lm|mlx_vlm)(\.|$)/.test(origin.module) && name === 'load')
      return match(`${origin.module.split('.')[0]}.load`, 'constructor', [slot(0, ['path_or_hf_repo'], 'model', 'always')]);
    // TRL trainers accept a hub id in place of a model object.
    if (origin.module && /^trl(\.|$)/.test(origin.module) && /Trainer$/.test(name))
      return match(name, 'from_pretrained', [slot(0, ['model'], 'model', 'never'), slot(null, ['ref_model'], 'model', 'never')], { flagDicts: ['model_init_kwargs'] });
    // outlines: models.transformers("org/name"), models.vllm(...), models.llamacpp("org/name", "file.gguf").
    if (isAttr && ['transformers', 'vllm', 'llamacpp', 'mlxlm', 'transformers_vision'].includes(name) && /^outlines(\.|$)/.test(receiverOrigin?.module ?? ''))
      return match(`models.${name}`, 'constructor', [slot(0, ['model_name', 'repo_id'], 'model', 'never')]);
    // smolagents model wrappers: the hub's inference API, or transformers / vLLM / MLX locally.
    if (origin.module && /^smolagents(\.|$)/.test(origin.module)) {
      if (name === 'InferenceClientModel' || name === 'HfApiModel')
        return match(name, 'inference', [slot(0, ['model_id'], 'model', 'never')], { flagDicts: [] });
      if (['TransformersModel', 'VLLMModel', 'MLXModel'].includes(name))
        return match(name, 'from_pretrained', [slot(0, ['model_id'], 'model', 'always')], { flagDicts: ['model_kwargs'] });
    }
    if (origin.module && /^faster_whisper(\.|$)/.test(origin.module) && name === 'WhisperModel')
      return match(name, 'constructor', [slot(0, ['model_size_or_path'], 'faster-whisper', 'never')]);
    // whisperX and stable-ts run faster-whisper underneath: the same size names download the same repos.
    if (origin.module && ((/^whisperx(\.|$)/.test(origin.module) && name === 'load_model') || (/^stable_whisper(\.|$)/.test(origin.module) && name === 'load_faster_whisper')))
      return match(`${origin.module.split('.')[0]}.${name}`, 'constructor', [slot(0, ['whisper_arch', 'model_size_or_path'], 'faster-whisper', 'never')]);
    // Haystack components that run a hub model locally (2.x `model=`, 1.x `model_name_or_path=`).
    if (origin.module && /^haystack(_integrations)?(\.|$)/.test(origin.module)) {
      if (/^SentenceTransformers\w*(Embedder|Ranker)$/.test(name))
        return match(name, 'constructor', [slot(0, ['model', 'model_name_or_path'], 'sentence-transformers', 'named')], { flagDicts: ['model_kwargs'] });
      if (HAYSTACK_LOCAL.test(name))
        return match(name, 'constructor', [slot(0, ['model', 'model_name_or_path', 'embedding_model'], 'model', 'named')], { flagDicts: ['model_kwargs', 'huggingface_pipeline_kwargs'] });
    }
    // LiteLLM and the libraries built on it name hub inference as `huggingface/org/name`.
    const liteModule = origin.module ?? receiverOrigin?.module ?? '';
    if (LITELLM_MODULES.test(liteModule) && LITELLM_CALLS.has(name))
      return match(qualified, 'inference', [slot(name === 'LM' || name === 'LLM' || name === 'LiteLLMModel' ? 0 : null, ['model', 'model_id'], 'litellm-hf', 'never')], { flagDicts: [] });
    // SAM 2's hub builders, GPTQModel's loader, and rerankers' `Reranker("org/name")`.
    if (origin.module && /^sam2(\.|$)/.test(origin.module) && /^build_sam2(_video_predictor)?_hf$/.test(name))
      return match(name, 'from_pretrained', [slot(0, ['model_id'], 'model', 'always')], { flagDicts: [] });
    if (isAttr && name === 'load' && (receiverOrigin?.name ?? receiverName) === 'GPTQModel' && /^gptqmodel(\.|$)/.test(receiverOrigin?.module ?? ''))
      return match('GPTQModel.load', 'from_pretrained', [slot(0, ['model_id_or_path'], 'model', 'always')], { flagDicts: [] });
    if (origin.module && /^rerankers(\.|$)/.test(origin.module) && name === 'Reranker')
      return match(name, 'constructor', [slot(0, ['model_name'], 'model', 'never')], { flagDicts: [] });
    // Topic and keyword models that build a SentenceTransformer from a name.
    if (origin.module && /^bertopic(\.|$)/.test(origin.module) && name === 'BERTopic')
      return match(name, 'constructor', [slot(null, ['embedding_model'], 'sentence-transformers', 'never')], { flagDicts: [] });
    if (origin.module && /^keybert(\.|$)/.test(origin.module) && (name === 'KeyBERT' || name === 'KeyLLM'))
      return match(name, 'constructor', [slot(0, ['model'], 'sentence-transformers', 'never')], { flagDicts: [] });
    if (origin.module && /^InstructorEmbedding(\.|$)/.test(origin.module) && name === 'INSTRUCTOR')
      return match(name, 'constructor', [slot(0, ['model_name_or_path'], 'model', 'always')], { flagDicts: [] });
    // simpletransformers: `ClassificationModel("roberta", "roberta-base")`, the checkpoint second.
    if (origin.module && /^simpletransformers(\.|$)/.test(origin.module) && /Model$/.test(name)) {
      if (name === 'Seq2SeqModel')
        return match(name, 'constructor', [slot(1, ['encoder_decoder_name'], 'model', 'named'), slot(null, ['encoder_name'], 'model', 'never'), slot(null, ['decoder_name'], 'model', 'never')], { flagDicts: [] });
      return match(name, 'constructor', [slot(1, ['model_name'], 'model', 'named')], { flagDicts: [] });
    }
    // LlamaIndex: `resolve_embed_model("local:org/name")` loads a HuggingFaceEmbedding.
    if (origin.module && /^llama_index(\.|$)/.test(origin.module) && name === 'resolve_embed_model')
      return match(name, 'constructor', [slot(0, ['embed_model'], 'llamaindex-local', 'never')], { flagDicts: [] });
    // txtai: `Embeddings({"path": "org/name"})` / `Embeddings(path=...)`, and pipelines taking the model path first.
    if (origin.module && /^txtai(\.|$)/.test(origin.module)) {
      if (name === 'Embeddings')
        return match(name, 'constructor', [slot(null, ['path'], 'sentence-transformers', 'never'), { ...slot(null, ['path'], 'sentence-transformers', 'never'), inDict: '#0' }], { flagDicts: [] });
      if (TXTAI_PIPELINES.has(name)) return match(name, 'pipeline', [slot(0, ['path'], 'model', 'never')], { flagDicts: [] });
    }
    // sentence-transformers' `models.Transformer("org/name")` module loads a transformers checkpoint.
    if (name === 'Transformer' && /^sentence_transformers(\.|$)/.test(origin.module ?? ''))
      return match(isAttr ? `${receiverName}.Transformer` : name, 'from_pretrained', [slot(0, ['model_name_or_path'], 'model', 'always')], { flagDicts: ['model_args', 'config_args', 'tokenizer_args'] });
    if (origin.module && /^fastembed(\.|$)/.test(origin.module) && /Embedding$/.test(name))
      return match(name, 'constructor', [slot(0, ['model_name'], 'model', 'never')]);

    // LlamaIndex postprocessors that run a hub cross-encoder locally (API rerankers such as
    // CohereRerank or JinaRerank take the service's own model names and are left out).
    if (origin.module && /^llama_index(\.|$)/.test(origin.module) && LLAMAINDEX_LOCAL_RERANKERS.has(name))
      return match(name, 'constructor', [slot(null, ['model', 'model_name'], 'model', 'named')], { flagDicts: [] });
    // pymilvus' model functions (milvus-model) that download a hub model and run it locally.
    if (origin.module && /^(pymilvus\.model|milvus_model)(\.|$)/.test(origin.module) && MILVUS_LOCAL.has(name))
      return match(name, 'constructor', [slot(0, ['model_name'], 'model', 'named')], { flagDicts: [] });
    // MTEB's model registry: `ModelMeta(name="org/name", revision=...)` is what `mteb.get_model`
    // loads, unless the entry describes an API model (`open_weights=False`, `framework=["API"]`).
    if (origin.module && /^mteb(\.|$)/.test(origin.module) && name === 'ModelMeta' && !this.apiModelMeta(call))
      return match(name, 'config', [slot(null, ['name'], 'model', 'never')], { flagDicts: [] });
    // OpenCompass model configs: `dict(type=HuggingFaceCausalLM, path="org/name", tokenizer_path=...)`.
    if (name === 'dict' && !isAttr && origin.module === null && this.openCompassModel(call))
      return match('opencompass.dict', 'config', [slot(null, ['path'], 'model', 'never'), slot(null, ['tokenizer_path'], 'model', 'never')], { flagDicts: [] });
    // OpenMMLab (mmagic, mmengine) model configs: `dict(type='UNet2DConditionModel',
    // from_pretrained=sd_url, subfolder='unet')`; the registry builds the class from that hub id.
    if (name === 'dict' && !isAttr && origin.module === null && openMmlabPretrained(call))
      return match('openmmlab.dict', 'config', [slot(null, ['from_pretrained', 'pretrained_model_name_or_path', 'tokenizer'], 'model', 'never')], { flagDicts: [] });

    // timm / open_clip: only explicit hub ids (`hf-hub:org/name`), other names are built-ins.
    if (OPEN_CLIP_FNS.has(name))
      return match(name, 'constructor', [slot(0, ['model_name'], 'explicit', 'never'), slot(null, ['pretrained'], 'explicit', 'never')], { flagDicts: [] });

    // huggingface_hub downloads and API calls.
    if (HUB_DOWNLOAD_FNS.has(name) || HUB_INFO_FNS.has(name)) {
      const isDownload = HUB_DOWNLOAD_FNS.has(name);
      let ok: boolean;
      if (isAttr) ok = this.hfApiLike(receiver);
      else ok = this.bareIs(name, origin, /^huggingface_hub/, isDownload && name !== 'try_to_load_from_cache');
      if (ok) {
        const display = isAttr && !moduleReceiver ? `HfApi.${name}` : name;
        const mode: IdMode = name === 'dataset_info' ? 'dataset' : 'model';
        if (name === 'space_info') return null;
        return match(display, 'hub_download', [slot(0, HUB_ID_KWS, mode, isDownload ? 'always' : 'named')], { repoTypeKw: true, flagDicts: [] });
      }
    }

    if (isAttr && name === 'create') {
      const client = this.hubChatClient(receiver);
      if (client) return match(`${client}.chat.completions.create`, 'inference', [slot(null, ['model'], 'model', 'never')], { flagDicts: [] });
    }

    // InferenceClient methods take `model=` per call.
    if (isAttr && receiver) {
      const bound = this.receiverClass(receiver);
      if (bound && INFERENCE_CLIENTS.has(bound)) return match(`${bound}.${name}`, 'inference', [slot(null, ['model'], 'model', 'never')], { flagDicts: [] });
    }

    // datasets.load_dataset and friends.
    if (DATASET_FNS.has(name)) {
      const ok = isAttr ? moduleReceiver && /^(datasets|nlp)(\.|$)/.test(receiverOrigin?.module ?? '') : this.bareIs(name, origin, /^(datasets|nlp)(\.|$)/, true);
      if (ok) return match(name, 'dataset', [slot(0, ['path'], 'dataset', 'never')], { flagDicts: [] });
    }
    return null;
  }
}
