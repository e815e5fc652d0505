// One pass over a parsed file that records what value resolution needs: bindings per scope
// (assignments, loop targets, imports, parameters), class fields, argparse/absl/click
// defaults, and call sites by callee name. Everything is keyed by node id; no re-walking.
import type { Node, Tree } from 'web-tree-sitter';
import { callArgs, dottedParts, literalString } from './syntax.js';

export type ScopeKind = 'module' | 'function' | 'class';

export interface Binding {
  /** Where the binding statement starts (for "earlier in the same function"). */
  start: number;
  /** The assigned expression; for loops the iterable; null when unknown (imports, with ...). */
  value: Node | null;
  how: 'assign' | 'iterate' | 'import' | 'other';
  /** For tuple targets (`a, b = ...`, `for k, v in ...`): the position in the tuple. */
  index?: number;
  /** The statement that binds; the blocks around it (conditional or not) are worked out on demand. */
  stmt: Node;
  scope: Scope;
}

const blockCache = new WeakMap<Binding, [number, number][]>();

/** Ranges of the blocks enclosing the binding inside its scope (to tell conditional ones). */
export function bindingBlocks(b: Binding): [number, number][] {
  let blocks = blockCache.get(b);
  if (!blocks) {
    blocks = blocksBetween(b.stmt, b.scope.node);
    blockCache.set(b, blocks);
  }
  return blocks;
}

export interface Param {
  name: string;
  index: number;
  default: Node | null;
  star: boolean;
}

export interface Scope {
  node: Node;
  kind: ScopeKind;
  parent: Scope | null;
  name: string;
  bindings: Map<string, Binding[]>;
  params: Map<string, Param>;
  /** For functions defined directly in a class: that class. */
  ownerClass: Scope | null;
  decorators: Node[];
}

export interface AttrSource {
  value: Node | null;
  scope: Scope;
  /** From argparse `choices=`: every element is a possible value. */
  choices?: Node;
}

export interface ImportInfo {
  module: string;
  /** Imported name; undefined for `import module as alias`. */
  name?: string;
}

export interface FileIndex {
  module: Scope;
  scopes: Map<number, Scope>; // by scope node id
  classes: Map<string, Scope>;
  /** Class-level fields (dataclass, pydantic, plain) by class scope node id, then name. */
  classFields: Map<number, Map<string, AttrSource[]>>;
  /** `self.x = ...` inside methods, by class scope node id, then name. */
  selfAttrs: Map<number, Map<string, AttrSource[]>>;
  /** `args.x`-style attributes: argparse dests, absl flags, fields of every class in the file. */
  attrs: Map<string, AttrSource[]>;
  imports: Map<string, ImportInfo>;
  starImports: string[];
  /** Functions and classes defined in the file by name. */
  definitions: Set<string>;
  /** Dotted callee name of each call, by call node id (null when not a dotted name). */
  callParts: Map<number, string[] | null>;
  /** Calls by callee simple name (last dotted part). */
  callsByName: Map<string, Node[]>;
  calls: Node[];
  strings: Node[];
  /** Line (0-based row) of the first expression nested too deep to search, if any. */
  tooDeepRow: number | null;
}

// Nesting beyond this is generated or hostile code; tree-sitter's parent lookups cost O(depth),
// so nodes deeper than this are not searched (and the file gets a problem saying so).
export const MAX_NESTING = 100;

const BARE_WORD = /^[rRuU]?(['"]{1,3})[A-Za-z0-9][\w.-]{0,95}\1$/;

const SCOPE_TYPES = new Set(['function_definition', 'class_definition']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function blocksBetween(node: Node, scopeNode: Node): [number, number][] {
  const out: [number, number][] = [];
  for (let n = node.parent; n && n.id !== scopeNode.id; n = n.parent) {
    if (n.type === 'block' || n.type === 'else_clause' || n.type === 'elif_clause' || n.type === 'except_clause' || n.type === 'case_clause')
      out.push([n.startIndex, n.endIndex]);
  }
  return out;
}

/** Argparse-style dest from option strings: `--model-name` -> model_name. */
export function optionDest(flags: string[]): string | null {
  const long = flags.find((f) => f.startsWith('--'));
  const chosen = long ?? flags.find((f) => f.startsWith('-')) ?? flags[0];
  if (!chosen) return null;
  return chosen.replace(/^-+/, '').replace(/-/g, '_');
}

function fieldName(target: Node | null): string | null {
  return target && target.type === 'identifier' ? target.text : null;
}

export function buildIndex(tree: Tree, text: string): FileIndex {
  const root = tree.rootNode;
  const module: Scope = { node: root, kind: 'module', parent: null, name: '<module>', bindings: new Map(), params: new Map(), ownerClass: null, decorators: [] };
  const index: FileIndex = {
    module,
    scopes: new Map([[root.id, module]]),
    classes: new Map(),
    classFields: new Map(),
    selfAttrs: new Map(),
    attrs: new Map(),
    imports: new Map(),
    starImports: [],
    definitions: new Set(),
    callsByName: new Map(),
    callParts: new Map(),
    calls: [],
    strings: [],
    tooDeepRow: null,
  };

  const bindTarget = (target: Node | null, value: Node | null, how: Binding['how'], scope: Scope, stmt: Node, tupleIndex?: number) => {
    if (!target) return;
    if (target.type === 'identifier') {
      push(scope.bindings, target.text, { start: stmt.startIndex, value, how, index: tupleIndex, stmt, scope });
      return;
    }
    if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern' || target.type === 'tuple' || target.type === 'list') {
      target.namedChildren.forEach((el, i) => {
        if (el) bindTarget(el, value, how, scope, stmt, i);
      });
      return;
    }
    if (target.type === 'attribute' && how === 'assign') {
      const obj = target.childForFieldName('object');
      const attr = target.childForFieldName('attribute');
      if (obj?.type === 'identifier' && obj.text === 'self' && attr) {
        let cls: Scope | null = null;
        for (let s: Scope | null = scope; s; s = s.parent) if (s.ownerClass) { cls = s.ownerClass; break; }
        if (cls) {
          let m = index.selfAttrs.get(cls.node.id);
          if (!m) index.selfAttrs.set(cls.node.id, (m = new Map()));
          push(m, attr.text, { value: tupleIndex === undefined ? value : null, scope });
        }
      }
    }
  };

  // Scopes enclosing the cursor, innermost last, with where each ends: no parent walks.
  const stack: { scope: Scope; end: number }[] = [{ scope: module, end: Number.POSITIVE_INFINITY }];
  const scopeFor = (node: Node): Scope => {
    while (stack.length > 1 && node.startIndex >= stack[stack.length - 1].end) stack.pop();
    return stack[stack.length - 1].scope;
  };

  const handleCall = (call: Node, scope: Scope) => {
    index.calls.push(call);
    const parts = dottedParts(call.childForFieldName('function'));
    index.callParts.set(call.id, parts);
    if (!parts) return;
    const name = parts[parts.length - 1];
    push(index.callsByName, name, call);
    if (name === 'add_argument' || name === 'DEFINE_string' || name === 'DEFINE_enum' || name === 'set_defaults') {
      const args = callArgs(call);
      if (name === 'set_defaults') {
        for (const [k, v] of args.keywords) push(index.attrs, k, { value: v, scope });
        return;
      }
      if (name === 'add_argument') {
        const flags = args.positional.map((p) => literalString(p)).filter((s): s is string => s !== null);
        const dest = literalString(args.keywords.get('dest')) ?? optionDest(flags);
        if (!dest) return;
        push(index.attrs, dest, { value: args.keywords.get('default') ?? null, scope, choices: args.keywords.get('choices') });
        return;
      }
      // absl: DEFINE_string(name, default, help)
      const flagName = literalString(args.keywords.get('name') ?? args.positional[0]);
      if (flagName) push(index.attrs, flagName, { value: args.keywords.get('default') ?? args.positional[1] ?? null, scope });
    }
  };

  // Iterative pre-order walk with a cursor: visits every node once.
  const cursor = root.walk();
  let done = false;
  let depth = 0;
  while (!done) {
    const type = cursor.nodeType;
    if (depth > MAX_NESTING) {
      index.tooDeepRow ??= cursor.startPosition.row;
      // Skip this subtree.
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          done = true;
          break;
        }
        depth--;
      }
      continue;
    }
    if (type === 'function_definition' || type === 'class_definition') {
      const node = cursor.currentNode;
      const parentScope = scopeFor(node);
      const nameNode = node.childForFieldName('name');
      const name = nameNode?.text ?? '';
      const decorators = node.parent?.type === 'decorated_definition' ? node.parent.namedChildren.filter((c): c is Node => !!c && c.type === 'decorator') : [];
      const scope: Scope = {
        node,
        kind: type === 'function_definition' ? 'function' : 'class',
        parent: parentScope,
        name,
        bindings: new Map(),
        params: new Map(),
        ownerClass: parentScope.kind === 'class' ? parentScope : null,
        decorators,
      };
      index.scopes.set(node.id, scope);
      // The function's own name and decorators belong outside; its parameters and body inside.
      stack.push({ scope, end: node.endIndex });
      index.definitions.add(name);
      if (nameNode) push(parentScope.bindings, name, { start: node.startIndex, value: null, how: 'other', stmt: node, scope: parentScope });
      if (type === 'function_definition') {
        const params = node.childForFieldName('parameters');
        let i = 0;
        for (const p of params?.namedChildren ?? []) {
          if (!p) continue;
          if (p.type === 'identifier') scope.params.set(p.text, { name: p.text, index: i++, default: null, star: false });
          else if (p.type === 'typed_parameter') {
            const id = p.namedChildren.find((c) => c?.type === 'identifier');
            if (id) scope.params.set(id.text, { name: id.text, index: i++, default: null, star: false });
            else {
              const splat = p.namedChildren[0];
              const inner = splat?.namedChildren[0];
              if (inner) scope.params.set(inner.text, { name: inner.text, index: i++, default: null, star: true });
            }
          } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
            const n = p.childForFieldName('name');
            if (n) scope.params.set(n.text, { name: n.text, index: i++, default: p.childForFieldName('value'), star: false });
          } else if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') {
            const inner = p.namedChildren[0];
            if (inner) scope.params.set(inner.text, { name: inner.text, index: i++, default: null, star: true });
          }
        }
      } else {
        index.classes.set(name, scope);
      }
    } else if (type === 'assignment') {
      const node = cursor.currentNode;
      const scope = scopeFor(node);
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      // Chained `a = b = "x"`: right is itself an assignment.
      let value = right;
      while (value?.type === 'assignment') value = value.childForFieldName('right');
      bindTarget(left, value, 'assign', scope, node);
      if (scope.kind === 'class' && node.parent?.parent?.id === scope.node.childForFieldName('body')?.id) {
        const fname = fieldName(left);
        if (fname) {
          let m = index.classFields.get(scope.node.id);
          if (!m) index.classFields.set(scope.node.id, (m = new Map()));
          push(m, fname, { value, scope });
          push(index.attrs, fname, { value, scope });
        }
      }
    } else if (type === 'augmented_assignment') {
      const node = cursor.currentNode;
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier') {
        const scope = scopeFor(node);
        push(scope.bindings, left.text, { start: node.startIndex, value: null, how: 'other', stmt: node, scope });
      }
    } else if (type === 'for_statement') {
      const node = cursor.currentNode;
      const scope = scopeFor(node);
      bindTarget(node.childForFieldName('left'), node.childForFieldName('right'), 'iterate', scope, node);
    } else if (type === 'with_item' || type === 'as_pattern') {
      const node = cursor.currentNode;
      const alias = node.childForFieldName('alias') ?? null;
      const target = alias?.type === 'as_pattern_target' ? alias.namedChildren[0] : alias;
      if (target?.type === 'identifier') {
        const scope = scopeFor(node);
        push(scope.bindings, target.text, { start: node.startIndex, value: null, how: 'other', stmt: node, scope });
      }
    } else if (type === 'import_statement' || type === 'import_from_statement') {
      const node = cursor.currentNode;
      const scope = scopeFor(node);
      const moduleName = node.childForFieldName('module_name')?.text ?? '';
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        let imported: string;
        let local: string;
        if (child.type === 'aliased_import') {
          imported = child.childForFieldName('name')?.text ?? '';
          local = child.childForFieldName('alias')?.text ?? imported;
        } else {
          imported = child.text;
          local = type === 'import_statement' ? imported.split('.')[0] : imported;
        }
        const info: ImportInfo = type === 'import_statement' ? { module: child.type === 'aliased_import' ? imported : local } : { module: moduleName, name: imported };
        index.imports.set(local, info);
        push(scope.bindings, local, { start: node.startIndex, value: null, how: 'import', stmt: node, scope });
      }
      if (type === 'import_from_statement' && node.namedChildren.some((c) => c?.type === 'wildcard_import')) index.starImports.push(moduleName);
    } else if (type === 'call') {
      const node = cursor.currentNode;
      handleCall(node, scopeFor(node));
    } else if (type === 'string' || type === 'concatenated_string') {
      // Only strings that could hold an id are kept for the keyed and URL passes: a `/` or `:`
      // (org/name, hf-hub:, URLs) or one bare word (legacy ids such as `gpt2`).
      const literal = text.slice(cursor.startIndex, cursor.endIndex);
      if (literal.length <= 2048 && (literal.includes('/') || literal.includes(':') || BARE_WORD.test(literal))) index.strings.push(cursor.currentNode);
      // Only f-strings can hold calls or names: plain strings need no walk inside.
      if (type === 'string' && !literal.includes('{')) {
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) {
            done = true;
            break;
          }
          depth--;
        }
        continue;
      }
    }
    if (cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        done = true;
        break;
      }
      depth--;
    }
  }
  cursor.delete();
  return index;
}

export { COMPREHENSIONS, SCOPE_TYPES };

/** The scope whose body contains the node (functions, classes, module). */
export function scopeOf(index: FileIndex, node: Node): Scope {
  for (let n = node.parent; n; n = n.parent) {
    const s = index.scopes.get(n.id);
    if (s) return s;
  }
  return index.module;
}
