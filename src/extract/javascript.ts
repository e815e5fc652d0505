// JavaScript and TypeScript, parsed with Babel: transformers.js `pipeline()` and
// `X.from_pretrained()`, @huggingface/inference `model:` fields, @huggingface/hub calls, and
// model keys in object literals. String constants declared in the same file are followed.
import { parse, type ParserPlugin } from '@babel/parser';
import type { ExtractResult, FileProblem, LoaderFlags, ModelReference, ReferenceKind, RepoType } from '../types.js';
import { isGenericModelKey, isModelKey, makeReference, normaliseKey, Positions } from './common.js';
import { isInferenceApiUrl } from '../resolve/model-id.js';

type AnyNode = { type: string; start?: number | null; end?: number | null; loc?: { start: { line: number; column: number } } | null; [k: string]: any };

const TRANSFORMERS_SOURCE = /(^|\/)@(huggingface|xenova)\/transformers|transformers(\.min)?\.(m?js)|\/transformers@/;
const INFERENCE_SOURCE = /@huggingface\/inference/;
const HUB_SOURCE = /@huggingface\/hub/;

// transformers.js task names, so `pipeline('sentiment-analysis', 'id')` is recognised even
// when the import is hidden (a CDN script tag, a re-export).
const TASKS = new Set([
  'text-classification', 'sentiment-analysis', 'token-classification', 'ner', 'question-answering',
  'fill-mask', 'summarization', 'translation', 'text2text-generation', 'text-generation',
  'zero-shot-classification', 'audio-classification', 'zero-shot-audio-classification',
  'automatic-speech-recognition', 'text-to-audio', 'text-to-speech', 'image-to-text',
  'image-classification', 'image-segmentation', 'zero-shot-image-classification', 'object-detection',
  'zero-shot-object-detection', 'document-question-answering', 'image-to-image', 'depth-estimation',
  'feature-extraction', 'image-feature-extraction', 'background-removal',
]);

// GitHub URLs built from a `repoId` (`github.com/${repoId}`, `'https://api.github.com/repos/' + p.repoId`).
const GITHUB_REPO_URL = /github(usercontent)?\.com\/(repos\/)?(\$\{\s*[\w.?]*repo_?id\s*\}|['"`]\s*\+\s*[\w.?]*repo_?id\b)/i;

// Keys that say which runtime serves a model entry (`provider: 'ollama'`, `engine: 'ollama'`).
const OLLAMA_KEYS = new Set(['provider', 'engine', 'from', 'backend', 'model_provider', 'llm_provider', 'api_type', 'runtime']);

// @huggingface/hub functions whose argument object names a repository to read.
const HUB_FUNCTIONS = new Set([
  'downloadFile', 'downloadFileToCacheDir', 'snapshotDownload', 'listFiles', 'fileExists', 'fileDownloadInfo',
  'modelInfo', 'datasetInfo', 'spaceInfo', 'listCommits', 'repoExists', 'pathsInfo', 'parseSafetensorsMetadata',
]);

// @huggingface/inference task methods (InferenceClient / HfInference), for `model:` fields
// when the client comes from elsewhere in the project.
const INFERENCE_METHODS = new Set([
  'textGeneration', 'textGenerationStream', 'chatCompletion', 'chatCompletionStream', 'featureExtraction',
  'sentenceSimilarity', 'fillMask', 'summarization', 'questionAnswering', 'tableQuestionAnswering',
  'textClassification', 'tokenClassification', 'translation', 'zeroShotClassification', 'textToImage',
  'imageToText', 'imageClassification', 'imageSegmentation', 'objectDetection', 'imageToImage',
  'textToSpeech', 'automaticSpeechRecognition', 'audioClassification', 'audioToAudio', 'textToVideo',
  'zeroShotImageClassification', 'visualQuestionAnswering', 'documentQuestionAnswering', 'tabularRegression',
  'tabularClassification',
]);

type Value = { value: string; confidence: 'high' | 'medium' } | { unresolved: string };

function pluginsFor(path: string): ParserPlugin[][] {
  if (/\.(vue|svelte|astro)$/i.test(path)) return [['typescript', 'jsx'], ['typescript']];
  if (/\.(c|m)?tsx$/i.test(path)) return [['typescript', 'jsx']];
  if (/\.(c|m)?ts$/i.test(path)) return [['typescript'], ['typescript', 'jsx']];
  return [['jsx'], ['jsx', 'flow'], ['typescript', 'jsx']];
}

function children(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === 'string') out.push(c);
    } else if (v && typeof v === 'object' && typeof v.type === 'string') out.push(v);
  }
  return out;
}

function propKey(p: AnyNode): string | null {
  if (p.type !== 'ObjectProperty' && p.type !== 'ClassProperty') return null;
  if (p.computed) return p.key.type === 'StringLiteral' ? p.key.value : null;
  if (p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'StringLiteral') return p.key.value;
  return null;
}

function calleeName(callee: AnyNode): { name: string | null; object: string | null } {
  if (callee.type === 'Identifier') return { name: callee.name, object: null };
  if ((callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') && !callee.computed && callee.property.type === 'Identifier') {
    const obj = callee.object;
    const object = obj.type === 'Identifier' ? obj.name : obj.type === 'ThisExpression' ? 'this' : obj.type === 'MemberExpression' && obj.property.type === 'Identifier' ? obj.property.name : null;
    return { name: callee.property.name, object };
  }
  return { name: null, object: null };
}

class JsFile {
  readonly refs: ModelReference[] = [];
  private readonly constants = new Map<string, AnyNode | null>();
  /** Class properties and `this.x = ...` assignments, by property name (null when ambiguous). */
  private readonly members = new Map<string, AnyNode | null>();
  private readonly consumed = new Set<AnyNode>();
  /** Parameter default values: what ships unless a caller passes something else. */
  private readonly defaults = new Set<AnyNode>();
  usesTransformers = false;
  usesInference = false;
  usesHub = false;

  constructor(
    private readonly path: string,
    private readonly text: string,
  ) {}

  collect(node: AnyNode, depth = 0): void {
    if (depth > 500) return;
    if (node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') {
      if (node.source?.type === 'StringLiteral') this.noteSource(node.source.value);
    } else if ((node.type === 'CallExpression' || node.type === 'ImportExpression') && node.arguments?.[0]?.type === 'StringLiteral') {
      const c = node.callee;
      if (node.type === 'ImportExpression' || c?.type === 'Import' || (c?.type === 'Identifier' && c.name === 'require')) this.noteSource(node.arguments[0].value);
    } else if (node.type === 'ImportExpression' && node.source?.type === 'StringLiteral') {
      this.noteSource(node.source.value);
    } else if (node.type === 'VariableDeclarator' && node.id?.type === 'Identifier' && node.init) {
      const name = node.id.name;
      this.constants.set(name, this.constants.has(name) ? null : node.init);
    } else if (node.type === 'AssignmentPattern' && node.left?.type === 'Identifier' && node.right) {
      // A parameter default (`function load(model = 'org/name')`): the value that ships.
      const name = node.left.name;
      this.constants.set(name, this.constants.has(name) ? null : node.right);
      this.defaults.add(node.right);
    } else if ((node.type === 'ClassProperty' || node.type === 'ClassAccessorProperty') && !node.computed && node.key?.type === 'Identifier' && node.value) {
      // `static model = 'org/name'`, read later as `this.model` or `Singleton.model`.
      this.setMember(node.key.name, node.value);
    } else if (node.type === 'AssignmentExpression' && node.operator === '=' && node.left?.type === 'MemberExpression' && node.left.object?.type === 'ThisExpression' && !node.left.computed && node.left.property?.type === 'Identifier') {
      this.setMember(node.left.property.name, node.right);
    }
    for (const c of children(node)) this.collect(c, depth + 1);
  }

  private setMember(name: string, value: AnyNode): void {
    this.members.set(name, this.members.has(name) && this.members.get(name) !== value ? null : value);
  }

  private noteSource(source: string): void {
    if (TRANSFORMERS_SOURCE.test(source)) this.usesTransformers = true;
    if (INFERENCE_SOURCE.test(source)) this.usesInference = true;
    if (HUB_SOURCE.test(source)) this.usesHub = true;
  }

  private raw(node: AnyNode): string {
    return this.text.slice(node.start ?? 0, node.end ?? 0);
  }

  /** The string a node evaluates to, when it can be known without running the code. */
  evaluate(node: AnyNode | null | undefined, depth = 0): Value {
    if (!node) return { unresolved: '' };
    if (depth > 20) return { unresolved: this.raw(node) };
    switch (node.type) {
      case 'StringLiteral':
        return { value: node.value, confidence: 'high' };
      case 'TemplateLiteral': {
        let out = '';
        let confidence: 'high' | 'medium' = 'high';
        for (let i = 0; i < node.quasis.length; i++) {
          out += node.quasis[i].value.cooked ?? node.quasis[i].value.raw;
          if (i < node.expressions.length) {
            const v = this.evaluate(node.expressions[i], depth + 1);
            if ('unresolved' in v) return { unresolved: this.raw(node) };
            out += v.value;
            if (v.confidence === 'medium') confidence = 'medium';
          }
        }
        return { value: out, confidence };
      }
      case 'Identifier': {
        const init = this.constants.get(node.name);
        if (!init) return { unresolved: node.name };
        const v = this.evaluate(init, depth + 1);
        if ('unresolved' in v) return { unresolved: node.name };
        // Reported where it is used, not again at the declaration.
        this.consumed.add(init);
        return this.defaults.has(init) ? { value: v.value, confidence: 'medium' } : v;
      }
      case 'MemberExpression': {
        // `this.model` / `Singleton.model` set by a class property or `this.model = ...`.
        if (!node.computed && node.property.type === 'Identifier' && (node.object.type === 'ThisExpression' || (node.object.type === 'Identifier' && !this.constants.has(node.object.name)))) {
          const init = this.members.get(node.property.name);
          if (init) {
            const v = this.evaluate(init, depth + 1);
            if (!('unresolved' in v)) {
              this.consumed.add(init);
              return v;
            }
          }
        }
        if (!node.computed && node.property.type === 'Identifier' && node.object.type === 'Identifier') {
          const init = this.constants.get(node.object.name);
          if (init?.type === 'ObjectExpression') {
            const prop = (init.properties as AnyNode[]).find((p) => propKey(p) === node.property.name);
            if (prop) {
              const v = this.evaluate(prop.value, depth + 1);
              // Reported at the use, not again at the object literal.
              if (!('unresolved' in v)) {
                this.consumed.add(prop.value);
                return v;
              }
            }
          }
        }
        return { unresolved: this.raw(node) };
      }
      case 'LogicalExpression': {
        // `process.env.MODEL_ID ?? 'org/name'`: the literal is the default that ships.
        if (node.operator === '??' || node.operator === '||') {
          const left = this.evaluate(node.left, depth + 1);
          if (!('unresolved' in left)) return left;
          const right = this.evaluate(node.right, depth + 1);
          if (!('unresolved' in right)) return { value: right.value, confidence: 'medium' };
        }
        return { unresolved: this.raw(node) };
      }
      case 'BinaryExpression': {
        if (node.operator !== '+') return { unresolved: this.raw(node) };
        const l = this.evaluate(node.left, depth + 1);
        const r = this.evaluate(node.right, depth + 1);
        if ('unresolved' in l || 'unresolved' in r) return { unresolved: this.raw(node) };
        return { value: l.value + r.value, confidence: l.confidence === 'medium' || r.confidence === 'medium' ? 'medium' : 'high' };
      }
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        return this.evaluate(node.expression, depth + 1);
      default:
        return { unresolved: this.raw(node) };
    }
  }

  private pos(node: AnyNode): { line: number; column: number } {
    const s = node.loc?.start;
    return s ? { line: s.line, column: s.column + 1 } : { line: 1, column: 1 };
  }

  private add(
    node: AnyNode,
    kind: ReferenceKind,
    call: string,
    opts: { revision?: string | null; flags?: LoaderFlags; repoType?: RepoType; unresolvedAllowed: boolean },
  ): void {
    this.consumed.add(node);
    // `pipeline(task, null)` / `undefined`: the library picks its default model for the task.
    if (node.type === 'NullLiteral' || (node.type === 'Identifier' && node.name === 'undefined')) return;
    const v = this.evaluate(node);
    if ('unresolved' in v) {
      if (!opts.unresolvedAllowed || !v.unresolved) return;
      this.refs.push({
        file: this.path,
        ...this.pos(node),
        id: null,
        raw: v.unresolved.slice(0, 200),
        revision: opts.revision ?? null,
        repoType: opts.repoType ?? 'model',
        kind,
        call,
        flags: opts.flags ?? {},
        confidence: 'low',
      });
      return;
    }
    const ref = makeReference({
      file: this.path,
      ...this.pos(node),
      raw: v.value,
      kind,
      call,
      context: 'config',
      revision: opts.revision ?? null,
      flags: opts.flags,
      repoType: opts.repoType,
      confidence: v.confidence,
    });
    if (ref) this.refs.push(ref);
  }

  /** `{revision: 'x', trust_remote_code: true}` options next to a reference. */
  private options(obj: AnyNode | undefined): { revision: string | null; flags: LoaderFlags } {
    const flags: LoaderFlags = {};
    let revision: string | null = null;
    if (obj?.type !== 'ObjectExpression') return { revision, flags };
    for (const p of obj.properties as AnyNode[]) {
      const key = propKey(p);
      if (!key) continue;
      const k = normaliseKey(key);
      if (k === 'revision') {
        const v = this.evaluate(p.value);
        if (!('unresolved' in v)) revision = v.value;
      } else if (k === 'trust_remote_code') {
        flags.trustRemoteCode = p.value.type === 'BooleanLiteral' ? p.value.value : 'unknown';
      } else if (k === 'use_safetensors') {
        flags.useSafetensors = p.value.type === 'BooleanLiteral' ? p.value.value : 'unknown';
      }
    }
    return { revision, flags };
  }

  /** Calls first (they consume what they name), then object keys and URLs, then constants. */
  visit(node: AnyNode): void {
    this.visitCalls(node, 0);
    this.visitRest(node, 0);
    this.visitConstants(node, 0);
  }

  /** `const EMBEDDING_MODEL = 'org/name'` that no call or key used: the name says it is a model. */
  private visitConstants(node: AnyNode, depth: number): void {
    if (depth > 500) return;
    if (node.type === 'VariableDeclarator' && node.id?.type === 'Identifier' && node.init && !this.consumed.has(node.init) && this.constants.get(node.id.name) === node.init) {
      this.keyed(node.id.name, node.init);
    } else if (node.type === 'AssignmentPattern' && node.left?.type === 'Identifier' && node.right && !this.consumed.has(node.right) && this.constants.get(node.left.name) === node.right) {
      this.keyed(node.left.name, node.right);
    }
    for (const c of children(node)) this.visitConstants(c, depth + 1);
  }

  private visitCalls(node: AnyNode, depth: number): void {
    if (depth > 500) return;
    if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression' || node.type === 'NewExpression') this.call(node);
    for (const c of children(node)) this.visitCalls(c, depth + 1);
  }

  private visitRest(node: AnyNode, depth: number): void {
    if (depth > 500) return;
    if (node.type === 'ObjectExpression') this.skipOllamaModels(node);
    if ((node.type === 'ObjectProperty' || node.type === 'ClassProperty') && node.value && !this.consumed.has(node.value)) this.property(node);
    else if (node.type === 'StringLiteral' && !this.consumed.has(node)) this.hubUrl(node);
    else if ((node.type === 'TemplateLiteral' && node.expressions.length > 0) || (node.type === 'BinaryExpression' && node.operator === '+')) {
      // The parts of an Inference API URL concatenation are not URLs of their own.
      if (this.inferenceUrlExpression(node) && node.type === 'BinaryExpression') return;
    }
    for (const c of children(node)) this.visitRest(c, depth + 1);
  }

  private call(node: AnyNode): void {
    const { name, object } = calleeName(node.callee);
    const args = (node.arguments ?? []) as AnyNode[];
    if (!name) return;
    if (name === 'pipeline' && args.length >= 2 && args[1].type !== 'ObjectExpression') {
      const task = args[0].type === 'StringLiteral' ? args[0].value : null;
      if (this.usesTransformers || (task !== null && TASKS.has(task))) {
        const o = this.options(args[2]);
        this.add(args[1], 'pipeline', 'pipeline', { ...o, unresolvedAllowed: true });
      }
      return;
    }
    // Project wrappers built like `pipeline`: `new PipelineWorker('feature-extraction', 'org/name')`.
    // A transformers.js task name as the first argument says the second one is a model.
    if (args.length >= 2 && args[0].type === 'StringLiteral' && TASKS.has(args[0].value) && args[1].type !== 'ObjectExpression') {
      this.add(args[1], 'pipeline', name, { ...this.options(args[2]), unresolvedAllowed: false });
      return;
    }
    if (name === 'from_pretrained' && args.length >= 1) {
      const o = this.options(args[1]);
      this.add(args[0], 'from_pretrained', `${object ?? ''}.from_pretrained`.replace(/^\./, ''), { ...o, unresolvedAllowed: true });
      return;
    }
    if (HUB_FUNCTIONS.has(name) && this.usesHub && args[0]?.type === 'ObjectExpression') {
      this.hubCall(name, args[0]);
      return;
    }
    // Factories named after the hub taking the id first: CDK constructs' `Model.fromHuggingFace('org/name')`,
    // AI SDK providers' `huggingface('org/name')`. Only `org/name` strings count: a bare word passed to
    // such a helper is as often a task or a file name.
    if (/^(from|load|create)?hugging_?face$|^fromHub$|^fromHf$/i.test(name) && args[0] && args[0].type !== 'ObjectExpression') {
      const v = this.evaluate(args[0]);
      if ('value' in v && /^[\w.-]+\/[\w.-]+$/.test(v.value)) {
        this.add(args[0], 'from_pretrained', `${object ?? ''}.${name}`.replace(/^\./, ''), { unresolvedAllowed: false });
        return;
      }
    }
    // LangChain / LlamaIndex wrappers: `new HuggingFaceInferenceEmbeddings({model: 'org/name'})`.
    if (/hugging_?face|^hf[A-Z]|^HF[A-Z]/i.test(name) && args.some((a) => a.type === 'ObjectExpression')) {
      const obj = args.find((a) => a.type === 'ObjectExpression') as AnyNode;
      const prop = (obj.properties as AnyNode[]).find((p) => ['model', 'modelName', 'modelId', 'model_id', 'modelType', 'repoId', 'repo_id'].includes(propKey(p) ?? ''));
      if (prop) {
        this.add(prop.value, 'inference', name, { unresolvedAllowed: false });
        return;
      }
    }
    if ((this.usesInference || INFERENCE_METHODS.has(name)) && args[0]?.type === 'ObjectExpression') {
      const modelProp = (args[0].properties as AnyNode[]).find((p) => propKey(p) === 'model');
      if (modelProp && (this.usesInference || this.usesTransformers)) {
        this.add(modelProp.value, 'inference', name, { unresolvedAllowed: INFERENCE_METHODS.has(name) });
      }
    }
  }

  private hubCall(name: string, obj: AnyNode): void {
    const props = obj.properties as AnyNode[];
    const repo = props.find((p) => propKey(p) === 'repo' || propKey(p) === 'name');
    if (!repo) return;
    const o = this.options(obj);
    let repoType: RepoType = name === 'datasetInfo' ? 'dataset' : name === 'spaceInfo' ? 'space' : 'model';
    let target: AnyNode = repo.value;
    // `const repo = {type: 'model', name: 'org/name'}; listFiles({repo})`
    if (target.type === 'Identifier' && this.constants.get(target.name)?.type === 'ObjectExpression') {
      const obj = this.constants.get(target.name) as AnyNode;
      if ((obj.properties as AnyNode[]).some((p) => propKey(p) === 'name')) target = obj;
    }
    if (target.type === 'ObjectExpression') {
      // `{repo: {type: 'model', name: 'org/name'}}`
      const inner = target.properties as AnyNode[];
      const type = inner.find((p) => propKey(p) === 'type');
      const t = type ? this.evaluate(type.value) : null;
      if (t && !('unresolved' in t) && (t.value === 'dataset' || t.value === 'space')) repoType = t.value;
      const nameProp = inner.find((p) => propKey(p) === 'name');
      if (!nameProp) return;
      this.consumed.add(repo.value);
      target = nameProp.value;
    }
    if (repoType !== 'model') {
      const v = this.evaluate(target);
      if ('unresolved' in v) return;
      const ref = makeReference({ file: this.path, ...this.pos(target), raw: v.value, kind: 'dataset', call: name, context: 'config', repoType, revision: o.revision });
      this.consumed.add(target);
      if (ref) this.refs.push(ref);
      return;
    }
    this.add(target, 'hub_download', name, { ...o, unresolvedAllowed: true });
  }

  /**
   * `{model: 'jina/jina-embeddings-v2', info: {engine: 'ollama'}}`: an Ollama library name, not a
   * hub id (the same rule as `provider: ollama` in configuration files). `hf.co/...` still counts.
   */
  private skipOllamaModels(obj: AnyNode): void {
    const mentionsOllama = (o: AnyNode, depth: number): boolean =>
      (o.properties as AnyNode[]).some((p) => {
        if (p.type !== 'ObjectProperty') return false;
        if (p.value?.type === 'StringLiteral' && OLLAMA_KEYS.has(normaliseKey(propKey(p) ?? '')) && /^ollama(\b|_|$)/i.test(p.value.value)) return true;
        return depth < 1 && p.value?.type === 'ObjectExpression' && mentionsOllama(p.value, depth + 1);
      });
    if (!mentionsOllama(obj, 0)) return;
    for (const p of obj.properties as AnyNode[]) {
      if (p.type !== 'ObjectProperty' || !isModelKey(propKey(p) ?? '')) continue;
      if (p.value?.type === 'StringLiteral' && /^(hf\.co|huggingface\.co)\//i.test(p.value.value)) continue;
      this.consumed.add(p.value);
    }
  }

  private property(node: AnyNode): void {
    const key = propKey(node);
    if (key) this.keyed(key, node.value);
  }

  /** A value under a model key (`model: ...`, `const MODEL_ID = ...`) that no call consumed. */
  private keyed(key: string, valueNode: AnyNode): void {
    if (!isModelKey(key)) return;
    const hfFile = this.usesTransformers || this.usesInference || this.usesHub;
    // Outside files that use the HF libraries a generic key (`model:` of an OpenAI-compatible
    // call) counts only with an `org/name` id, and with less confidence.
    const weak = isGenericModelKey(key) && !hfFile;
    const v = this.evaluate(valueNode);
    if ('unresolved' in v) return;
    // `repoId: 'owner/repo'` is a GitHub repository unless the file uses the hub libraries,
    // builds huggingface.co URLs, or names a quantised export only the hub has (`-GGUF`).
    if (!hfFile && normaliseKey(key) === 'repo_id' && !/[-_.](gguf|gptq|awq|exl2)$/i.test(v.value)) {
      if (!/huggingface\.co|hf\.co\//.test(this.text)) return;
      // The file builds hub URLs, but this value is the one it builds GitHub URLs from.
      if (this.text.includes(`github.com/${v.value}`) || GITHUB_REPO_URL.test(this.text)) return;
    }
    this.consumed.add(valueNode);
    const ref = makeReference({
      file: this.path,
      ...this.pos(valueNode),
      raw: v.value,
      kind: 'config',
      call: key,
      context: 'config',
      confidence: weak ? 'medium' : v.confidence,
    });
    // Outside the HF libraries, require an `org/name` id: bare names are too ambiguous.
    if (ref && (ref.id?.includes('/') || hfFile)) this.refs.push(ref);
  }

  private hubUrl(node: AnyNode): void {
    const v: string = node.value;
    if (isInferenceApiUrl(v)) {
      const ref = makeReference({ file: this.path, ...this.pos(node), raw: v, kind: 'inference', call: 'Inference API URL', context: 'free-text' });
      if (ref) this.refs.push(ref);
      return;
    }
    if (!/^(hf:\/\/|huggingface:\/\/|https?:\/\/(www\.)?(huggingface\.co|hf\.co)\/[^/]+\/[^/]+\/resolve\/)/i.test(v)) return;
    const ref = makeReference({ file: this.path, ...this.pos(node), raw: v, kind: 'url', call: 'url', context: 'free-text' });
    if (ref) this.refs.push(ref);
  }

  /** `\`https://api-inference.huggingface.co/models/${model}\`` and `'.../models/' + model`, when the parts are known. */
  private inferenceUrlExpression(node: AnyNode): boolean {
    const head = node.type === 'TemplateLiteral' ? node.quasis[0]?.value?.cooked ?? '' : this.raw(node).replace(/^['"`]/, '');
    if (!isInferenceApiUrl(head)) return false;
    const v = this.evaluate(node);
    if ('unresolved' in v) return true;
    const ref = makeReference({ file: this.path, ...this.pos(node), raw: v.value, kind: 'inference', call: 'Inference API URL', context: 'free-text', confidence: v.confidence });
    if (ref) this.refs.push(ref);
    return true;
  }
}

/** `pipeline('task', 'id')` and `X.from_pretrained('id')` written with literals, found textually. */
function literalCalls(path: string, text: string): ModelReference[] {
  const refs: ModelReference[] = [];
  const positions = new Positions(text);
  const patterns: [RegExp, ReferenceKind][] = [
    [/\bpipeline\(\s*(['"`])[\w-]+\1\s*,\s*(['"`])([^'"`\s]+)\2/g, 'pipeline'],
    [/\b(\w+)\.from_pretrained\(\s*(['"`])([^'"`\s]+)\2/g, 'from_pretrained'],
  ];
  for (const [re, kind] of patterns) {
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const at = m.index + m[0].lastIndexOf(m[3]) - 1;
      const call = kind === 'pipeline' ? 'pipeline' : `${m[1]}.from_pretrained`;
      const ref = makeReference({ file: path, ...positions.at(at), raw: m[3], kind, call, context: 'config', confidence: 'medium' });
      if (ref) refs.push(ref);
    }
  }
  return refs;
}

/**
 * The scripts of an HTML page or a Vue/Svelte/Astro component, with everything else blanked
 * (newlines kept) so that Babel's lines and columns are the file's own.
 */
export function scriptBlocks(path: string, text: string): string {
  const out = text.replace(/[^\n]/g, ' ').split('');
  const keep = (start: number, end: number) => {
    for (let i = start; i < end; i++) out[i] = text[i];
  };
  if (/\.astro$/i.test(path)) {
    const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    if (fm) keep(fm.index + fm[0].indexOf(fm[1]), fm.index + fm[0].indexOf(fm[1]) + fm[1].length);
  }
  const re = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const attrs = m[1];
    if (/\bsrc\s*=/.test(attrs)) continue;
    if (/\btype\s*=\s*["']?(?!module|text\/javascript|application\/javascript|text\/babel)[^"'\s>]+/i.test(attrs)) continue; // JSON, templates
    const start = m.index + m[0].indexOf('>') + 1;
    keep(start, start + m[2].length);
  }
  return out.join('');
}

export function extractJavaScript(path: string, text: string): ExtractResult {
  if (/\.(html?|vue|svelte|astro)$/i.test(path)) text = scriptBlocks(path, text);
  const problems: FileProblem[] = [];
  let ast: AnyNode | null = null;
  let firstError: { message: string; line: number } | null = null;
  for (const plugins of pluginsFor(path)) {
    try {
      ast = parse(text, {
        sourceType: 'unambiguous',
        plugins: [...plugins, 'decorators-legacy', 'importAttributes'] as ParserPlugin[],
        errorRecovery: true,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        allowImportExportEverywhere: true,
        allowUndeclaredExports: true,
      }) as unknown as AnyNode;
      break;
    } catch (err) {
      const loc = (err as { loc?: { line: number } }).loc;
      firstError ??= { message: (err as Error).message, line: loc?.line ?? 1 };
    }
  }
  if (!ast && /\.(html?|vue|svelte|astro)$/i.test(path)) {
    // Server templates put `{{ }}` / `{% %}` inside scripts: not the user's to fix. Fall back to
    // the literal call shapes instead of reporting the page.
    return { references: literalCalls(path, text), problems };
  }
  if (!ast) {
    problems.push({
      file: path,
      line: firstError?.line ?? 1,
      message: `${path}:${firstError?.line ?? 1}: could not be parsed as JavaScript/TypeScript (${firstError?.message ?? 'unknown error'}); it was not searched for model references.`,
      fix: 'Fix the syntax error, or add the file to ignorePaths in the policy if it is not source code.',
    });
    return { references: [], problems };
  }
  const js = new JsFile(path, text);
  js.collect(ast.program ?? ast);
  js.visit(ast.program ?? ast);
  return { references: js.refs, problems };
}
