// Static scan of one Python file from a model repository (the code trust_remote_code runs).
// Names are resolved through aliases and lookups, strings are rebuilt and decoded (never run),
// and each capability is weighed by when it runs: at import or instantiation ("load") or only
// when some method is called later ("call"). Decoded payloads are parsed and scanned in turn.
import type { Node } from 'web-tree-sitter';
import { parsePython } from '../extract/python/parser.js';
import type { FindingDraft, Severity } from '../types.js';
import { capabilityOf, isCredentialEnvName, isDownloadName, isKnownCapabilityName, stringSignals, type Capability, type CapabilityMatch } from './capabilities.js';
import { encodedBlobs, encodingDeclaration, hiddenCharacters } from './evasion.js';
import { asText, canonicalName, Evaluator, identifierName, isDecoderName, type PyValue } from './python-values.js';
import {
  CODE_CONFUSABLE_IDENTIFIER,
  CODE_CREDENTIAL,
  CODE_DYNAMIC,
  CODE_EXFILTRATION,
  CODE_FILE_WRITE,
  CODE_INSTALL,
  CODE_NATIVE,
  CODE_NETWORK,
  CODE_NOT_ANALYSED,
  CODE_PAYLOAD_EXEC,
  CODE_PERSISTENCE,
  CODE_PROCESS,
} from './rule-ids.js';

export { findCompiledFiles } from './evasion.js';

export interface ScanPythonOptions {
  /** `entry`: named in auto_map (transformers imports it); `module`: imported by an entry. */
  role?: 'module' | 'entry';
  /** Classes transformers instantiates from this file (their `__init__` runs at load), and names
   * other files import from it: functions with these names count as running at load. */
  classes?: string[];
}

/** When a line runs: at import / instantiation, or only if some method is called later. */
export type RunContext = 'load' | 'call';

const RULE_OF: Record<Capability, string> = {
  process: CODE_PROCESS,
  dynamic: CODE_DYNAMIC,
  network: CODE_NETWORK,
  write: CODE_FILE_WRITE,
  credential: CODE_CREDENTIAL,
  persistence: CODE_PERSISTENCE,
  install: CODE_INSTALL,
  native: CODE_NATIVE,
};

/** Severity by capability and context (docs/code.md has the table). */
const SEVERITY: Record<Capability, Record<RunContext, Severity>> = {
  process: { load: 'critical', call: 'high' },
  dynamic: { load: 'high', call: 'medium' },
  network: { load: 'critical', call: 'medium' },
  write: { load: 'medium', call: 'low' },
  credential: { load: 'high', call: 'medium' },
  persistence: { load: 'critical', call: 'high' },
  install: { load: 'critical', call: 'high' },
  native: { load: 'high', call: 'medium' },
};

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const raise = (a: Severity, b: Severity): Severity => (RANK[a] >= RANK[b] ? a : b);
const lower = (s: Severity): Severity => (s === 'critical' ? 'high' : s === 'high' ? 'medium' : s === 'medium' ? 'low' : s);

const MAX_PAYLOAD_DEPTH = 4;
/** Plain downloads (no request body) and the data files they may fetch from a fixed address. */
const DATA_FETCH = /^(requests|httpx|urllib3)\.(get|request)$|^urllib\.request\.(urlopen|urlretrieve)$|^urllib\.(urlopen|urlretrieve)$/;
const DATA_URL = /^https?:\/\/[^?#\s]+\.(ttf|otf|ttc|json|txt|model|tiktoken|vocab|bpe|spm|bin|pt|pth|safetensors|npy|npz|png|jpe?g|gif|webp|wav|flac|mp3|csv|tsv|parquet|onnx|gguf|msgpack|h5|ckpt)$/i;
/** Embedded interpreters that run a source string: treated like exec. */
const INTERPRETER_RUN = /^code\.Interactive(Interpreter|Console)\(\)\.(runsource|runcode|push)$/;
/** Calls that run a Python file or module named by their arguments. */
const FILE_RUNNERS = new Set(['runpy.run_path', 'runpy.run_module', 'importlib.util.spec_from_file_location', 'importlib.machinery.SourceFileLoader', 'execfile']);
const argNodes = (args: ReturnType<typeof Evaluator.args>): Node[] => [...args.positional, ...args.keywords.values()];
const LOG_CALL = /(^|\.)(print|warn|warning|warnings\.warn|info|debug|error|critical|exception|log|fatal|format|_|gettext|warning_once|info_once|warning_advice)$|(Error|Exception|Warning)$/;
/** Path methods whose receiver is the path being touched: (Path.home() / ".ssh").read_text(). */
const PATH_METHODS = new Set(['read_text', 'read_bytes', 'open', 'write_text', 'write_bytes', 'exists', 'is_file', 'iterdir', 'glob', 'rglob', 'unlink', 'touch', 'chmod', 'rename', 'replace', 'symlink_to', 'hardlink_to']);
const SENSITIVE_NAMES = new Set(['exec', 'eval', 'compile', '__import__', 'getattr', 'open', 'os', 'system', 'subprocess', 'socket', 'builtins', 'globals', 'popen', 'requests', 'urllib', 'marshal', 'ctypes', 'base64', 'zlib', 'codecs']);

interface Hit {
  rule: string;
  capability: Capability | 'exfiltration' | 'payload' | 'evasion' | 'parse';
  severity: Severity;
  message: string;
  /** The message without place and time ("runs a shell command (os.system: id)"). */
  what?: string;
  line: number;
  column: number;
  context: RunContext;
  evidence: Record<string, unknown>;
}

interface FunctionInfo {
  name: string;
  isInit: boolean;
  /** The class whose method this is, when it is one. */
  className: string | null;
  /** `run` of a Thread / Process subclass: it runs when an instance is started. */
  threadRun?: boolean;
  body: Node;
}

export async function scanPythonCode(path: string, text: string, options: ScanPythonOptions = {}): Promise<FindingDraft[]> {
  const hits = await scanText(path, text, options, 0);
  let hidden = hiddenCharacters(path, text);
  if (hidden.some((h) => h.evidence?.kind === 'invisible')) hidden = await weighHiddenCharacters(path, text);
  const findings: FindingDraft[] = [...encodingDeclaration(path, text), ...hidden, ...encodedBlobs(path, text)];
  for (const h of pairBehaviours(path, dedupe(hits))) {
    findings.push({
      rule: h.rule,
      severity: h.severity,
      message: h.message,
      artifact: path,
      line: h.line,
      column: h.column,
      evidence: { ...h.evidence, capability: h.capability, runs: h.context === 'load' ? 'on load' : 'when called', ...(options.role ? { role: options.role } : {}) },
      fix: fixFor(h),
    });
  }
  return findings;
}

/** Re-runs the invisible-character check knowing which characters sit in strings or comments. */
async function weighHiddenCharacters(path: string, text: string): Promise<FindingDraft[]> {
  let tree;
  try {
    tree = await parsePython(text);
  } catch {
    return hiddenCharacters(path, text);
  }
  try {
    const root = tree.rootNode;
    return hiddenCharacters(path, text, (row, column) => {
      for (let n: Node | null = root.descendantForPosition({ row, column }); n; n = n.parent) {
        if (n.type === 'comment') return 'comment';
        if (n.type === 'string' || n.type === 'string_content') return 'string';
      }
      return 'code';
    });
  } finally {
    tree.delete();
  }
}

function fixFor(h: Hit): string {
  if (h.rule === CODE_NOT_ANALYSED) return 'Review the file by hand before running it; do not enable trust_remote_code until it parses.';
  if (h.severity === 'critical' || h.severity === 'high') {
    return 'Do not load this model with trust_remote_code=True. Use a model supported natively by your library, or review the file and pin code_revision to the reviewed commit.';
  }
  return 'Review this code before enabling trust_remote_code, and pin revision and code_revision to the reviewed commit.';
}

function dedupe(hits: Hit[]): Hit[] {
  const best = new Map<string, Hit>();
  for (const h of hits) {
    const key = `${h.rule}:${h.line}`;
    const prev = best.get(key);
    if (!prev || RANK[h.severity] > RANK[prev.severity]) best.set(key, h);
  }
  return [...best.values()].sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}

/** Credential read + network in the same file = exfiltration (critical). */
function pairBehaviours(path: string, hits: Hit[]): Hit[] {
  // paired when both run on load, or both sit in the same function (the secret can reach the
  // request); a token read in one helper and an image fetched in another are not a theft
  const creds = hits.filter((h) => h.capability === 'credential');
  const nets = hits.filter((h) => h.capability === 'network');
  const together = (c: Hit, n: Hit): boolean =>
    (c.context === 'load' && n.context === 'load') || (c.evidence.function != null && c.evidence.function === n.evidence.function);
  const cred = creds.find((c) => nets.some((n) => together(c, n)));
  const net = cred ? nets.find((n) => together(cred, n)) : undefined;
  if (cred && net) {
    hits.push({
      rule: CODE_EXFILTRATION,
      capability: 'exfiltration',
      severity: 'critical',
      message: `${path} reads credentials (line ${cred.line}) and talks to the network (line ${net.line}): this is how tokens and keys are stolen`,
      line: cred.line,
      column: cred.column,
      context: cred.context === 'load' || net.context === 'load' ? 'load' : 'call',
      evidence: { credentialLine: cred.line, networkLine: net.line, credential: cred.evidence, network: net.evidence },
    });
  }
  return hits;
}

/** Scans one text (a file, or a decoded payload at depth > 0) and returns raw hits. */
async function scanText(path: string, text: string, options: ScanPythonOptions, depth: number): Promise<Hit[]> {
  let tree;
  try {
    tree = await parsePython(text);
  } catch (e) {
    return [parseProblem(path, `could not parse ${path}: ${(e as Error).message}`, 1)];
  }
  try {
    const scanner = new FileScanner(path, options, depth);
    const hits = await scanner.run(tree.rootNode);
    if (tree.rootNode.hasError && depth === 0) {
      const err = firstError(tree.rootNode);
      hits.push(parseProblem(path, `${path} has Python syntax errors (first near line ${err}); the analysis of this file may be incomplete`, err));
    }
    if (scanner.evaluator.exhausted && depth === 0) {
      hits.push(parseProblem(path, `${path} exceeded the analysis budget; some expressions were not resolved`, 1));
    }
    return hits;
  } finally {
    tree.delete();
  }
}

function parseProblem(path: string, message: string, line: number): Hit {
  return { rule: CODE_NOT_ANALYSED, capability: 'parse', severity: 'medium', message, line, column: 1, context: 'load', evidence: { path } };
}

function firstError(root: Node): number {
  const cursor = root.walk();
  try {
    for (;;) {
      const n = cursor.currentNode;
      if (n.isError || n.isMissing) return n.startPosition.row + 1;
      if (n.hasError && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return 1;
    }
  } finally {
    cursor.delete();
  }
}

/** Every node of a tree in document order (pre-order), without recursion. */
function* walk(root: Node): Generator<Node> {
  const cursor = root.walk();
  try {
    for (;;) {
      yield cursor.currentNode;
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return;
    }
  } finally {
    cursor.delete();
  }
}

class FileScanner {
  readonly evaluator = new Evaluator();
  private readonly hits: Hit[] = [];
  private readonly functions = new Map<number, FunctionInfo>();
  private readonly reachable = new Set<string>();
  /** Names assigned from an expression that decodes or downloads something we could not resolve. */
  private readonly tainted = new Map<string, Set<'decoded' | 'downloaded'>>();

  constructor(
    private readonly path: string,
    private readonly options: ScanPythonOptions,
    private readonly depth: number,
  ) {}

  /** Parent and enclosing function of every node, recorded during one walk (node.parent is slow in wasm). */
  private readonly parents = new Map<number, Node | null>();
  private readonly enclosing = new Map<number, FunctionInfo | null>();

  private walkAll(root: Node): Node[] {
    const nodes: Node[] = [];
    const ancestors: Node[] = [];
    const open: FunctionInfo[] = [];
    const cursor = root.walk();
    try {
      for (;;) {
        const node = cursor.currentNode;
        nodes.push(node);
        this.parents.set(node.id, ancestors.length > 0 ? ancestors[ancestors.length - 1] : null);
        while (open.length > 0 && node.startIndex >= open[open.length - 1].body.endIndex) open.pop();
        let fn: FunctionInfo | null = null;
        for (let i = open.length - 1; i >= 0; i--) {
          if (node.startIndex >= open[i].body.startIndex) {
            fn = open[i];
            break;
          }
        }
        this.enclosing.set(node.id, fn);
        if (node.type === 'function_definition') {
          const info = this.functionInfo(node, ancestors);
          if (info) open.push(info);
        }
        if (node.type === 'if_statement' && ancestors.length === 1 && /^__name__\s*==\s*['"]__main__['"]$/.test(node.childForFieldName('condition')?.text ?? '')) {
          this.mainGuards.push([node.startIndex, node.endIndex]);
        }
        if (cursor.gotoFirstChild()) {
          ancestors.push(node);
          continue;
        }
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) return nodes;
          ancestors.pop();
        }
      }
    } finally {
      cursor.delete();
    }
  }

  private functionInfo(node: Node, ancestors: Node[]): FunctionInfo | null {
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    if (!name || !body) return null;
    const fname = identifierName(name);
    // def inside `class X:` body (block), possibly under a decorator
    const cls = ancestors.slice(-3).reverse().find((a) => a.type === 'class_definition');
    const className = cls?.childForFieldName('name') ? identifierName(cls.childForFieldName('name')!) : null;
    const bases = cls?.childForFieldName('superclasses')?.text ?? '';
    const threadRun = fname === 'run' && /\b(Thread|Process)\b/.test(bases);
    const info = { name: fname, isInit: cls !== undefined && /^__(init|new|post_init|init_subclass|class_getitem|set_name|del)__$/.test(fname), className, body, threadRun };
    this.functions.set(node.id, info);
    return info;
  }

  /** `if __name__ == "__main__":` blocks: they run only when the file is run as a script. */
  private readonly mainGuards: [number, number][] = [];

  private inMainGuard(node: Node): boolean {
    return this.mainGuards.some(([a, b]) => node.startIndex >= a && node.endIndex <= b);
  }

  private parentOf(node: Node): Node | null {
    const p = this.parents.get(node.id);
    return p === undefined ? node.parent : p;
  }

  async run(root: Node): Promise<Hit[]> {
    const nodes = this.walkAll(root);
    this.bindAll(nodes);
    this.computeReachable(nodes);
    for (const node of nodes) {
      if (node.type === 'call') await this.checkCall(node);
      else if (node.type === 'default_parameter' || node.type === 'typed_default_parameter') this.checkDefault(node);
      else if (node.type === 'dictionary' || node.type === 'list' || node.type === 'set' || node.type === 'tuple') this.checkContainer(node);
      else if (node.type === 'attribute' || node.type === 'identifier' || node.type === 'subscript') this.checkEnvironment(node);
      if (node.type === 'attribute') this.checkInternals(node);
      if (node.type === 'identifier' && this.depth === 0) this.checkConfusable(node);
    }
    return this.hits;
  }

  // -- pass 1: bindings ----------------------------------------------------------------------

  private bindAll(nodes: Node[]): void {
    for (const node of nodes) {
      switch (node.type) {
        case 'import_statement':
        case 'import_from_statement':
          this.evaluator.bindImport(node);
          break;
        case 'function_definition':
          this.evaluator.bindFunction(node);
          break;
        case 'assignment':
        case 'augmented_assignment':
          this.evaluator.bindAssignment(node);
          this.bindTaint(node);
          this.bindClassAttribute(node);
          break;
        case 'named_expression': {
          const name = node.childForFieldName('name');
          const v = this.evaluator.evaluate(node.childForFieldName('value'));
          if (name?.type === 'identifier' && v) this.evaluator.bindName(identifierName(name), v);
          break;
        }
        default:
          break;
      }
    }
  }

  /** `class C: run = os.system` is reached later as `self.run` or `C.run`. */
  private bindClassAttribute(node: Node): void {
    if (node.type !== 'assignment') return;
    const left = node.childForFieldName('left');
    const block = this.parentOf(this.parentOf(node) ?? node);
    const cls = block ? this.parentOf(block) : null;
    if (left?.type !== 'identifier' || block?.type !== 'block' || cls?.type !== 'class_definition') return;
    const v = this.evaluator.evaluate(node.childForFieldName('right'));
    if (!v) return;
    const attr = identifierName(left);
    this.evaluator.bindName(`self.${attr}`, v);
    const clsName = cls.childForFieldName('name');
    if (clsName) this.evaluator.bindName(`${identifierName(clsName)}.${attr}`, v);
  }

  private bindTaint(node: Node): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) return;
    const t = this.taintOf(right);
    if (t.size > 0) this.tainted.set(identifierName(left), t);
  }

  /** Whether an expression decodes or downloads data (even when the data itself is unknown). */
  private taintOf(node: Node): Set<'decoded' | 'downloaded'> {
    const out = new Set<'decoded' | 'downloaded'>();
    for (const n of walk(node)) {
      if (n.type === 'identifier') for (const t of this.tainted.get(identifierName(n)) ?? []) out.add(t);
      if (n.type !== 'call') continue;
      const fn = n.childForFieldName('function');
      const v = fn ? this.evaluator.evaluate(fn) : null;
      if (v?.t === 'ref') {
        if (isDecoderName(v.name)) out.add('decoded');
        if (capabilityOf(v.name)?.capability === 'network' || isDownloadName(v.name)) out.add('downloaded');
      }
      if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'decode') {
        const arg = Evaluator.args(n).positional[0];
        const codec = arg ? asText(this.evaluator.evaluate(arg)) : null;
        if (codec && /base64|hex|rot|zlib|bz2|unicode/i.test(codec)) out.add('decoded');
      }
    }
    return out;
  }

  // -- reachability: which functions run at load -----------------------------------------------

  private enclosingFunction(node: Node): FunctionInfo | null {
    const known = this.enclosing.get(node.id);
    if (known !== undefined) return known;
    for (let n: Node | null = node.parent; n; n = n.parent) {
      if (n.type === 'function_definition') {
        const info = this.functions.get(n.id);
        // a node in the function's decorators or defaults runs where the def runs
        if (info && info.body.startIndex <= node.startIndex && node.endIndex <= info.body.endIndex) return info;
      }
    }
    return null;
  }

  private computeReachable(nodes: Node[]): void {
    // names referenced from each function body (or from the module level: key '')
    const refs = new Map<string, Set<string>>();
    const add = (key: string, name: string): void => {
      let s = refs.get(key);
      if (!s) refs.set(key, (s = new Set()));
      s.add(name);
    };
    const classes = new Set(this.options.classes ?? []);
    for (const node of nodes) {
      if (node.type !== 'identifier') continue;
      const parent = this.parentOf(node);
      if (!parent) continue;
      if ((parent.type === 'function_definition' || parent.type === 'class_definition') && parent.childForFieldName('name')?.id === node.id) continue;
      if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) continue;
      if (parent.type === 'parameters' || parent.type === 'default_parameter' || parent.type === 'typed_parameter') continue;
      const fn = this.enclosingFunction(node);
      add(fn ? this.keyOf(fn) : this.inMainGuard(node) ? '__main__' : '', identifierName(node));
    }
    const queue: string[] = [''];
    // Without a plan (no `classes`), every constructor counts as running. With one, a constructor
    // runs when its class is instantiated by transformers, referenced from code that runs, or
    // named as a base class (super().__init__ reaches it).
    const precise = this.options.classes !== undefined;
    if (!precise) for (const info of this.functions.values()) if (info.isInit) queue.push(this.keyOf(info));
    for (const c of classes) add('', c);
    const byName = new Map<string, FunctionInfo[]>();
    const link = (name: string, info: FunctionInfo): void => {
      byName.set(name, [...(byName.get(name) ?? []), info]);
    };
    for (const info of this.functions.values()) {
      if (info.isInit) {
        if (info.className) link(info.className, info);
      } else link(info.name, info);
      // a thread subclass's run() runs once code that runs creates and starts an instance
      if (info.threadRun && info.className) link(info.className, info);
    }
    const seen = new Set<string>(queue);
    while (queue.length > 0) {
      const key = queue.shift()!;
      for (const name of refs.get(key) ?? []) {
        for (const info of byName.get(name) ?? []) {
          const k = this.keyOf(info);
          this.reachable.add(k);
          if (!seen.has(k)) {
            seen.add(k);
            queue.push(k);
          }
        }
      }
    }
  }

  private keyOf(info: FunctionInfo): string {
    return `${info.name}@${info.body.startIndex}`;
  }

  private contextOf(node: Node): { context: RunContext; where: string } {
    const fn = this.enclosingFunction(node);
    if (!fn && this.inMainGuard(node)) return { context: 'call', where: 'under if __name__ == "__main__" (runs only when the file is run as a script)' };
    if (!fn) return { context: 'load', where: 'at module level (runs on import)' };
    if (fn.isInit && (this.options.classes === undefined || this.reachable.has(this.keyOf(fn)))) {
      return { context: 'load', where: `in ${fn.className ?? ''}.${fn.name} (runs when the class is instantiated)` };
    }
    if (fn.isInit) return { context: 'call', where: `in ${fn.className ?? ''}.${fn.name}, a class nothing instantiates on load` };
    if (this.reachable.has(this.keyOf(fn))) return { context: 'load', where: `in ${fn.name}(), which runs on import or instantiation` };
    return { context: 'call', where: `in ${fn.name}(), which runs only when called` };
  }

  private hit(node: Node, capability: Capability, what: string, evidence: Record<string, unknown>, opts: { severity?: Severity; rule?: string; minimum?: Severity } = {}): void {
    const { context, where } = this.contextOf(node);
    let severity = opts.severity ?? SEVERITY[capability][context];
    if (opts.minimum) severity = raise(severity, opts.minimum);
    const line = node.startPosition.row + 1;
    const payload = this.depth > 0 ? ' (inside the code string it executes)' : '';
    this.hits.push({
      rule: opts.rule ?? RULE_OF[capability],
      capability,
      severity,
      message: `${this.path}:${line} ${what}${payload} ${where}`,
      what,
      line,
      column: node.startPosition.column + 1,
      context,
      evidence: { ...evidence, function: this.enclosingFunction(node)?.name ?? null },
    });
  }

  // -- pass 2: calls ---------------------------------------------------------------------------

  /** `def f(x, _run=os.system)` / `lambda c, _x=__import__("os").system: _x(c)`: the default is
   * evaluated where the def stands and hands a dangerous callable to code that calls it later. */
  private checkDefault(node: Node): void {
    const value = node.childForFieldName('value');
    if (!value || (value.type !== 'identifier' && value.type !== 'attribute' && value.type !== 'call' && value.type !== 'subscript')) return;
    const v = this.evaluator.evaluate(value);
    if (v?.t !== 'ref' || /\(\)$/.test(v.name)) return; // a call's result is a value, not the callable
    const cap = capabilityOf(v.name);
    if (!cap || cap.capability === 'write') return;
    // the callable runs when the function does: weigh by where the function is used, at least
    // as much as where the default is evaluated
    const fn = this.functionOfDefault(node);
    const fnContext = fn ? this.contextOf(fn.body).context : null;
    const hereContext = this.contextOf(node).context;
    const severity = fnContext === 'load' || fn === null ? SEVERITY[cap.capability][hereContext === 'load' ? 'load' : 'call'] : SEVERITY[cap.capability].call;
    this.hit(node, cap.capability, `binds ${canonicalName(v.name)} as a default argument (${cap.what})`, { call: canonicalName(v.name), via: v.via }, { severity });
  }

  /** `OPS = {"warm": os.system}`, `[subprocess.getoutput]`: a dangerous callable stored in a table. */
  private checkContainer(node: Node): void {
    // `except (requests.ConnectionError, socket.timeout)` and isinstance tuples hold types, not callables
    for (let up = this.parentOf(node); up && up.type !== 'module' && up.type !== 'block'; up = this.parentOf(up)) {
      if (up.type === 'except_clause') return;
      if (up.type === 'call' && /^(isinstance|issubclass)$/.test(up.childForFieldName('function')?.text ?? '')) return;
    }
    for (const child of node.namedChildren) {
      const item = child?.type === 'pair' ? child.childForFieldName('value') : child;
      if (!item || (item.type !== 'identifier' && item.type !== 'attribute')) continue;
      const v = this.evaluator.evaluate(item);
      if (v?.t !== 'ref' || v.name.includes('()') || isTypeName(v.name, true)) continue;
      const cap = capabilityOf(v.name);
      if (cap && cap.capability !== 'write') this.hit(item, cap.capability, `stores ${canonicalName(v.name)} in a table to call later (${cap.what})`, { call: canonicalName(v.name), via: v.via });
    }
  }

  /** `().__class__.__base__.__subclasses__()`, `f.__init__.__globals__[...]`: reaching functions
   * through interpreter internals instead of importing them (sandbox-escape style). */
  private checkInternals(node: Node): void {
    const attr = node.childForFieldName('attribute');
    const name = attr ? identifierName(attr) : '';
    if (name !== '__globals__' && name !== '__subclasses__') return;
    const chain = node.text;
    if (name === '__subclasses__' && !/__(base|bases|mro)__/.test(chain)) return; // plain registries use cls.__subclasses__()
    this.hit(node, 'dynamic', `walks interpreter internals (${name}) to reach functions without importing them`, { via: [name] }, { minimum: this.contextOf(node).context === 'load' ? 'high' : 'medium' });
  }

  /** The def whose parameter list holds this default (null for a lambda: it runs where it stands). */
  private functionOfDefault(node: Node): FunctionInfo | null {
    const params = this.parentOf(node);
    const def = params ? this.parentOf(params) : null;
    if (def?.type !== 'function_definition') return null;
    return this.functions.get(def.id) ?? null;
  }

  private resolveCallee(fnNode: Node): { name: string; via: string[] } | null {
    const v = this.evaluator.evaluate(fnNode);
    if (v?.t === 'ref') return { name: v.name, via: v.via };
    if (fnNode.type === 'identifier') {
      const star = this.evaluator.starCandidate(identifierName(fnNode), isKnownCapabilityName);
      if (star) return { name: star.name, via: star.via };
    }
    return null;
  }

  private async checkCall(node: Node): Promise<void> {
    const fnNode = node.childForFieldName('function');
    if (!fnNode) return;
    const callee = this.resolveCallee(fnNode);
    const name = callee ? canonicalName(callee.name) : null;
    const via = callee?.via ?? [];
    const args = Evaluator.args(node);
    const argNodes = [...args.positional, ...args.keywords.values()];
    const method = fnNode.type === 'attribute' ? identifierName(fnNode.childForFieldName('attribute')!) : null;
    const shown = name ?? fnNode.text.slice(0, 80);
    const evidence = { call: shown, via };

    // callbacks: Thread(target=os.system), atexit.register(exec, ...); isinstance(r, requests.Response) is a type test
    const typeTest = name === 'isinstance' || name === 'issubclass' || method === 'isinstance';
    for (const a of typeTest ? [] : argNodes) {
      if (a.type !== 'identifier' && a.type !== 'attribute') continue;
      const v = this.evaluator.evaluate(a);
      if (v?.t !== 'ref' || v.name.includes('()') || isTypeName(v.name, false)) continue; // a call's result is not a callback
      const cap = capabilityOf(v.name);
      if (cap && cap.capability !== 'write') this.hit(a, cap.capability, `passes ${canonicalName(v.name)} as a callback (${cap.what})`, { call: canonicalName(v.name), via: v.via });
    }

    if (name === 'open' || name === 'os.open' || method === 'write_text' || method === 'write_bytes' || method === 'open' && !name) {
      this.checkOpen(node, name, method, args);
    }
    const trust = args.keywords.get('trust_remote_code');
    const trustValue = trust ? this.evaluator.evaluate(trust) : null;
    // `trust_remote_code=trust_remote_code` passes the caller's own choice through: not evidence
    const passedThrough = trust !== undefined && trustValue === null && (trust.type === 'identifier' || trust.type === 'attribute' || trust.type === 'subscript' || trust.type === 'call');
    if (trust && trust.type !== 'false' && trust.type !== 'none' && !passedThrough && !(trustValue?.t === 'const' && trustValue.v !== true)) {
      const target = args.positional[0] ? asText(this.evaluator.evaluate(args.positional[0])) : null;
      const { context } = this.contextOf(node);
      // a sub-model built from this repository's own config (from_config) or from an id the
      // config names (config.vision_tower) runs code the user already chose to trust; a fixed
      // other repository is that repository's code, at its default branch
      const severity: Severity = method === 'from_config' ? 'low' : target !== null ? SEVERITY.dynamic[context] : context === 'load' ? 'medium' : 'low';
      this.hit(node, 'dynamic', `loads ${target !== null ? `the custom code of ${target}` : method === 'from_config' ? 'a sub-model from its config' : 'a model chosen at run time'} with trust_remote_code`, { ...evidence, model: target }, { severity });
    }
    if ((name === 'sys.path.insert' || name === 'sys.path.append' || name === 'site.addsitedir') && argNodes.some((a) => this.taintOf(a).has('downloaded'))) {
      this.hit(node, 'dynamic', `puts a directory downloaded from another repository or URL on the import path (${name})`, evidence, { rule: CODE_PAYLOAD_EXEC, severity: 'critical' });
    }
    // a pickle shipped next to the code and loaded with the full unpickler runs whatever it names
    // (torch.load without weights_only is ordinary weight loading and the user's MG510 territory)
    if (name === 'torch.load' || name === 'torch.serialization.load' || name === 'numpy.load' || name === 'np.load') {
      const isTorch = name.startsWith('torch');
      const flag = args.keywords.get(isTorch ? 'weights_only' : 'allow_pickle');
      const unsafe = isTorch ? flag?.type === 'false' : flag?.type === 'true';
      if (unsafe) {
        const { context } = this.contextOf(node);
        this.hit(node, 'dynamic', `unpickles a file with ${name}(${isTorch ? 'weights_only=False' : 'allow_pickle=True'}): whatever the pickle calls runs`, evidence, { severity: context === 'load' ? 'high' : 'medium' });
      }
    }
    if (method === 'exec_module' || method === 'load_module') {
      this.hit(node, 'dynamic', `runs a module loaded by hand (${method})`, evidence);
    }
    if (name === '__import__' || name === 'importlib.import_module' || name === 'importlib.__import__') {
      const target = args.positional[0] ?? args.keywords.get('name');
      if (target && asText(this.evaluator.evaluate(target)) === null) {
        this.hit(node, 'dynamic', `imports a module whose name is computed at run time (${name})`, evidence, { severity: this.contextOf(node).context === 'load' ? 'medium' : 'low' });
      }
    }

    const cap = name ? capabilityOf(name) : null;
    const values = argNodes.map((a) => this.evaluator.evaluate(a));
    if (method && PATH_METHODS.has(method)) values.push(this.evaluator.evaluate(fnNode.childForFieldName('object')));
    if (cap) await this.checkCapabilityCall(node, name!, cap, values, args, evidence);
    if (name && LOG_CALL.test(name)) return;
    if (!name && method && LOG_CALL.test(method)) return;
    this.checkStrings(node, values, cap, evidence);
  }

  private checkOpen(node: Node, name: string | null, method: string | null, args: ReturnType<typeof Evaluator.args>): void {
    let pathValue: PyValue | null;
    let writes: boolean;
    if (method === 'write_text' || method === 'write_bytes') {
      const recv = node.childForFieldName('function')!.childForFieldName('object');
      pathValue = this.evaluator.evaluate(recv);
      writes = true;
    } else {
      const pathArg = name === null ? null : args.positional[0] ?? args.keywords.get('file') ?? args.keywords.get('path') ?? null;
      const modeArg = name === null ? args.positional[0] ?? args.keywords.get('mode') : name === 'os.open' ? args.positional[1] ?? args.keywords.get('flags') : args.positional[1] ?? args.keywords.get('mode');
      if (name === null) {
        const recv = node.childForFieldName('function')!.childForFieldName('object');
        pathValue = this.evaluator.evaluate(recv);
      } else pathValue = this.evaluator.evaluate(pathArg);
      const mode = modeArg ? this.evaluator.evaluate(modeArg) : null;
      const modeText = asText(mode);
      if (name === 'os.open') writes = modeArg ? /O_(WRONLY|RDWR|CREAT|APPEND|TRUNC)/.test(modeArg.text) : false;
      else writes = modeText !== null ? /[wax+]/.test(modeText) : modeArg !== undefined && modeArg !== null;
      if (name === null && pathValue?.t !== 'str') return; // `.open()` on something that is not a path
    }
    if (!writes) return;
    const path = asText(pathValue);
    const target = pathValue?.t === 'str' && !pathValue.partial ? path! : 'a path computed at run time';
    if (path !== null && /\.cache[\\/]huggingface|HF_HOME|TRANSFORMERS_CACHE/.test(path) && !/token/.test(path)) return;
    const known = pathValue?.t === 'str' && !pathValue.partial;
    const outside = known && path !== null && /^(\/|~|\.\.)|^[A-Za-z]:[\\/]/.test(path) && !/^~[\\/]\.cache[\\/]/.test(path);
    const signals = path !== null ? stringSignals(path) : [];
    if (signals.some((s) => s.capability === 'persistence')) return; // reported by checkStrings as persistence
    const { context } = this.contextOf(node);
    const severity: Severity = outside ? (context === 'load' ? 'high' : 'medium') : SEVERITY.write[context];
    this.hit(node, 'write', `writes to ${target}${outside ? ', outside the model cache' : ''}`, { call: name ?? method, path }, { severity });
  }

  private async checkCapabilityCall(
    node: Node,
    name: string,
    cap: CapabilityMatch,
    values: (PyValue | null)[],
    args: ReturnType<typeof Evaluator.args>,
    evidence: Record<string, unknown>,
  ): Promise<void> {
    const texts = values.flatMap((v) => flattenText(v));
    const decodedArg = values.some((v) => hasLayers(v));
    if (cap.capability === 'dynamic' && (name === 'exec' || name === 'eval' || name === 'compile' || name === 'execfile' || INTERPRETER_RUN.test(name))) {
      await this.checkExec(node, name, values[0] ?? null, args.positional[0] ?? null, evidence);
      return;
    }
    if (cap.capability === 'dynamic' && FILE_RUNNERS.has(name.replace(/\(\)/g, ''))) {
      // runpy.run_module("pip") with sys.argv set is `pip install`
      const module = name === 'runpy.run_module' ? texts[0] ?? null : null;
      if (module !== null && /^pip(\.|$)/.test(module)) {
        this.hit(node, 'install', `runs pip as a module (${name}: ${module})`, { ...evidence, module });
        return;
      }
      const taint = argNodes(args).reduce((acc, a) => new Set([...acc, ...this.taintOf(a)]), new Set<string>());
      if (taint.has('downloaded')) {
        this.hit(node, 'dynamic', `runs a Python file downloaded from another repository or URL (${name})`, evidence, { rule: CODE_PAYLOAD_EXEC, severity: 'critical' });
        return;
      }
    }
    if (cap.capability === 'process') {
      const command = texts.join(' ');
      const install = stringSignals(command).find((s) => s.capability === 'install');
      if (install) {
        this.hit(node, 'install', `installs packages with a subprocess (${name}: ${truncate(command)})`, { ...evidence, command });
        return;
      }
      if (decodedArg) {
        this.hit(node, 'process', `runs a decoded command with ${name}`, { ...evidence, command }, { rule: CODE_PAYLOAD_EXEC, severity: 'critical' });
        return;
      }
      const probe = toolProbe(values[0] ?? null, args);
      if (probe) {
        // asking the CUDA compiler for its version (kernel builds) or ffmpeg to decode audio is
        // still a process, but no attack: two levels lower than an arbitrary command
        const { context } = this.contextOf(node);
        this.hit(node, 'process', `runs the build or media tool ${probe} (${name}${command ? `: ${truncate(command)}` : ''})`, { ...evidence, command, tool: probe }, { severity: lower(lower(SEVERITY.process[context])) });
        return;
      }
      this.hit(node, 'process', `${cap.what} (${name}${command ? `: ${truncate(command)}` : ''})`, { ...evidence, command: command || null });
      return;
    }
    if (cap.capability === 'dynamic' && cap.strong) {
      const { context } = this.contextOf(node);
      const payload = decodedArg || values.some((v) => v?.t === 'bytes');
      // unpickling a file (a tokenizer's pickled vocab) is risky; building code objects is not modelling
      const pickle = /pickle|dill/.test(name);
      const base: Severity = pickle ? (context === 'load' ? 'high' : 'medium') : context === 'load' ? 'critical' : 'high';
      this.hit(node, 'dynamic', `${cap.what} (${name})${payload ? ' from data embedded in the file' : ''}`, evidence, {
        severity: payload ? 'critical' : base,
        rule: payload ? CODE_PAYLOAD_EXEC : CODE_DYNAMIC,
      });
      return;
    }
    if (cap.capability === 'network') {
      const url = texts.find((t) => /^(https?|ftp|wss?):\/\//i.test(t)) ?? null;
      // later, on data the caller passes (an image URL): low; a fixed endpoint: the table's medium
      const { context } = this.contextOf(node);
      const fixedTarget = texts.some((t) => /^(https?|ftp|wss?):\/\/\w|^\d{1,3}(\.\d{1,3}){3}$|\.[a-z]{2,}$/i.test(t));
      // fetching a named data file (a font, a vocabulary, weights) from a fixed address is a
      // dependency on someone else's server, not a beacon: one level lower than the table
      const dataFile = url !== null && DATA_FETCH.test(name) && DATA_URL.test(url) && values.every((v) => !(v?.t === 'str' && v.partial));
      if (dataFile) {
        this.hit(node, 'network', `downloads a data file from a fixed address (${name} ${truncate(url)})`, { ...evidence, url, dataFile: true }, { severity: lower(SEVERITY.network[context]) });
        return;
      }
      this.hit(node, 'network', `${cap.what} (${name}${url ? ` to ${truncate(url)}` : ''})`, { ...evidence, url }, { severity: context === 'call' && !fixedTarget ? 'low' : undefined });
      return;
    }
    if (cap.capability === 'write') {
      const path = texts[0] ?? null;
      if (path !== null && stringSignals(path).some((s) => s.capability === 'persistence')) return;
      const first = values[0];
      const outside = path !== null && first?.t === 'str' && !first.partial && /^(\/|~|\.\.)/.test(path);
      const { context } = this.contextOf(node);
      this.hit(node, 'write', `${cap.what} (${name}${path ? ` ${truncate(path)}` : ''})`, { ...evidence, path }, { severity: outside ? (context === 'load' ? 'high' : 'medium') : undefined });
      return;
    }
    this.hit(node, cap.capability, `${cap.what} (${name})`, evidence);
  }

  /** exec / eval / compile: what is being run decides the severity. */
  private async checkExec(node: Node, name: string, value: PyValue | null, argNode: Node | null, evidence: Record<string, unknown>): Promise<void> {
    const { context } = this.contextOf(node);
    const taint = argNode ? this.taintOf(argNode) : new Set<string>();
    const text = asText(value);
    if (text !== null && this.depth < MAX_PAYLOAD_DEPTH) {
      const layers = value && (value.t === 'str' || value.t === 'bytes') ? value.layers : [];
      const inner = await scanText(this.path, text, { role: 'module' }, this.depth + 1);
      const innerBad = inner.filter((h) => h.rule !== CODE_NOT_ANALYSED);
      for (const h of innerBad) {
        // the payload runs where the exec runs
        const severity = context === 'load' ? raise(h.severity, SEVERITY[h.capability as Capability]?.load ?? h.severity) : h.severity;
        const line = node.startPosition.row + 1;
        const what = `${name}() runs code that ${h.what ?? h.message.replace(/^\S+:\d+ /, '')}`;
        this.hits.push({ ...h, line, column: node.startPosition.column + 1, context, severity, what, message: `${this.path}:${line} ${what} ${this.contextOf(node).where}` });
      }
      if (layers.length > 0) {
        this.hit(node, 'dynamic', `decodes a payload (${layers.join(' + ')}) and runs it with ${name}()`, { ...evidence, layers, payload: truncate(text, 400) }, { rule: CODE_PAYLOAD_EXEC, severity: 'critical' });
      } else if (innerBad.length === 0) {
        this.hit(node, 'dynamic', `runs a constant string with ${name}()`, { ...evidence, payload: truncate(text, 400) }, { severity: lower(SEVERITY.dynamic[context]) });
      } else {
        this.hit(node, 'dynamic', `runs a string of code with ${name}()`, { ...evidence, payload: truncate(text, 400) }, { minimum: 'high' });
      }
      return;
    }
    if (taint.has('downloaded')) {
      this.hit(node, 'dynamic', `downloads code and runs it with ${name}()`, evidence, { rule: CODE_PAYLOAD_EXEC, severity: 'critical' });
    } else if (taint.has('decoded')) {
      this.hit(node, 'dynamic', `decodes data and runs it with ${name}()`, evidence, { rule: CODE_PAYLOAD_EXEC, severity: 'critical' });
    } else {
      this.hit(node, 'dynamic', `${name}() runs code computed at run time`, evidence);
    }
  }

  /** Credential paths, persistence targets and shell payloads in the strings a call receives. */
  private checkStrings(node: Node, values: (PyValue | null)[], cap: CapabilityMatch | null, evidence: Record<string, unknown>): void {
    for (const text of values.flatMap((v) => flattenText(v))) {
      for (const s of stringSignals(text)) {
        if (s.capability === 'install' && cap?.capability !== 'process') continue;
        if (s.capability === 'install' || (s.capability === 'process' && cap?.capability === 'process')) continue; // reported with the call
        this.hit(node, s.capability, `${s.what} (${truncate(text)})`, { ...evidence, string: truncate(text, 200) });
      }
    }
  }

  // -- environment ---------------------------------------------------------------------------

  /** `os.environ["HF_TOKEN"]`, `os.getenv("AWS_SECRET_ACCESS_KEY")`, `dict(os.environ)`. */
  private checkEnvironment(node: Node): void {
    if (node.type === 'subscript') {
      const container = this.evaluator.evaluate(node.childForFieldName('value'));
      if (container?.t !== 'ref' || !isEnviron(container.name)) return;
      const parent = this.parentOf(node);
      const key = asText(this.evaluator.evaluate(node.childForFieldName('subscript')));
      if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === node.id) {
        // setting the loader's or interpreter's hooks makes every later process run injected code
        if (key && /^(LD_PRELOAD|LD_LIBRARY_PATH|DYLD_INSERT_LIBRARIES|PYTHONSTARTUP|PYTHONPATH|BASH_ENV|PROMPT_COMMAND)$/.test(key)) {
          this.hit(node, 'persistence', `sets ${key}, which injects code into processes started later`, { variable: key, via: container.via });
        }
        return;
      }
      this.envRead(node, key, container.via);
      return;
    }
    // whole-environment reads: os.environ used as a value, not indexed or tested
    const up = this.parentOf(node);
    if (node.type === 'identifier' && up?.type === 'attribute' && up.childForFieldName('attribute')?.id === node.id) return;
    const v = this.evaluator.evaluate(node);
    if (v?.t !== 'ref') return;
    if (node.type === 'identifier' && this.evaluator.env.get(identifierName(node)) === undefined) return;
    const name = canonicalName(v.name);
    if (name === 'os.getenv' || name === 'os.environ.get' || name === 'os.environ.pop' || name === 'os.getenvb') {
      const call = up?.type === 'call' && up.childForFieldName('function')?.id === node.id ? up : null;
      if (!call) return;
      const arg = Evaluator.args(call).positional[0];
      this.envRead(call, arg ? asText(this.evaluator.evaluate(arg)) : null, v.via);
      return;
    }
    if (!isEnviron(name)) return;
    const parent = up;
    if (!parent) return;
    if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === node.id) return;
    if (parent.type === 'attribute') {
      const attr = parent.childForFieldName('attribute')?.text ?? '';
      if (['get', 'pop', 'setdefault', '__setitem__', 'update', '__contains__', 'getenv'].includes(attr)) return;
    }
    if (parent.type === 'comparison_operator') return; // "X" in os.environ
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.id !== node.id) return;
    this.envRead(node, null, v.via);
  }

  private envRead(node: Node, key: string | null, via: string[]): void {
    if (key !== null && !isCredentialEnvName(key)) return;
    const what = key === null ? 'reads the whole environment (tokens and keys included)' : `reads the secret environment variable ${key}`;
    if (key === null && node.type === 'subscript') return; // computed key: unknown, not evidence
    this.hit(node, 'credential', what, { variable: key, via });
  }

  // -- identifiers that normalise to another name ---------------------------------------------

  private readonly confusables = new Set<string>();

  private checkConfusable(node: Node): void {
    const raw = node.text;
    if (/^[\x00-\x7f]*$/.test(raw)) return;
    const norm = raw.normalize('NFKC');
    if (norm === raw || this.confusables.has(raw)) return;
    this.confusables.add(raw);
    const sensitive = SENSITIVE_NAMES.has(norm) || isKnownCapabilityName(norm) || /^[\x00-\x7f]+$/.test(norm);
    const line = node.startPosition.row + 1;
    this.hits.push({
      rule: CODE_CONFUSABLE_IDENTIFIER,
      capability: 'evasion',
      severity: SENSITIVE_NAMES.has(norm) ? 'high' : sensitive ? 'medium' : 'low',
      message: `${this.path}:${line} uses the identifier "${raw}", which Python reads as "${norm}"`,
      line,
      column: node.startPosition.column + 1,
      context: this.contextOf(node).context,
      evidence: { written: raw, normalised: norm },
    });
  }
}

/** Programs that query the toolchain or decode media; invoked with an argument list, no shell. */
const TOOL_PROBES = new Set(['nvcc', 'nvidia-smi', 'rocm-smi', 'rocminfo', 'hipconfig', 'hipcc', 'gcc', 'g++', 'cc', 'c++', 'clang', 'clang++', 'ninja', 'cmake', 'nproc', 'lscpu', 'uname', 'ldconfig', 'ffmpeg', 'ffprobe', 'which']);

/** The tool a process call runs when it is a known probe: list form, no shell, no URL, no shell syntax. */
function toolProbe(argv: PyValue | null, args: ReturnType<typeof Evaluator.args>): string | null {
  if (argv?.t !== 'seq' || argv.items.length === 0) return null;
  const shell = args.keywords.get('shell');
  if (shell && shell.type !== 'false' && shell.type !== 'none') return null;
  const first = argv.items[0];
  if (first?.t !== 'str') return null;
  const program = first.v.split(/[\\/]/).pop() ?? '';
  if (!TOOL_PROBES.has(program)) return null;
  for (const item of argv.items) {
    const t = item?.t === 'str' ? item.v : null;
    if (t !== null && (/[;|&`$<>\n]|:\/\//.test(t) || hasLayers(item))) return null;
  }
  return program;
}

/** Classes and exception types of capability modules (requests.Response, socket.socket,
 * subprocess.CalledProcessError): referring to them is not handing out a callable. `strict` also
 * treats any capitalised class (subprocess.Popen) as a type, for tables of types. */
function isTypeName(resolved: string, strict: boolean): boolean {
  const parts = canonicalName(resolved).split('.');
  const last = parts[parts.length - 1] ?? '';
  if (/(Error|Exception|Warning|Exit|Response|Request|Session|Timeout|Adapter)$/.test(last)) return true;
  if (parts.length >= 2 && last === parts[parts.length - 2]) return true; // socket.socket
  return strict && /^[A-Z]/.test(last);
}

function isEnviron(name: string): boolean {
  const n = canonicalName(name);
  return n === 'os.environ' || n === 'os.environb';
}

function hasLayers(v: PyValue | null): boolean {
  if (!v) return false;
  if (v.t === 'str' || v.t === 'bytes') return v.layers.length > 0;
  if (v.t === 'seq') return v.items.some((i) => hasLayers(i));
  return false;
}

function flattenText(v: PyValue | null): string[] {
  if (!v) return [];
  if (v.t === 'str') return [v.v];
  if (v.t === 'bytes') return [v.v.toString('latin1')];
  if (v.t === 'seq') return v.items.flatMap((i) => flattenText(i)).length > 0 ? [v.items.flatMap((i) => flattenText(i)).join(' ')] : [];
  return [];
}

function truncate(s: string, n = 120): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? one.slice(0, n - 1) + '…' : one;
}
