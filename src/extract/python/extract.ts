// Turns a parsed Python module into model references: finds loader calls (loaders.ts),
// resolves the argument naming the repository (values.ts), reads revision and loader flags
// next to it, and falls back to explicit hub URLs / `hf-hub:` strings anywhere else.
import type { Node, Tree } from 'web-tree-sitter';
import type { Confidence, FileProblem, LoaderFlags, ModelReference, RepoType } from '../../types.js';
import { acceptId, isExplicitHub } from './ids.js';
import { keyedReferences } from './keyed.js';
import { HUB_LIBRARIES, LoaderCatalogue, type LoaderMatch, type Slot } from './loaders.js';
import { buildIndex, MAX_NESTING, scopeOf, type FileIndex } from './scope.js';
import { callArgs, dottedParts, exprText, literalString, stringParts, type CallArgs } from './syntax.js';
import { dictPairs, minConf, Resolver, type Value } from './values.js';

/** Maps a 0-based row/column in the parsed text to the location reported (notebooks remap). */
export type LocationMap = (row: number, column: number) => { line: number; column: number; cell?: number; cellLine?: number };

const IDENTITY: LocationMap = (row, column) => ({ line: row + 1, column: column + 1 });

const FLAG_KEYS: Record<string, keyof LoaderFlags> = {
  trust_remote_code: 'trustRemoteCode',
  use_safetensors: 'useSafetensors',
  weights_only: 'weightsOnly',
  from_tf: 'fromTf',
};

// Names that, when an argument is a bare variable we cannot resolve, say it holds a local folder.
const LOCAL_NAME = /(^|_)(dir|directory|folder|output|outputs|save|saved|ckpt|checkpoint|checkpoints|cache|tmp|temp|local|dst|dest|out)(_|$)|^(output_dir|save_path|local_path|path_to_model|model_dir|lora_path|adapter_path|peft_path|lora_dir)$/i;
const NAMED_ID = /(name|_id$|^id$|repo|path|hub|card|checkpoint|ckpt|model_str|model_type)/i;
const MESSAGE_CALLS = /^(print|info|warning|warn|debug|error|exception|critical|log|echo|write|markdown|Markdown|HTML|display)$/;

export interface PythonExtraction {
  references: ModelReference[];
  problems: FileProblem[];
}

export function extractFromTree(tree: Tree, text: string, file: string, map: LocationMap = IDENTITY): PythonExtraction {
  const index = buildIndex(tree, text);
  let catalogue: LoaderCatalogue | null = null;
  const resolver: Resolver = new Resolver(index, (call) => isObjectCall(call, catalogue));
  catalogue = new LoaderCatalogue(index, (receiver) => receiverCall(receiver, resolver));
  const references: ModelReference[] = [];
  const seen = new Set<string>();
  const consumed = new Set<number>();

  const emit = (ref: ModelReference) => {
    const key = `${ref.line}:${ref.column}:${ref.id ?? ref.raw}:${ref.revision ?? ''}:${ref.call}`;
    if (seen.has(key)) return;
    seen.add(key);
    references.push(ref);
  };

  for (const call of index.calls) {
    const direct = catalogue.match(call);
    const m = direct ?? catalogue.helper(call);
    if (!m) {
      consumePushTarget(call, index, resolver, consumed);
      consumeApiModel(call, index, resolver, consumed);
      continue;
    }
    const args = callArgs(call);
    // torch.hub.load reaches the hub only through the transformers hub entry.
    if (m.call === 'torch.hub.load' && !/^huggingface\/(pytorch-)?transformers(:|$)/.test(literalString(args.positional[0]) ?? '')) {
      // `torch.hub.load(DINO_REPO, ...)` names a GitHub repository: its constant is no hub id either.
      const repo = args.keywords.get('repo_or_dir') ?? args.positional[0];
      if (repo) for (const v of resolver.resolve(repo)) if (v.t === 'str') v.lits.forEach((id) => consumed.add(id));
      continue;
    }
    for (const s of m.slots) {
      const arg = slotArg(s, args, resolver);
      if (!arg) continue;
      for (const ref of slotReferences(call, arg, s, m, args, resolver, index, file, map, consumed)) emit(direct ? ref : { ...ref, confidence: minConf(ref.confidence, 'medium') });
    }
  }

  const hubFile = [...index.imports.values()].some((i) => HUB_LIBRARIES.test(i.module)) || index.starImports.some((m) => HUB_LIBRARIES.test(m));
  for (const ref of keyedReferences(index.strings, consumed, resolver, file, map, { hubFile })) {
    emit(ref);
  }
  // Strings reported under a key are not reported again as bare hub URLs.
  const keyedLines = new Set(references.filter((r) => r.kind === 'config' || r.kind === 'dataset').map((r) => `${r.line}:${r.column}`));

  for (const str of index.strings) {
    if (consumed.has(str.id) || str.parent?.type === 'concatenated_string') continue;
    const at = map(str.startPosition.row, str.startPosition.column);
    if (keyedLines.has(`${at.line}:${at.column}`)) continue;
    if (!/huggingface\.co|hf\.co|hf[-_]hub:|hf:\/\//i.test(text.slice(str.startIndex, str.endIndex))) continue;
    const literal = literalString(str);
    const value = fsRevisionOnly(literal ?? hubUrlPrefix(str));
    if (value === null || !isExplicitHub(value) || /\s/.test(value.trim())) continue;
    if (isDocOrMessage(str)) continue;
    const accepted = acceptId(value, 'explicit');
    if (!accepted || accepted.repoType === 'space') continue;
    // A prefix must name the whole repository (a bare name there may be cut by the interpolation).
    if (literal === null && !accepted.id.includes('/')) continue;
    const loc = map(str.startPosition.row, str.startPosition.column);
    const enclosing = enclosingCallName(str);
    emit({
      file,
      ...loc,
      id: accepted.id,
      raw: value,
      revision: accepted.revision,
      repoType: accepted.repoType,
      kind: accepted.repoType === 'dataset' ? 'dataset' : 'url',
      call: enclosing ?? 'string',
      flags: {},
      confidence: 'medium',
    });
  }

  references.sort((a, b) => a.line - b.line || a.column - b.column);
  const problems: FileProblem[] = [];
  if (index.tooDeepRow !== null) {
    const loc = map(index.tooDeepRow, 0);
    problems.push({
      file,
      line: loc.line,
      message: `expressions nested more than ${MAX_NESTING} levels deep (from line ${loc.line}) were not searched for model references`,
      fix: 'Generated or minified Python cannot be checked; exclude it with ignore-paths, or review its model references by hand.',
    });
  }
  if (tree.rootNode.hasError) {
    const err = firstError(tree.rootNode);
    const loc = err ? map(err.startPosition.row, err.startPosition.column) : null;
    problems.push({
      file,
      ...(loc ? { line: loc.line } : {}),
      message: `Python syntax error${loc ? ` at line ${loc.line}${loc.cell ? ` (cell ${loc.cell}, line ${loc.cellLine})` : ''}` : ''}: the file could not be fully parsed, so model references in it may be missed`,
      fix: 'Fix the syntax error (or exclude the file with ignore-paths if it is not Python 3).',
    });
  }
  return { references, problems };
}

/** The dict literal passed as `kw=` (directly, or inside a `**kwargs` dict), or null. */
function keywordDict(kw: string, args: CallArgs, resolver: Resolver): Node | null {
  const candidates: Node[] = [];
  // `#N`: the dict is the N-th positional argument.
  const pos = /^#(\d+)$/.exec(kw);
  if (pos) {
    const node = args.positional[Number(pos[1])];
    const dict = node ? resolver.containerOf(node, 0) : null;
    return dict && (dict.type === 'dictionary' || dict.type === 'call') ? dict : null;
  }
  const direct = args.keywords.get(kw);
  if (direct) candidates.push(direct);
  for (const splat of args.splats) {
    const dict = resolver.containerOf(splat, 0);
    if (!dict || (dict.type !== 'dictionary' && dict.type !== 'call')) continue;
    for (const [k, v] of dictPairs(dict)) if ((k.type === 'identifier' ? k.text : literalString(k)) === kw) candidates.push(v);
  }
  for (const node of candidates) {
    const dict = resolver.containerOf(node, 0);
    if (dict && (dict.type === 'dictionary' || dict.type === 'call')) return dict;
  }
  return null;
}

/** The value under one of `keys` in a dict literal or `dict(...)` call. */
function dictEntry(dict: Node, keys: string[]): Node | null {
  for (const [k, v] of dictPairs(dict)) {
    const key = k.type === 'identifier' ? k.text : literalString(k);
    if (key && keys.includes(key)) return v;
  }
  return null;
}

function slotArg(s: Slot, args: CallArgs, resolver: Resolver): Node | null {
  if (s.inDict) {
    const dict = keywordDict(s.inDict, args, resolver);
    return dict ? dictEntry(dict, s.kws) : null;
  }
  for (const kw of s.kws) {
    const v = args.keywords.get(kw);
    if (v) return v;
  }
  if (s.pos !== null && s.pos < args.positional.length) return args.positional[s.pos];
  // `from_pretrained(**load_kwargs)` with `load_kwargs = {"pretrained_model_name_or_path": ...}`.
  for (const splat of args.splats) {
    const dict = resolver.containerOf(splat, 0);
    if (!dict || (dict.type !== 'dictionary' && dict.type !== 'call')) continue;
    for (const [k, v] of dictPairs(dict)) {
      const key = k.type === 'identifier' ? k.text : literalString(k);
      if (key && s.kws.includes(key)) return v;
    }
  }
  return null;
}

function slotReferences(
  call: Node,
  arg: Node,
  s: Slot,
  m: LoaderMatch,
  args: CallArgs,
  resolver: Resolver,
  index: FileIndex,
  file: string,
  map: LocationMap,
  consumed: Set<number>,
): ModelReference[] {
  const values = resolver.resolve(arg);
  const loc = map(arg.startPosition.row, arg.startPosition.column);
  const flags = loaderFlags(args, m, resolver);
  const revision = s.inDict ? dictRevision(s.inDict, args, resolver) : slotRevision(s, args, resolver);
  const repoTypeArg = m.repoTypeKw ? repoTypeOf(args.keywords.get('repo_type'), resolver) : null;
  const out: ModelReference[] = [];
  const strings = values.filter((v): v is Extract<Value, { t: 'str' }> => v.t === 'str');
  for (const v of strings) {
    const accepted = acceptId(v.v, repoTypeArg?.type === 'dataset' && s.mode === 'model' ? 'dataset' : s.mode);
    if (!accepted) continue;
    v.lits.forEach((id) => consumed.add(id));
    let repoType: RepoType = accepted.repoType;
    let confidence: Confidence = v.conf;
    if (repoTypeArg) {
      if (repoTypeArg.type) repoType = repoTypeArg.type;
      confidence = minConf(confidence, repoTypeArg.conf);
    }
    if (repoType === 'space') continue;
    out.push({
      file,
      ...loc,
      id: accepted.id,
      raw: v.v,
      revision: revision ?? accepted.revision,
      repoType,
      kind: repoType === 'dataset' ? 'dataset' : m.kind,
      call: m.call,
      flags,
      confidence,
    });
  }
  if (out.length > 0 || strings.length > 0) return out;
  if (!values.some((v) => v.t === 'unknown') || values.some((v) => v.t === 'path')) return out;
  if (!reportUnresolved(s, arg, call, index)) return out;
  out.push({
    file,
    ...loc,
    id: null,
    raw: exprText(arg),
    revision,
    repoType: repoTypeArg?.type ?? (s.mode === 'dataset' ? 'dataset' : 'model'),
    kind: s.mode === 'dataset' ? 'dataset' : m.kind,
    call: m.call,
    flags,
    confidence: 'low',
  });
  return out;
}

function reportUnresolved(s: Slot, arg: Node, call: Node, index: FileIndex): boolean {
  if (s.unresolved === 'never') return false;
  const parts = dottedParts(arg);
  const last = parts?.[parts.length - 1] ?? '';
  if (parts && LOCAL_NAME.test(last)) return false;
  if (arg.type === 'string' || arg.type === 'concatenated_string') {
    // f-strings building a folder: f"/data/{run}", f"{out}/checkpoint-{step}", f"{d}/model.bin".
    if (/^[rfbu]*['"]{1,3}[./~]/i.test(arg.text)) return false;
    const constant = arg.text.replace(/\{[^}]*\}/g, '');
    if (/checkpoint|\.(bin|pt|pth|safetensors|json|ckpt|gguf)['"]/i.test(constant)) return false;
  }
  if (s.unresolved === 'named' && !(parts && NAMED_ID.test(last)) && arg.type !== 'string') return false;
  // Pass-through inside a wrapper's own from_pretrained: the caller names the model.
  const scope = scopeOf(index, call);
  if (scope.kind === 'function' && /^(from_pretrained|_from_pretrained|from_config)$/.test(scope.name)) return false;
  return true;
}

function slotRevision(s: Slot, args: CallArgs, resolver: Resolver): string | null {
  for (const kw of s.revisionKws) {
    const node = args.keywords.get(kw);
    if (!node) continue;
    // One revision or none: several candidates (branches, parametrized tests) cannot be paired with ids.
    const revisions = new Set(resolver.resolve(node).flatMap((v) => (v.t === 'str' ? [v.v] : [])));
    return revisions.size === 1 ? [...revisions][0] : null;
  }
  return null;
}

/** `revision` written inside the dict that names the model (speculative_config={"model", "revision"}). */
function dictRevision(kw: string, args: CallArgs, resolver: Resolver): string | null {
  const dict = keywordDict(kw, args, resolver);
  const node = dict ? dictEntry(dict, ['revision']) : null;
  if (!node) return null;
  const revisions = new Set(resolver.resolve(node).flatMap((v) => (v.t === 'str' ? [v.v] : [])));
  return revisions.size === 1 ? [...revisions][0] : null;
}

function repoTypeOf(node: Node | undefined, resolver: Resolver): { type: RepoType | null; conf: Confidence } | null {
  if (!node) return null;
  const values = resolver.resolve(node);
  const str = values.find((v) => v.t === 'str');
  if (str && str.t === 'str') {
    const t = str.v.toLowerCase().replace(/s$/, '');
    if (t === 'dataset' || t === 'space' || t === 'model') return { type: t, conf: values.length > 1 ? 'medium' : 'high' };
  }
  if (values.every((v) => v.t === 'none')) return null;
  return { type: null, conf: 'medium' };
}

function flagValue(node: Node, resolver: Resolver): boolean | 'unknown' {
  const values = resolver.resolve(node);
  if (values.length === 1 && values[0].t === 'bool' && values[0].conf === 'high') return values[0].v;
  if (values.length === 1 && values[0].t === 'none') return false;
  return 'unknown';
}

function loaderFlags(args: CallArgs, m: LoaderMatch, resolver: Resolver): LoaderFlags {
  const flags: LoaderFlags = {};
  const take = (key: string, node: Node) => {
    const field = FLAG_KEYS[key];
    if (field) {
      (flags as Record<string, unknown>)[field] = flagValue(node, resolver);
    } else if (key === 'code_revision') {
      const s = resolver.resolve(node).find((v) => v.t === 'str');
      flags.codeRevision = s && s.t === 'str' ? s.v : 'unknown';
    }
  };
  const fromDict = (node: Node) => {
    const dict = resolver.containerOf(node, 0);
    if (!dict || (dict.type !== 'dictionary' && dict.type !== 'call')) return;
    for (const [k, v] of dictPairs(dict)) {
      const key = k.type === 'identifier' ? k.text : literalString(k);
      if (key && (key in FLAG_KEYS || key === 'code_revision')) take(key, v);
    }
  };
  for (const splat of args.splats) fromDict(splat);
  for (const kw of m.flagDicts) {
    const node = args.keywords.get(kw);
    if (node) fromDict(node);
  }
  for (const [k, v] of args.keywords) take(k, v);
  return flags;
}

// Calls that create or write a hub repository: their repo id is where a run publishes, not a
// model the code depends on, so a constant holding it is no reference either.
const PUSH_CALL = /^(create_repo|upload_\w+|push_to_hub\w*|create_commit|create_branch|create_tag|delete_\w+|update_repo_\w+|move_repo|super_squash_history)$/;

function consumePushTarget(call: Node, index: FileIndex, resolver: Resolver, consumed: Set<number>): void {
  const parts = index.callParts.get(call.id);
  if (!parts || !PUSH_CALL.test(parts[parts.length - 1])) return;
  const args = callArgs(call);
  const target = args.keywords.get('repo_id') ?? args.keywords.get('repo_id_or_path') ?? args.positional[0];
  if (!target) return;
  for (const v of resolver.resolve(target)) if (v.t === 'str') v.lits.forEach((id) => consumed.add(id));
}

// Calls that send a model name to an API other than the hub (OpenAI-style clients pointed at
// OpenAI, OpenRouter or a local server, LangChain / LlamaIndex chat models of hosted providers, an
// HTTP POST whose JSON body has a "model" field): the name is that service's, so a constant or
// environment default holding it is no hub reference even when it reads `org/name`.
// (InferenceClient and hub-router clients are loaders, matched before this is reached.)
const API_METHOD = /^a?(create|stream|parse)$/;
const API_RESOURCE = /^(completions|embeddings|responses|messages|images|speech|transcriptions|translations)$/;
const API_CHAT_MODEL = /^(Chat|Azure|Async)*(OpenAI|Anthropic|Groq|Ollama|MistralAI|GoogleGenerativeAI|VertexAI|Together|Fireworks|DeepSeek|Cohere|Bedrock|Perplexity|XAI|OpenRouter)(Chat|LLM|Embeddings?|Model)?$/;
const HTTP_POST = /^(post|request)$/;

function consumeApiModel(call: Node, index: FileIndex, resolver: Resolver, consumed: Set<number>): void {
  const parts = index.callParts.get(call.id) ?? dottedParts(call.childForFieldName('function'));
  if (!parts) return;
  const name = parts[parts.length - 1];
  const args = callArgs(call);
  const targets: (Node | undefined)[] = [];
  if (API_METHOD.test(name) && parts.length >= 2 && API_RESOURCE.test(parts[parts.length - 2])) targets.push(args.keywords.get('model'));
  else if (API_CHAT_MODEL.test(name)) targets.push(args.keywords.get('model'), args.keywords.get('model_name'));
  else if (HTTP_POST.test(name) && parts.length >= 2) {
    const url = args.keywords.get('url') ?? args.positional[name === 'request' ? 1 : 0];
    if (url && resolver.resolve(url).some((v) => v.t === 'str' && /huggingface\.co|hf\.co/i.test(v.v))) return;
    const body = resolver.containerOf(args.keywords.get('json'), 0);
    const model = body && (body.type === 'dictionary' || body.type === 'call') ? dictPairs(body).find(([k]) => (literalString(k) ?? k.text) === 'model') : undefined;
    targets.push(model?.[1]);
  }
  for (const target of targets) {
    if (!target) continue;
    // `hf.co/org/name:Q4_K_M` given to Ollama (or its OpenAI-style endpoint) is still pulled from the hub.
    for (const v of resolver.resolve(target)) if (v.t === 'str' && !isExplicitHub(v.v)) v.lits.forEach((id) => consumed.add(id));
  }
}

/** Calls whose result is an object (a loaded model, an instance), never an id string. */
function isObjectCall(call: Node, catalogue: LoaderCatalogue | null): boolean {
  const parts = dottedParts(call.childForFieldName('function'));
  const name = parts?.[parts.length - 1] ?? '';
  if (/^[A-Z]/.test(name)) return true;
  return !!catalogue?.match(call);
}

/** The constructor call a receiver is bound to (`client = InferenceClient(...)`), following a few names. */
function receiverCall(receiver: Node, resolver: Resolver): Node | null {
  let node: Node | null = receiver;
  for (let i = 0; i < 4 && node; i++) {
    if (node.type === 'call') return node;
    if (node.type !== 'identifier' && node.type !== 'attribute') return null;
    const next = resolver.singleBindingValue(node);
    if (!next || next.id === node.id) return null;
    node = next;
  }
  return null;
}

/**
 * The constant head of an f-string that spells a hub URL up to a path separator:
 * f"hf://datasets/org/name@rev/{split}/x.parquet" names org/name whatever the interpolation holds.
 */
function hubUrlPrefix(str: Node): string | null {
  if (str.type !== 'string') return null;
  const parts = stringParts(str);
  const head = parts?.[0];
  if (!parts || parts.length < 2 || !head || !('text' in head)) return null;
  const cut = head.text.lastIndexOf('/');
  if (cut <= 0) return null;
  return head.text.slice(0, cut);
}

/**
 * `hf://org/name@rev/path/in/repo` (HfFileSystem): the revision ends at the next `/`, except the
 * special refs `refs/convert/<format>` and `refs/pr/<n>` that contain slashes themselves.
 */
function fsRevisionOnly(value: string | null): string | null {
  if (value === null || !/^hf:\/\//i.test(value.trim())) return value;
  const text = value.trim();
  const at = text.indexOf('@');
  if (at < 0) return text;
  const rev = /^(refs\/(convert\/[^/]+|pr\/\d+)|[^/]+)/.exec(text.slice(at + 1));
  return rev ? text.slice(0, at + 1) + rev[0] : text.slice(0, at);
}

function enclosingCallName(node: Node): string | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'call') {
      const parts = dottedParts(n.childForFieldName('function'));
      return parts ? parts.slice(-2).join('.') : null;
    }
    if (n.type === 'expression_statement' || n.type === 'block' || n.type === 'module') return null;
  }
  return null;
}

/** Docstrings, bare string statements, help texts and messages: prose, not references. */
function isDocOrMessage(str: Node): boolean {
  const parent = str.parent;
  if (parent?.type === 'expression_statement' && parent.namedChildCount === 1) return true;
  if (parent?.type === 'keyword_argument' && /^(help|description|epilog|usage|msg|message|doc|docstring|homepage|citation|url_help|info)$/i.test(parent.childForFieldName('name')?.text ?? ''))
    return true;
  for (let n: Node | null = parent; n; n = n.parent) {
    if (n.type === 'call') {
      const parts = dottedParts(n.childForFieldName('function'));
      if (parts && MESSAGE_CALLS.test(parts[parts.length - 1])) return true;
      break;
    }
    if (n.type === 'block' || n.type === 'module') break;
  }
  return false;
}

function firstError(root: Node): Node | null {
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) return node;
      if (node.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return null;
    }
  } finally {
    cursor.delete();
  }
}
