// Checks of a Keras model config (the JSON in a .keras archive's config.json, or the
// `model_config` attribute of a legacy HDF5 model). Deserialising a config imports the
// `module` each object names, rebuilds Lambda layers from marshalled Python bytecode, and
// calls the functions the config names: the places where loading becomes code execution.
import type { FindingDraft } from '../../types.js';

/** Module roots whose objects Keras deserialises as its own. */
const TRUSTED_MODULE = /^(keras|keras_hub|keras_nlp|keras_cv|tf_keras|tensorflow|tensorflow_hub|tensorflow_text|tensorflow_addons|tensorflow_probability)(\.|$)/;

/** Well-known libraries whose layers appear in saved models: importing them runs their code,
 * but it is code the user installed, not code shipped with the model. */
const KNOWN_LIBRARIES = /^(transformers|keras_tuner|kerastuner|tensorflow_recommenders|tensorflow_decision_forests|tensorflow_model_optimization|tensorflow_similarity|tensorflow_ranking)(\.|$)/;

/** Modules that only an attack names in a model config. */
const DANGEROUS_MODULES = /^(os|posix|nt|subprocess|sys|builtins|__builtin__|importlib|runpy|shutil|socket|pty|ctypes|pickle|marshal|code|codeop|webbrowser|urllib|urllib2|requests|http|ftplib|telnetlib|smtplib|pathlib|tempfile|multiprocessing|threading|asyncio|signal|platform|glob|io|commands|posixpath|ntpath)(\.|$)/;

/** Functions that switch safe mode off, fetch or write files, or run Python from a graph. */
const UNSAFE_FUNCTIONS = new Set([
  'enable_unsafe_deserialization', 'get_file', 'py_function', 'numpy_function', 'py_func', 'eager_py_func',
  'write_file', 'read_file', 'WriteFile', 'ReadFile', 'PyFunc', 'EagerPyFunc', 'PyFuncStateless',
  'import_module', '__import__',
]);

/** Names in Lambda bytecode that mean processes, files, network, import or evaluation. */
const DANGEROUS_BYTECODE_NAMES = new Set([
  'os', 'posix', 'nt', 'subprocess', 'system', 'popen', 'Popen', 'spawnl', 'spawnv', 'execv', 'execve', 'exec',
  'eval', 'compile', '__import__', 'importlib', 'import_module', 'builtins', '__builtins__', 'open', 'socket',
  'urllib', 'urlopen', 'urlretrieve', 'requests', 'http', 'shutil', 'rmtree', 'pty', 'ctypes', 'pickle',
  'marshal', 'webbrowser', 'remove', 'unlink', 'environ', 'getenv', 'putenv', 'check_output', 'check_call',
  'getoutput', 'get_file', 'write_file', 'read_file', 'py_function', 'numpy_function', 'globals', 'getattr',
]);

/** TFOpLambda functions outside plain tensor math: file I/O, raw ops, graph-level services. */
const SUSPICIOUS_TF_NAMESPACE = /^(io|raw_ops|debugging|saved_model|summary|data|distribute|compat\.v1\.(io|gfile|py_func|summary|train|saved_model))(\.|$)/;

/** Preprocessing layers whose `vocabulary` may be a file path. */
const LOOKUP_LAYERS = new Set(['StringLookup', 'IntegerLookup', 'IndexLookup', 'TextVectorization']);

const MAX_NODES = 1_000_000;

interface Hit {
  rule: 'MG570' | 'MG571' | 'MG572';
  severity: 'critical' | 'high' | 'medium';
  detail: string;
  evidence: Record<string, unknown>;
}

/** Names carried by a marshalled code object: the string constants of its name tables. A
 * linear pass over the marshal stream for string records is enough to list them. */
export function marshalNames(bytes: Uint8Array, max = 200): string[] {
  const names = new Set<string>();
  const identifier = /^[A-Za-z_][A-Za-z0-9_.]*$/;
  const take = (start: number, length: number) => {
    if (length < 1 || length > 128 || start + length > bytes.length) return;
    let s = '';
    for (let i = start; i < start + length; i++) s += String.fromCharCode(bytes[i]);
    if (identifier.test(s)) names.add(s);
  };
  for (let i = 0; i < bytes.length - 1 && names.size < max; i++) {
    const type = bytes[i] & 0x7f;
    if (type === 0x7a || type === 0x5a) take(i + 2, bytes[i + 1]); // z / Z: short ASCII
    else if ((type === 0x61 || type === 0x41 || type === 0x75 || type === 0x74) && i + 5 <= bytes.length) {
      // a / A / u / t: 4-byte length
      const length = bytes[i + 1] | (bytes[i + 2] << 8) | (bytes[i + 3] << 16) | (bytes[i + 4] << 24);
      take(i + 5, length);
    }
  }
  return [...names];
}

function decodeBase64(text: string): Uint8Array | null {
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 16 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  return Uint8Array.from(Buffer.from(compact, 'base64'));
}

/** A marshalled code object starts with TYPE_CODE ('c'), possibly with the FLAG_REF bit. */
function looksLikeMarshalCode(bytes: Uint8Array): boolean {
  return bytes.length > 8 && (bytes[0] === 0x63 || bytes[0] === 0xe3);
}

function collectStrings(value: unknown, out: string[], budget = { n: 0 }): void {
  if (++budget.n > 100_000 || out.length > 1000) return;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out, budget);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out, budget);
}

function lambdaHit(layerName: string, where: string, config: unknown): Hit {
  const strings: string[] = [];
  collectStrings(config, strings);
  const names = new Set<string>();
  let bytecode = 0;
  for (const s of strings) {
    const bytes = decodeBase64(s);
    if (!bytes || !looksLikeMarshalCode(bytes)) continue;
    bytecode++;
    for (const name of marshalNames(bytes)) names.add(name);
  }
  const dangerous = [...names].filter((n) => n.split('.').some((part) => DANGEROUS_BYTECODE_NAMES.has(part)));
  return {
    rule: 'MG570',
    severity: dangerous.length > 0 ? 'critical' : 'high',
    detail:
      dangerous.length > 0
        ? `Lambda layer "${layerName}" (${where}) carries bytecode that names ${dangerous.slice(0, 8).join(', ')}`
        : `Lambda layer "${layerName}" (${where}) carries ${bytecode > 0 ? 'marshalled Python bytecode' : 'a Python function'}`,
    evidence: { layer: layerName, where, bytecodeObjects: bytecode, names: [...names].slice(0, 100), dangerousNames: dangerous },
  };
}

function unsafeFunctionName(value: string): string | null {
  if (value.length > 300) return null;
  const last = value.split(/[.>:]/).pop() ?? '';
  return UNSAFE_FUNCTIONS.has(last) ? value : null;
}

/**
 * Walk a Keras model config (already parsed JSON) and report Lambda layers, objects from
 * modules outside Keras and TensorFlow, and functions that disable safe mode or touch files.
 */
export function checkKerasConfig(config: unknown, path: string, where: string): FindingDraft[] {
  const hits: Hit[] = [];
  const stack: { value: unknown; at: string }[] = [{ value: config, at: '' }];
  let visited = 0;
  let truncated = false;
  const lambdaPaths = new Set<string>();
  while (stack.length > 0) {
    const { value, at } = stack.pop()!;
    if (++visited > MAX_NODES) {
      truncated = true;
      break;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, at: `${at}/${i}` }));
      continue;
    }
    if (typeof value === 'string') {
      const fn = unsafeFunctionName(value);
      if (fn) hits.push({ rule: 'MG572', severity: 'critical', detail: `"${fn}" at ${at || '/'}`, evidence: { function: fn, at } });
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    const obj = value as Record<string, unknown>;
    const className = typeof obj.class_name === 'string' ? obj.class_name : null;
    const module = typeof obj.module === 'string' ? obj.module : null;
    const layerConfig = obj.config as Record<string, unknown> | undefined;
    const name = typeof layerConfig?.name === 'string' ? layerConfig.name : (className ?? '?');

    // A Lambda layer wraps its function in a `__lambda__` object: report the layer once; a
    // `__lambda__` elsewhere (an activation, a loss) is reported on its own.
    if (className === 'Lambda' || (className === '__lambda__' && ![...lambdaPaths].some((p) => at.startsWith(`${p}/`)))) {
      lambdaPaths.add(at);
      hits.push(lambdaHit(name, `${where}${at}`, obj.config));
    }
    // Lookup layers accept a vocabulary *path*, opened with tf.io.gfile while the model loads,
    // safe mode or not: a local file read (or a fetch, with remote file systems) on load.
    if (className !== null && LOOKUP_LAYERS.has(className) && typeof layerConfig?.vocabulary === 'string') {
      const path = layerConfig.vocabulary;
      const outside = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/|\/|\\|[a-zA-Z]:|~)/.test(path) || path.split(/[/\\]/).includes('..');
      hits.push({
        rule: 'MG572',
        severity: outside ? 'critical' : 'high',
        detail: `${className} "${name}" reads its vocabulary from "${path.slice(0, 200)}" on load`,
        evidence: { layer: name, className, vocabulary: path, at },
      });
    }
    if (className === 'TFOpLambda' || className === 'SlicingOpLambda') {
      const fn = typeof layerConfig?.function === 'string' ? layerConfig.function : '';
      if (fn && unsafeFunctionName(fn) === null && SUSPICIOUS_TF_NAMESPACE.test(fn)) {
        hits.push({ rule: 'MG571', severity: 'high', detail: `TFOpLambda "${name}" calls the TensorFlow function ${fn.slice(0, 100)}`, evidence: { layer: name, function: fn } });
      }
    }
    if (module !== null && !TRUSTED_MODULE.test(module)) {
      const member = typeof obj.config === 'string' ? obj.config : className;
      const dangerousMember = member !== null && (UNSAFE_FUNCTIONS.has(member) || DANGEROUS_BYTECODE_NAMES.has(member));
      const dangerous = module === 'builtins' ? dangerousMember : DANGEROUS_MODULES.test(module);
      // `__main__` objects resolve only against the loading script's own classes (the user
      // must supply them), so they are custom code but not code shipped by the model.
      const severity = dangerous ? 'critical' : module === '__main__' || KNOWN_LIBRARIES.test(module) ? 'medium' : 'high';
      hits.push({
        rule: 'MG571',
        severity,
        detail: `${module}.${(member ?? '?').slice(0, 80)} at ${at || '/'}`,
        evidence: { module, className, registeredName: obj.registered_name ?? null, member, at },
      });
    }
    for (const [key, v] of Object.entries(obj)) stack.push({ value: v, at: `${at}/${key}` });
  }

  const findings: FindingDraft[] = [];
  const group = (rule: Hit['rule']) => hits.filter((h) => h.rule === rule);
  const messages: Record<Hit['rule'], string> = {
    MG570: 'Lambda layers run Python bytecode stored in the model',
    MG571: 'the config names objects from modules outside Keras and TensorFlow, which deserialisation imports',
    MG572: 'the config references functions that disable safe mode, fetch or write files, or run Python',
  };
  const fixes: Record<Hit['rule'], string> = {
    MG570: 'Do not load this model with safe_mode=False; rebuild the Lambda as a registered custom layer from reviewed code.',
    MG571: 'Load only models whose custom objects you provide yourself (custom_objects=...), or use a model from a trusted source.',
    MG572: 'Do not load this model.',
  };
  for (const rule of ['MG572', 'MG570', 'MG571'] as const) {
    const list = group(rule);
    if (list.length === 0) continue;
    const severity = list.some((h) => h.severity === 'critical') ? 'critical' : list.some((h) => h.severity === 'high') ? 'high' : 'medium';
    findings.push({
      rule,
      severity,
      artifact: path,
      message: `${path}: ${messages[rule]}: ${list.slice(0, 4).map((h) => h.detail).join('; ')}${list.length > 4 ? ` (and ${list.length - 4} more)` : ''}.`,
      evidence: { where, items: list.slice(0, 50).map((h) => h.evidence) },
      fix: fixes[rule],
    });
  }
  if (truncated) {
    findings.push({ rule: 'MG573', artifact: path, message: `${path}: the model config has more than ${MAX_NODES} values; only part of it was checked.`, evidence: { where, limit: MAX_NODES } });
  }
  return findings;
}
