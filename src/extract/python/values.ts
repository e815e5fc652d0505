// Static value resolution: what strings can an expression hold at a given point? Follows
// literals, constants, earlier assignments, parameter defaults (and call sites of the
// function), argparse/absl/click/typer defaults, dataclass and pydantic field defaults,
// environment defaults, f-strings, concatenation, conditionals, loops over literal
// collections and dict lookups. Bounded by depth and candidate count; never executes code.
import type { Node } from 'web-tree-sitter';
import type { Confidence } from '../../types.js';
import { bindingBlocks, COMPREHENSIONS, type Binding, type FileIndex, type Scope, optionDest, scopeOf } from './scope.js';
import { callArgs, dottedParts, literalString, stringParts } from './syntax.js';

export type Value =
  | { t: 'str'; v: string; conf: Confidence; lits: number[] }
  | { t: 'bool'; v: boolean; conf: Confidence }
  | { t: 'none' }
  /** Clearly a filesystem path expression (os.path.join, Path, `/`): never a hub id. */
  | { t: 'path' }
  /** The result of a loader call or a constructor: an object, not an id. */
  | { t: 'obj' }
  | { t: 'unknown' };

const MAX_DEPTH = 12;
const MAX_CANDIDATES = 64;
const CONF_ORDER: Confidence[] = ['low', 'medium', 'high'];

export function minConf(a: Confidence, b: Confidence): Confidence {
  return CONF_ORDER.indexOf(a) < CONF_ORDER.indexOf(b) ? a : b;
}

function weaken(values: Value[], conf: Confidence): Value[] {
  return values.map((v) => (v.t === 'str' || v.t === 'bool' ? { ...v, conf: minConf(v.conf, conf) } : v));
}

const PATH_CALLS = new Set(['join', 'abspath', 'expanduser', 'realpath', 'dirname', 'normpath', 'Path', 'PurePath', 'PosixPath', 'resolve', 'joinpath', 'absolute', 'with_name', 'with_suffix', 'cwd', 'home', 'mkdtemp', 'gettempdir', 'TemporaryDirectory', 'relpath', 'expandvars']);
const KAGGLE_DOWNLOADS = /^(model|dataset|competition|notebook_output)_download$/;
const ENV_GETTERS = new Set(['getenv', 'get', 'pop', 'setdefault']);
const FIELD_CALLS = new Set(['field', 'Field', 'Option', 'Argument', 'Query', 'Body', 'Form', 'Param', 'Header', 'attrib', 'ib']);
const STRING_METHODS = new Set(['strip', 'lower', 'upper', 'rstrip', 'lstrip']);

/** Names of calls whose result is an object (a model, a tokenizer), never an id. */
export type ObjectCall = (call: Node) => boolean;

export class Resolver {
  private readonly visiting = new Set<number>();
  private readonly memo = new Map<number, Value[]>();
  /** Resolution steps left for this file: keeps adversarial inputs linear. */
  private budget = 200_000;

  constructor(
    private readonly index: FileIndex,
    private readonly isObjectCall: ObjectCall,
  ) {}

  /** Every value the expression may hold. */
  resolve(node: Node | null | undefined, depth = 0): Value[] {
    if (!node) return [{ t: 'unknown' }];
    const cached = this.memo.get(node.id);
    if (cached) return cached;
    if (depth > MAX_DEPTH || this.visiting.has(node.id) || this.budget <= 0) return [{ t: 'unknown' }];
    this.budget--;
    this.visiting.add(node.id);
    let out: Value[];
    try {
      out = dedupe(this.resolveInner(node, depth)).slice(0, MAX_CANDIDATES);
    } finally {
      this.visiting.delete(node.id);
    }
    // Results cut short by a cycle or the depth limit are not reused elsewhere.
    if (this.visiting.size === 0 || !out.some((v) => v.t === 'unknown')) this.memo.set(node.id, out);
    return out;
  }

  private resolveInner(node: Node, depth: number): Value[] {
    switch (node.type) {
      case 'string':
        return this.resolveString(node, depth);
      case 'concatenated_string': {
        let acc: Value[] = [{ t: 'str', v: '', conf: 'high', lits: [] }];
        for (const part of node.namedChildren) if (part) acc = concat(acc, this.resolve(part, depth + 1));
        return acc;
      }
      case 'true':
        return [{ t: 'bool', v: true, conf: 'high' }];
      case 'false':
        return [{ t: 'bool', v: false, conf: 'high' }];
      case 'none':
        return [{ t: 'none' }];
      case 'parenthesized_expression':
        return this.resolve(node.namedChildren[0], depth + 1);
      case 'identifier':
        return this.resolveName(node.text, node, depth);
      case 'attribute':
        return this.resolveAttribute(node, depth);
      case 'conditional_expression': {
        const [a, , b] = node.namedChildren;
        return weaken([...this.resolve(a, depth + 1), ...this.resolve(b, depth + 1)], 'medium');
      }
      case 'boolean_operator': {
        const op = node.childForFieldName('operator')?.text ?? node.children[1]?.text;
        const left = this.resolve(node.childForFieldName('left'), depth + 1);
        const right = this.resolve(node.childForFieldName('right'), depth + 1);
        if (op === 'or') return weaken([...left.filter((v) => v.t !== 'none'), ...right], 'medium');
        return weaken(right, 'medium');
      }
      case 'binary_operator': {
        const op = node.childForFieldName('operator')?.text;
        if (op === '/') return [{ t: 'path' }];
        if (op === '+') return concat(this.resolve(node.childForFieldName('left'), depth + 1), this.resolve(node.childForFieldName('right'), depth + 1));
        if (op === '%') return this.percentFormat(node, depth);
        return [{ t: 'unknown' }];
      }
      case 'subscript':
        return this.resolveSubscript(node, depth);
      case 'call':
        return this.resolveCall(node, depth);
      case 'integer':
      case 'float':
      case 'list':
      case 'tuple':
      case 'dictionary':
      case 'set':
      case 'lambda':
      case 'list_comprehension':
      case 'dictionary_comprehension':
        return [{ t: 'obj' }];
      default:
        return [{ t: 'unknown' }];
    }
  }

  private resolveString(node: Node, depth: number): Value[] {
    const parts = stringParts(node);
    if (!parts) return [{ t: 'obj' }];
    let acc: Value[] = [{ t: 'str', v: '', conf: 'high', lits: [node.id] }];
    for (const p of parts) {
      if ('text' in p) acc = concat(acc, [{ t: 'str', v: p.text, conf: 'high', lits: [] }]);
      else acc = concat(acc, this.resolve(p.expr, depth + 1));
    }
    return acc;
  }

  private percentFormat(node: Node, depth: number): Value[] {
    const fmt = this.resolve(node.childForFieldName('left'), depth + 1);
    const rightNode = node.childForFieldName('right');
    const argNodes = rightNode?.type === 'tuple' || rightNode?.type === 'parenthesized_expression' ? rightNode.namedChildren : [rightNode];
    const args = argNodes.map((a) => this.firstString(a, depth));
    const out: Value[] = [];
    for (const f of fmt) {
      if (f.t !== 'str') continue;
      let i = 0;
      let ok = true;
      const v = f.v.replace(/%[sdr]/g, () => {
        const a = args[i++];
        if (!a) ok = false;
        return a?.v ?? '';
      });
      if (ok) out.push({ t: 'str', v, conf: minConf(f.conf, args.reduce<Confidence>((c, a) => (a ? minConf(c, a.conf) : c), 'high')), lits: f.lits });
    }
    return out.length ? out : [{ t: 'unknown' }];
  }

  private firstString(node: Node | null | undefined, depth: number): Extract<Value, { t: 'str' }> | null {
    for (const v of this.resolve(node, depth + 1)) if (v.t === 'str') return v;
    return null;
  }

  // ------------------------------------------------------------------ names

  resolveName(name: string, use: Node, depth: number): Value[] {
    // Comprehension targets: `[load(m) for m in MODELS]`.
    for (let n = use.parent; n; n = n.parent) {
      if (this.index.scopes.has(n.id)) break;
      if (COMPREHENSIONS.has(n.type)) {
        for (const clause of n.namedChildren) {
          if (clause?.type !== 'for_in_clause') continue;
          const left = clause.childForFieldName('left');
          const idx = targetIndex(left, name);
          if (idx !== null) return weaken(this.iterate(clause.childForFieldName('right'), idx, depth), 'medium');
        }
      }
    }
    let scope: Scope | null = scopeOf(this.index, use);
    // Default values (`def f(MODEL=MODEL)`) and decorators are evaluated in the enclosing scope.
    if (scope.kind === 'function' && use.startIndex < (scope.node.childForFieldName('body')?.startIndex ?? 0)) scope = scope.parent ?? scope;
    let position = use.startIndex;
    let first = true;
    while (scope) {
      // Class bodies are not visible from the methods inside them.
      if (scope.kind === 'class' && !first) {
        scope = scope.parent;
        continue;
      }
      const found = this.lookupIn(scope, name, position, use, depth);
      if (found) return found;
      position = Number.POSITIVE_INFINITY;
      first = false;
      scope = scope.parent;
    }
    return [{ t: 'unknown' }];
  }

  /** Values from the bindings of `name` in one scope, or null when the scope does not bind it. */
  private lookupIn(scope: Scope, name: string, position: number, use: Node, depth: number): Value[] | null {
    const bindings = (scope.bindings.get(name) ?? []).filter((b) => b.start < position || (position === Number.POSITIVE_INFINITY));
    const param = scope.params.get(name);
    if (bindings.length === 0 && !param) {
      // A later binding in the same function still makes the name local; treat as unknown.
      return scope.kind === 'function' && scope.bindings.has(name) ? [{ t: 'unknown' }] : null;
    }
    // Keep the last binding that surely runs before the use, and conditional ones after it.
    const usePos = position === Number.POSITIVE_INFINITY ? innerScopeStart(use, scope) : use.startIndex;
    let live: Binding[] = [];
    let paramLive = !!param;
    for (const b of bindings) {
      const dominates = bindingBlocks(b).every(([s, e]) => usePos >= s && usePos < e);
      if (dominates) {
        live = [b];
        paramLive = false;
      } else live.push(b);
    }
    const out: Value[] = [];
    if (param && paramLive) out.push(...this.resolveParam(scope, param.name, depth));
    for (const b of live) out.push(...this.bindingValues(b, depth));
    return out;
  }

  private bindingValues(b: Binding, depth: number): Value[] {
    if (b.how === 'import' || b.how === 'other' || !b.value) return [{ t: 'unknown' }];
    if (b.how === 'iterate') return weaken(this.iterate(b.value, b.index ?? null, depth), 'medium');
    if (b.index !== undefined) {
      const v = b.value;
      if (v.type === 'expression_list' || v.type === 'tuple' || v.type === 'list') return this.resolve(v.namedChildren[b.index], depth + 1);
      return [{ t: 'unknown' }];
    }
    return this.resolve(b.value, depth + 1);
  }

  private resolveParam(scope: Scope, name: string, depth: number): Value[] {
    const param = scope.params.get(name);
    if (!param || param.star) return [{ t: 'unknown' }];
    const out: Value[] = [];
    if (param.default) {
      // `None` as a default means "the caller decides": unknown, not absent.
      out.push(...weaken(this.resolve(param.default, depth + 1), 'medium').map((v): Value => (v.t === 'none' ? { t: 'unknown' } : v)));
    } else {
      out.push(...this.fromParametrize(scope, name, depth));
      // click / typer decorators name the default.
      for (const dec of scope.decorators) {
        const call = dec.namedChildren[0];
        if (call?.type !== 'call') continue;
        const parts = dottedParts(call.childForFieldName('function'));
        if (!parts || !['option', 'argument'].includes(parts[parts.length - 1])) continue;
        const args = callArgs(call);
        const flags = args.positional.map((p) => literalString(p)).filter((s): s is string => s !== null);
        const explicit = flags.find((f) => !f.startsWith('-'));
        const dest = explicit && flags.some((f) => f.startsWith('-')) ? explicit : optionDest(flags.filter((f) => f.startsWith('-')).length ? flags.filter((f) => f.startsWith('-')) : flags);
        if (dest?.toLowerCase() === name.toLowerCase() && args.keywords.has('default')) out.push(...weaken(this.resolve(args.keywords.get('default'), depth + 1), 'medium'));
      }
    }
    // Call sites of this function in the same file pass the value.
    if (depth < 6) out.push(...weaken(this.fromCallSites(scope, param.index, name, depth), 'medium'));
    return out.length ? out : [{ t: 'unknown' }];
  }

  /** `@pytest.mark.parametrize("model_id", ["org/a", "org/b"])` (also `"a,b"` with tuples). */
  private fromParametrize(scope: Scope, name: string, depth: number): Value[] {
    const out: Value[] = [];
    const decorators = [...scope.decorators];
    // Test methods inherit a class's parametrize marks.
    if (scope.ownerClass) decorators.push(...scope.ownerClass.decorators);
    for (const dec of decorators) {
      const call = dec.namedChildren[0];
      if (call?.type !== 'call') continue;
      const parts = dottedParts(call.childForFieldName('function'));
      if (parts?.[parts.length - 1] !== 'parametrize') continue;
      const args = callArgs(call);
      const namesNode = args.keywords.get('argnames') ?? args.positional[0];
      const names = literalString(namesNode)?.split(',').map((n) => n.trim()) ??
        (namesNode && (namesNode.type === 'tuple' || namesNode.type === 'list') ? namesNode.namedChildren.map((n) => literalString(n) ?? '') : []);
      const at = names.indexOf(name);
      if (at < 0) continue;
      out.push(...weaken(this.iterate(args.keywords.get('argvalues') ?? args.positional[1], names.length > 1 ? at : null, depth), 'medium'));
    }
    return out;
  }

  private fromCallSites(scope: Scope, paramIndex: number, name: string, depth: number): Value[] {
    if (scope.kind !== 'function' || !scope.name) return [];
    const isMethod = !!scope.ownerClass;
    const calleeName = scope.name === '__init__' && scope.ownerClass ? scope.ownerClass.name : scope.name;
    const sites = (this.index.callsByName.get(calleeName) ?? []).slice(0, 32);
    const out: Value[] = [];
    for (const call of sites) {
      if (call.startIndex >= scope.node.startIndex && call.endIndex <= scope.node.endIndex && scope.name !== '__init__') continue;
      const fn = call.childForFieldName('function');
      // Methods are called as obj.name(...): their first parameter (self) is implicit.
      const shift = isMethod && (scope.name === '__init__' || fn?.type === 'attribute') ? 1 : 0;
      if (!isMethod && fn?.type !== 'identifier') continue;
      const args = callArgs(call);
      const arg = args.keywords.get(name) ?? (args.starred ? undefined : args.positional[paramIndex - shift]);
      if (arg) out.push(...this.resolve(arg, depth + 2));
    }
    return out;
  }

  // ------------------------------------------------------------------ attributes

  private resolveAttribute(node: Node, depth: number): Value[] {
    const obj = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!obj || !attr) return [{ t: 'unknown' }];
    const sources: { value: Node | null; choices?: Node }[] = [];
    if (obj.type === 'identifier' && (obj.text === 'self' || obj.text === 'cls')) {
      let cls: Scope | null = null;
      for (let s: Scope | null = scopeOf(this.index, node); s; s = s.parent) if (s.ownerClass) { cls = s.ownerClass; break; }
      if (cls) {
        sources.push(...(this.index.classFields.get(cls.node.id)?.get(attr) ?? []));
        sources.push(...(this.index.selfAttrs.get(cls.node.id)?.get(attr) ?? []));
      }
    } else if (obj.type === 'identifier' && this.index.classes.has(obj.text)) {
      sources.push(...(this.index.classFields.get(this.index.classes.get(obj.text)!.node.id)?.get(attr) ?? []));
    } else if (obj.type === 'identifier' && this.index.imports.has(obj.text)) {
      return [{ t: 'unknown' }];
    }
    if (sources.length === 0) sources.push(...(this.index.attrs.get(attr) ?? []));
    if (sources.length === 0) return [{ t: 'unknown' }];
    const out: Value[] = [];
    for (const s of sources) {
      if (s.value) out.push(...this.resolve(s.value, depth + 1).map((v): Value => (v.t === 'none' ? { t: 'unknown' } : v)));
      else out.push({ t: 'unknown' });
      if (s.choices) out.push(...this.iterate(s.choices, null, depth));
    }
    return weaken(out, 'medium');
  }

  // ------------------------------------------------------------------ calls

  private resolveCall(node: Node, depth: number): Value[] {
    const fn = node.childForFieldName('function');
    const parts = dottedParts(fn);
    const name = (fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : parts?.[parts.length - 1]) ?? '';
    const args = callArgs(node);
    if (parts && (PATH_CALLS.has(name) || (parts.length >= 2 && parts[parts.length - 2] === 'path' && parts[0] === 'os'))) return [{ t: 'path' }];
    // kagglehub's downloads return a local folder of Kaggle content, not a hub id.
    if (parts && KAGGLE_DOWNLOADS.test(name) && (parts[0] === 'kagglehub' || parts.length === 1)) return [{ t: 'path' }];
    if (FIELD_CALLS.has(name)) {
      const d = args.keywords.get('default') ?? (name === 'field' || name === 'attrib' || name === 'ib' ? undefined : args.positional[0]);
      if (d) return this.resolve(d, depth + 1);
      return [{ t: 'unknown' }];
    }
    if (fn?.type === 'attribute' && ENV_GETTERS.has(name) || (fn?.type === 'identifier' && name === 'getenv')) {
      const receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
      const key = args.keywords.get('key') ?? args.positional[0];
      const dflt = args.keywords.get('default') ?? args.positional[1];
      const recvText = receiver?.text ?? '';
      if (receiver && !/environ$/.test(recvText) && name !== 'getenv') {
        const fromDict = this.dictLookup(receiver, key, depth);
        if (fromDict) return fromDict;
      }
      if (dflt) return weaken(this.resolve(dflt, depth + 1), 'medium');
      return [{ t: 'unknown' }];
    }
    if (fn?.type === 'identifier' && name === 'getattr') {
      const dflt = args.positional[2];
      if (dflt) return weaken(this.resolve(dflt, depth + 1), 'medium');
      return [{ t: 'unknown' }];
    }
    if (fn?.type === 'identifier' && name === 'str' && args.positional.length === 1) {
      return this.resolve(args.positional[0], depth + 1);
    }
    if (fn?.type === 'attribute' && STRING_METHODS.has(name)) {
      const recv = this.resolve(fn.childForFieldName('object'), depth + 1);
      return recv.map((v) => {
        if (v.t !== 'str') return v;
        const s = name === 'lower' ? v.v.toLowerCase() : name === 'upper' ? v.v.toUpperCase() : args.positional.length ? v.v : v.v.trim();
        return { ...v, v: s };
      });
    }
    if (fn?.type === 'attribute' && name === 'format') {
      return this.strFormat(fn.childForFieldName('object'), args, depth);
    }
    if (fn?.type === 'attribute' && name === 'join' && args.positional.length === 1) {
      const sep = this.resolve(fn.childForFieldName('object'), depth + 1);
      const list = args.positional[0];
      if (sep.length === 1 && sep[0].t === 'str' && (list.type === 'list' || list.type === 'tuple')) {
        let acc: Value[] = [{ t: 'str', v: '', conf: 'high', lits: [] }];
        list.namedChildren.forEach((el, i) => {
          if (i > 0) acc = concat(acc, sep);
          acc = concat(acc, this.resolve(el, depth + 1));
        });
        return acc;
      }
      return [{ t: 'unknown' }];
    }
    if (this.isObjectCall(node)) return [{ t: 'obj' }];
    return [{ t: 'unknown' }];
  }

  private strFormat(template: Node | null, args: ReturnType<typeof callArgs>, depth: number): Value[] {
    const tpl = this.resolve(template, depth + 1);
    const out: Value[] = [];
    for (const t of tpl) {
      if (t.t !== 'str') return [{ t: 'unknown' }];
      let auto = 0;
      let conf: Confidence = t.conf;
      let ok = true;
      const v = t.v.replace(/\{([A-Za-z_0-9]*)(![rsa])?(:[^}]*)?\}/g, (_m, key: string) => {
        const arg = key === '' ? args.positional[auto++] : /^\d+$/.test(key) ? args.positional[Number(key)] : args.keywords.get(key);
        const s = this.firstString(arg, depth);
        if (!s) {
          ok = false;
          return '';
        }
        conf = minConf(conf, s.conf);
        return s.v;
      });
      if (!ok) return [{ t: 'unknown' }];
      out.push({ t: 'str', v: v.replace(/\{\{/g, '{').replace(/\}\}/g, '}'), conf, lits: t.lits });
    }
    return out;
  }

  /** Pairs of a dict literal including those of `**other` dicts merged into it (`{**BASE, **EXTRA}`). */
  mergedPairs(dict: Node, depth: number): [Node, Node][] {
    const out = dictPairs(dict);
    if (dict.type !== 'dictionary' || depth > MAX_DEPTH) return out;
    for (const child of dict.namedChildren) {
      if (child?.type !== 'dictionary_splat') continue;
      const inner = this.containerOf(child.namedChildren[0], depth + 1);
      if (inner && (inner.type === 'dictionary' || inner.type === 'call') && inner.id !== dict.id) out.push(...this.mergedPairs(inner, depth + 1));
    }
    return out;
  }

  /** The literal dict or list an expression names, following simple bindings. */
  containerOf(node: Node | null | undefined, depth: number): Node | null {
    if (!node || depth > MAX_DEPTH) return null;
    if (['dictionary', 'list', 'tuple', 'set'].includes(node.type)) return node;
    if (node.type === 'parenthesized_expression') return this.containerOf(node.namedChildren[0], depth + 1);
    if (node.type === 'call') {
      const parts = dottedParts(node.childForFieldName('function'));
      const name = parts?.[parts.length - 1];
      if (name === 'dict' && node.childForFieldName('function')?.type === 'identifier') return node;
      if ((name === 'list' || name === 'tuple' || name === 'sorted' || name === 'set') && parts?.length === 1) return this.containerOf(callArgs(node).positional[0], depth + 1);
      return null;
    }
    if (node.type === 'identifier' || node.type === 'attribute') {
      const binding = this.singleBindingValue(node);
      if (binding && binding.id !== node.id) return this.containerOf(binding, depth + 1);
    }
    return null;
  }

  singleBindingValue(node: Node): Node | null {
    if (node.type === 'attribute') {
      const obj = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute')?.text;
      if (obj?.type === 'identifier' && attr && this.index.classes.has(obj.text)) {
        const f = this.index.classFields.get(this.index.classes.get(obj.text)!.node.id)?.get(attr);
        return f && f.length ? f[f.length - 1].value : null;
      }
      if (obj?.type === 'identifier' && (obj.text === 'self' || obj.text === 'cls') && attr) {
        for (let s: Scope | null = scopeOf(this.index, node); s; s = s.parent) {
          if (!s.ownerClass) continue;
          const f = this.index.classFields.get(s.ownerClass.node.id)?.get(attr) ?? this.index.selfAttrs.get(s.ownerClass.node.id)?.get(attr);
          return f && f.length ? f[f.length - 1].value : null;
        }
      }
      return null;
    }
    const name = node.text;
    for (let s: Scope | null = scopeOf(this.index, node); s; s = s.parent) {
      const bs = s.bindings.get(name);
      if (bs && bs.length) {
        const before = s.kind === 'module' && s !== scopeOf(this.index, node) ? bs : bs.filter((b) => b.start < node.startIndex);
        const last = before[before.length - 1];
        return last && last.how === 'assign' && last.index === undefined ? last.value : null;
      }
      if (s.params.has(name)) return s.params.get(name)!.default;
    }
    return null;
  }

  /** The literal elements a plain loop variable runs over (`for cfg in [...]`), or null. */
  private loopElements(node: Node | null, depth: number): Node[] | null {
    if (!node || node.type !== 'identifier' || depth > MAX_DEPTH) return null;
    for (let s: Scope | null = scopeOf(this.index, node); s; s = s.parent) {
      const bs = s.bindings.get(node.text)?.filter((b) => b.start < node.startIndex || s !== scopeOf(this.index, node));
      if (!bs || bs.length === 0) continue;
      const last = bs[bs.length - 1];
      if (last.how !== 'iterate' || last.index !== undefined || !last.value) return null;
      const list = this.containerOf(last.value, depth + 1);
      if (!list || list.type === 'dictionary' || list.type === 'call') return null;
      return list.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    }
    return null;
  }

  /**
   * The literal entries an element of a registry may be (`cfg = MODELS[name]`, then `cfg["repo"]`):
   * the value under the key when it is known, every value otherwise.
   */
  private lookupElements(node: Node | null, depth: number): Node[] | null {
    if (!node || depth > MAX_DEPTH) return null;
    const expr = node.type === 'identifier' ? this.singleBindingValue(node) : node;
    if (!expr || expr.type !== 'subscript') return null;
    const inner = this.containerOf(expr.childForFieldName('value'), depth + 1);
    if (!inner) return null;
    const key = expr.childForFieldName('subscript');
    const keyValues = key ? this.resolve(key, depth + 1) : [];
    const keyStr = keyValues.length === 1 && keyValues[0].t === 'str' ? keyValues[0].v : null;
    if (inner.type === 'dictionary' || inner.type === 'call') {
      const pairs = this.mergedPairs(inner, depth + 1);
      if (keyStr === null) return pairs.map(([, v]) => v);
      const hit = pairs.find(([k]) => literalString(k) === keyStr || (k.type === 'identifier' && inner.type === 'call' && k.text === keyStr));
      return hit ? [hit[1]] : null;
    }
    const items = inner.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    if (key?.type === 'integer') {
      const i = Number(key.text);
      const item = items[i < 0 ? items.length + i : i];
      return item ? [item] : null;
    }
    return items;
  }

  /** Values produced by iterating an expression (`for x in EXPR`), element `index` of tuples. */
  iterate(node: Node | null | undefined, index: number | null, depth: number): Value[] {
    if (!node) return [{ t: 'unknown' }];
    let target = node;
    let mode: 'items' | 'keys' | 'values' | 'enumerate' | 'plain' = 'plain';
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      const parts = dottedParts(fn);
      const name = parts?.[parts.length - 1];
      if (fn?.type === 'attribute' && (name === 'items' || name === 'keys' || name === 'values')) {
        mode = name;
        target = fn.childForFieldName('object') ?? node;
      } else if (fn?.type === 'identifier' && name === 'enumerate') {
        mode = 'enumerate';
        target = callArgs(node).positional[0] ?? node;
      }
    }
    const container = this.containerOf(target, depth + 1);
    if (!container) return [{ t: 'unknown' }];
    const out: Value[] = [];
    if (container.type === 'dictionary' || container.type === 'call') {
      const pairs = this.mergedPairs(container, depth + 1);
      for (const [k, v] of pairs) {
        if (mode === 'values') out.push(...this.resolve(v, depth + 1));
        else if (mode === 'items') out.push(...this.resolve(index === 0 ? k : index === 1 ? v : null, depth + 1));
        else out.push(...this.resolve(k, depth + 1));
      }
      return out.length ? out : [{ t: 'unknown' }];
    }
    for (const el of container.namedChildren) {
      if (!el || el.type === 'comment') continue;
      let item: Node | null = el;
      const elementIndex = mode === 'enumerate' ? (index === 1 ? null : index === 0 ? -1 : null) : index;
      if (mode === 'enumerate' && index === 0) continue;
      if (elementIndex !== null && elementIndex >= 0) item = el.type === 'tuple' || el.type === 'list' ? el.namedChildren[elementIndex] : null;
      out.push(...this.resolve(item, depth + 1));
    }
    return out.length ? out : [{ t: 'unknown' }];
  }

  private resolveSubscript(node: Node, depth: number): Value[] {
    const value = node.childForFieldName('value');
    const key = node.childForFieldName('subscript');
    const recv = value?.text ?? '';
    if (/(^|\.)environ$/.test(recv) || recv === 'sys.argv') return [{ t: 'unknown' }];
    return this.dictLookup(value, key, depth) ?? [{ t: 'unknown' }];
  }

  /** `D[key]` / `D.get(key)` on a literal dict or list; all values when the key is unknown. */
  private dictLookup(container: Node | null, key: Node | null | undefined, depth: number): Value[] | null {
    const c = this.containerOf(container, depth + 1);
    if (!c) {
      // `for cfg in CONFIGS: load(cfg["model"])`: look the key up in every element of the list.
      const elements = this.loopElements(container, depth) ?? this.lookupElements(container, depth);
      if (!elements) return null;
      const out = elements.flatMap((el) => this.dictLookup(el, key, depth + 1) ?? []);
      return out.length ? weaken(out, 'medium') : null;
    }
    const keyValues = key ? this.resolve(key, depth + 1) : [];
    const keyStr = keyValues.length === 1 && keyValues[0].t === 'str' ? keyValues[0].v : null;
    if (c.type === 'dictionary' || c.type === 'call') {
      const pairs = dictPairs(c);
      if (keyStr !== null) {
        const hit = pairs.find(([k]) => literalString(k) === keyStr || (k.type === 'identifier' && c.type === 'call' && k.text === keyStr));
        return hit ? this.resolve(hit[1], depth + 1) : null;
      }
      return weaken(pairs.flatMap(([, v]) => this.resolve(v, depth + 1)), 'medium');
    }
    const items = c.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    if (key?.type === 'integer') {
      const i = Number(key.text);
      const item = items[i < 0 ? items.length + i : i];
      return item ? this.resolve(item, depth + 1) : null;
    }
    return weaken(items.flatMap((it) => this.resolve(it, depth + 1)), 'medium');
  }
}

/** Key/value nodes of a dict literal or a `dict(k=v)` call (keys of the call are identifiers). */
export function dictPairs(node: Node): [Node, Node][] {
  const out: [Node, Node][] = [];
  if (node.type === 'dictionary') {
    for (const pair of node.namedChildren) {
      if (pair?.type !== 'pair') continue;
      const k = pair.childForFieldName('key');
      const v = pair.childForFieldName('value');
      if (k && v) out.push([k, v]);
    }
  } else if (node.type === 'call') {
    const list = node.childForFieldName('arguments');
    for (const arg of list?.namedChildren ?? []) {
      if (arg?.type !== 'keyword_argument') continue;
      const k = arg.childForFieldName('name');
      const v = arg.childForFieldName('value');
      if (k && v) out.push([k, v]);
    }
  }
  return out;
}

function targetIndex(target: Node | null, name: string): number | null {
  if (!target) return null;
  if (target.type === 'identifier') return target.text === name ? -1 : null;
  const els = target.namedChildren;
  for (let i = 0; i < els.length; i++) if (els[i]?.type === 'identifier' && els[i]!.text === name) return i;
  return null;
}

/**
 * Where a use inside nested functions sits, seen from an outer scope: at the outermost nested
 * definition. An outer binding is unconditional for the use when its blocks contain that point
 * (the nested function runs later, so every outer binding counts, in order).
 */
function innerScopeStart(use: Node, outer: Scope): number {
  let pos = use.startIndex;
  for (let n = use.parent; n && n.id !== outer.node.id; n = n.parent) if (n.type === 'function_definition' || n.type === 'class_definition') pos = n.startIndex;
  return pos;
}

function concat(a: Value[], b: Value[]): Value[] {
  const out: Value[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x.t === 'str' && y.t === 'str') out.push({ t: 'str', v: x.v + y.v, conf: minConf(x.conf, y.conf), lits: [...x.lits, ...y.lits] });
      else if (x.t === 'path' || y.t === 'path') out.push({ t: 'path' });
      else out.push({ t: 'unknown' });
      if (out.length >= MAX_CANDIDATES) return out;
    }
  }
  return out;
}

function dedupe(values: Value[]): Value[] {
  const seen = new Map<string, number>();
  const out: Value[] = [];
  for (const v of values) {
    const key = v.t === 'str' ? `s:${v.v}:${v.conf}` : v.t === 'bool' ? `b:${v.v}:${v.conf}` : v.t;
    const at = seen.get(key);
    if (at !== undefined) {
      // The same string written twice (an argparse default and its choices): both literals are
      // the one value, so whoever takes the value takes both (a copy: values are memoised).
      const first = out[at];
      if (first.t === 'str' && v.t === 'str' && first.lits.length < 16)
        out[at] = { ...first, lits: [...first.lits, ...v.lits.filter((id) => !first.lits.includes(id))].slice(0, 16) };
      continue;
    }
    seen.set(key, out.length);
    out.push(v);
  }
  return out;
}
