// Unsafe deserialisation calls in the user's own Python: torch.load without weights_only,
// pickle/joblib loads, numpy allow_pickle, Keras unsafe mode, use_safetensors=False, from_tf.
// Import aliases are resolved (`import torch as t`, `from torch import load`).
import type { Node } from 'web-tree-sitter';
import { parsePython } from '../extract/python/parser.js';
import type { LoadingCall, SourceFile } from '../types.js';
import { asText, canonicalName, Evaluator, identifierName, type PyValue } from './python-values.js';
import {
  FROM_TF,
  JOBLIB_LOAD,
  KERAS_UNSAFE,
  NUMPY_ALLOW_PICKLE,
  PICKLE_LOAD,
  SAFETENSORS_DISABLED,
  TORCH_LOAD_DEFAULT,
  TORCH_LOAD_UNSAFE,
} from './rule-ids.js';

// load_state_dict_from_url unpickles with torch.load and takes the same weights_only flag
const TORCH_LOAD = new Set(['torch.load', 'torch.serialization.load', 'torch.hub.load_state_dict_from_url', 'torch.utils.model_zoo.load_url']);
const PICKLE = new Set([
  'pickle.load', 'pickle.loads', 'pickle.Unpickler', 'dill.load', 'dill.loads', 'dill.Unpickler', 'cloudpickle.load',
  'cloudpickle.loads', 'pandas.read_pickle', 'pandas.io.pickle.read_pickle', 'shelve.open', 'torch.serialization._load',
  'fastai.learner.load_learner', 'fastai.basic_train.load_learner', 'fastai.vision.all.load_learner',
]);
const JOBLIB = new Set(['joblib.load', 'sklearn.externals.joblib.load']);
const NUMPY_LOAD = new Set(['numpy.load']);
const KERAS_LOAD = new Set([
  'keras.models.load_model', 'keras.saving.load_model', 'tensorflow.keras.models.load_model', 'tensorflow.keras.saving.load_model',
  'tf_keras.models.load_model', 'keras.src.saving.saving_api.load_model',
]);
const KERAS_UNSAFE_SWITCH = new Set([
  'keras.config.enable_unsafe_deserialization', 'keras.saving.enable_unsafe_deserialization', 'tensorflow.keras.config.enable_unsafe_deserialization',
]);
const HUB_DOWNLOAD = /(^|\.)(hf_hub_download|cached_download|snapshot_download)$/;

type Flag = true | false | 'unknown' | undefined;

function flagValue(v: PyValue | null, node: Node | undefined): Flag {
  if (!node) return undefined;
  if (v?.t === 'const' && typeof v.v === 'boolean') return v.v;
  if (v?.t === 'num') return v.v !== 0;
  return 'unknown';
}

/** `tf.keras.models.load_model` when `import tensorflow as tf`: the alias resolves to tensorflow. */
function normalise(name: string): string {
  return canonicalName(name).replace(/^np\./, 'numpy.').replace(/^pd\./, 'pandas.');
}

export async function findLoadingCalls(file: SourceFile): Promise<LoadingCall[]> {
  let tree;
  try {
    tree = await parsePython(file.text);
  } catch {
    return []; // the extractor reports unreadable files (MG001)
  }
  try {
    const ev = new Evaluator();
    const calls: Node[] = [];
    const dicts = new Map<string, Node>();
    const cursor = tree.rootNode.walk();
    try {
      for (;;) {
        const n = cursor.currentNode;
        if (n.type === 'import_statement' || n.type === 'import_from_statement') ev.bindImport(n);
        else if (n.type === 'assignment') {
          ev.bindAssignment(n);
          const left = n.childForFieldName('left');
          const right = n.childForFieldName('right');
          if (left?.type === 'identifier' && right && isDictLiteral(right)) dicts.set(identifierName(left), right);
        }
        else if (n.type === 'call') calls.push(n);
        if (cursor.gotoFirstChild()) continue;
        let up = false;
        while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) {
          up = true;
          break;
        }
        if (up) break;
      }
    } finally {
      cursor.delete();
    }
    const out: LoadingCall[] = [];
    for (const call of calls) out.push(...checkCall(file.path, call, ev, dicts));
    return out;
  } finally {
    tree.delete();
  }
}

/** `{"weights_only": True}` or `dict(weights_only=True)`: keyword arguments passed with `**`. */
function isDictLiteral(node: Node): boolean {
  if (node.type === 'dictionary') return true;
  return node.type === 'call' && node.childForFieldName('function')?.text === 'dict';
}

/** Keywords a call receives, including those of `**name` when name is a dict literal in the file. */
function keywordsOf(node: Node, dicts: Map<string, Node>): { positional: Node[]; keywords: Map<string, Node> } {
  const { positional, keywords } = Evaluator.args(node);
  for (const a of node.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a?.type !== 'dictionary_splat') continue;
    const inner = a.namedChildren[0];
    const dict = inner?.type === 'identifier' ? dicts.get(identifierName(inner)) : inner && isDictLiteral(inner) ? inner : undefined;
    if (!dict) continue;
    if (dict.type === 'call') {
      for (const [k, v] of Evaluator.args(dict).keywords) if (!keywords.has(k)) keywords.set(k, v);
      continue;
    }
    for (const pair of dict.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      const k = key?.type === 'string' ? key.text.replace(/^[rbuRBU]*(['"])(.*)\1$/s, '$2') : null;
      if (k && value && !keywords.has(k)) keywords.set(k, value);
    }
  }
  return { positional, keywords };
}

function checkCall(path: string, node: Node, ev: Evaluator, dicts: Map<string, Node>): LoadingCall[] {
  const fnNode = node.childForFieldName('function');
  if (!fnNode) return [];
  const callee = ev.evaluate(fnNode);
  let name = callee?.t === 'ref' ? normalise(callee.name) : null;
  const method = fnNode.type === 'attribute' ? identifierName(fnNode.childForFieldName('attribute')!) : fnNode.type === 'identifier' ? identifierName(fnNode) : null;
  const { positional: allPositional, keywords } = keywordsOf(node, dicts);
  let positional = allPositional;
  let shown: Node = fnNode;
  // partial(torch.load, map_location="cpu"): the loader is called later with these keywords
  if (name === 'functools.partial' && positional[0]) {
    const inner = ev.evaluate(positional[0]);
    if (inner?.t === 'ref') {
      name = normalise(inner.name);
      shown = positional[0];
      positional = positional.slice(1);
    }
  }
  const kw = (k: string): Flag => flagValue(keywords.has(k) ? ev.evaluate(keywords.get(k)!) : null, keywords.get(k));
  const loc = { file: path, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
  const written = shown.text.replace(/\s+/g, '');
  const model = modelOf(positional[0], ev);
  const out: LoadingCall[] = [];
  const add = (rule: string, message: string, fix: string, evidence: Record<string, unknown> = {}): void => {
    out.push({ ...loc, rule, call: written, message, fix, model, evidence: { resolved: name, ...evidence } });
  };
  const argText = positional[0] ? positional[0].text.slice(0, 80) : 'path';

  if (name && TORCH_LOAD.has(name)) {
    const w = kw('weights_only');
    if (w === false) {
      add(TORCH_LOAD_UNSAFE, `${written}(...) passes weights_only=False: loading the checkpoint runs any code it carries, on every PyTorch version`, `${written}(${argText}, weights_only=True)`, { weightsOnly: false });
    } else if (w === undefined || w === 'unknown') {
      add(
        TORCH_LOAD_DEFAULT,
        `${written}(...) without weights_only=True: PyTorch before 2.6 unpickles the file with the full unpickler, which runs any code the checkpoint carries (2.6 and later default to weights_only=True)`,
        `${written}(${argText}, weights_only=True)`,
        { weightsOnly: w ?? null },
      );
    }
  } else if (name && PICKLE.has(name)) {
    add(PICKLE_LOAD, `${written}(...) unpickles data: a file from anyone else can run arbitrary code when loaded`, 'Store the data as JSON, safetensors or plain NumPy arrays; unpickle only files your own process wrote.');
  } else if (name && JOBLIB.has(name)) {
    add(JOBLIB_LOAD, `${written}(...) is pickle underneath: loading an untrusted file runs arbitrary code`, 'Load only files you produced; for shared scikit-learn models use skops.io.load with trusted types, or ONNX.');
  } else if (name && NUMPY_LOAD.has(name)) {
    const a = kw('allow_pickle');
    if (a === true || a === 'unknown') {
      add(NUMPY_ALLOW_PICKLE, `${written}(..., allow_pickle=${keywords.get('allow_pickle')!.text}) lets NumPy unpickle object arrays, which runs code from the file`, `${written}(${argText})  # allow_pickle defaults to False`, { allowPickle: a });
    }
  } else if (name && (KERAS_LOAD.has(name) || (/(^|\.)keras\./.test(name) && method === 'load_model'))) {
    const s = kw('safe_mode');
    if (s === false || s === 'unknown') {
      add(KERAS_UNSAFE, `${written}(..., safe_mode=${keywords.get('safe_mode')!.text}) lets the file's Lambda layers run their Python bytecode`, `${written}(${argText})  # keep safe_mode=True (the default)`, { safeMode: s });
    }
  } else if (name && (KERAS_UNSAFE_SWITCH.has(name) || (/(^|\.)keras\./.test(name) && method === 'enable_unsafe_deserialization'))) {
    add(KERAS_UNSAFE, `${written}() turns off Keras safe mode for every later load: Lambda layers in any .keras file will run their code`, 'Remove the call; replace Lambda layers with registered custom layers.');
  }

  if (keywords.has('use_safetensors') && kw('use_safetensors') === false) {
    add(SAFETENSORS_DISABLED, `${written}(..., use_safetensors=False) makes the loader take the pickle-based weights even when safetensors exist`, 'Remove use_safetensors=False (or pass use_safetensors=True to require safetensors).', { useSafetensors: false });
  }
  if (method === 'from_pretrained' && keywords.has('from_tf')) {
    const f = kw('from_tf');
    if (f === true || f === 'unknown') {
      add(FROM_TF, `${written}(..., from_tf=${keywords.get('from_tf')!.text}) converts TensorFlow weights instead of loading safetensors`, 'Load safetensors weights instead (convert once from a trusted source and pin that revision).', { fromTf: f });
    }
  }
  return out;
}

/** The hub id a call applies to: from_pretrained("org/x"), torch.load(hf_hub_download("org/x", ...)). */
function modelOf(arg: Node | undefined, ev: Evaluator): string | null {
  if (!arg) return null;
  if (arg.type === 'call') {
    const fn = arg.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    if (name && HUB_DOWNLOAD.test(name)) {
      const { positional, keywords } = Evaluator.args(arg);
      const id = asText(ev.evaluate(positional[0] ?? keywords.get('repo_id') ?? null));
      return id && /^[\w.-]+(\/[\w.-]+)?$/.test(id) ? id : null;
    }
    return null;
  }
  const text = asText(ev.evaluate(arg));
  return text && /^[\w.-]+\/[\w.-]+$/.test(text) && !/\.(pt|pth|bin|pkl|pickle|joblib|npy|npz|keras|h5|ckpt)$/i.test(text) ? text : null;
}
