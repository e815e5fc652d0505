// Small helpers over tree-sitter Python nodes: string literal values, dotted names, arguments.
import type { Node } from 'web-tree-sitter';

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** The prefix letters of a string literal (`f`, `rb`, ...), lower-cased. */
export function stringPrefix(node: Node): string {
  const start = node.firstChild;
  if (!start || start.type !== 'string_start') return '';
  return start.text.replace(/['"]+$/, '').toLowerCase();
}

function decodeEscape(text: string): string {
  const body = text.slice(1);
  if (body in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[body];
  if (/^x[0-9a-fA-F]{2}$/.test(body) || /^u[0-9a-fA-F]{4}$/.test(body) || /^U[0-9a-fA-F]{8}$/.test(body))
    return String.fromCodePoint(parseInt(body.slice(1), 16));
  if (body === '\n') return '';
  return text;
}

/** One piece of a string literal: constant text or an interpolated expression. */
export type StringPart = { text: string } | { expr: Node };

/**
 * The pieces of a `string` node (f-strings yield expression parts); null for bytes literals,
 * which never hold a hub id.
 */
export function stringParts(node: Node): StringPart[] | null {
  const prefix = stringPrefix(node);
  if (prefix.includes('b')) return null;
  const raw = prefix.includes('r');
  const parts: StringPart[] = [];
  const pushText = (t: string) => {
    const last = parts[parts.length - 1];
    if (last && 'text' in last) last.text += t;
    else parts.push({ text: t });
  };
  const visit = (n: Node) => {
    for (const child of n.children) {
      if (!child) continue;
      if (child.type === 'string_start' || child.type === 'string_end') continue;
      if (child.type === 'interpolation') {
        const expr = child.childForFieldName('expression');
        if (expr) parts.push({ expr });
        continue;
      }
      if (child.type === 'escape_sequence') {
        pushText(raw ? child.text : decodeEscape(child.text));
        continue;
      }
      if (child.type === 'string_content') {
        // string_content may itself contain escape_sequence children.
        if (child.childCount === 0) pushText(child.text);
        else {
          let cursor = child.startIndex;
          for (const sub of child.children) {
            if (!sub) continue;
            pushText(sourceSlice(child, cursor, sub.startIndex));
            pushText(sub.type === 'escape_sequence' && !raw ? decodeEscape(sub.text) : sub.text);
            cursor = sub.endIndex;
          }
          pushText(sourceSlice(child, cursor, child.endIndex));
        }
        continue;
      }
      if (child.type === '{{' || child.type === '}}') {
        pushText(child.type[0]);
        continue;
      }
      pushText(child.text);
    }
  };
  visit(node);
  if (parts.length === 0) parts.push({ text: '' });
  return parts;
}

function sourceSlice(node: Node, from: number, to: number): string {
  if (to <= from) return '';
  const base = node.startIndex;
  return node.text.slice(from - base, to - base);
}

/** The value of a string literal without interpolation, or null. */
export function literalString(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === 'string') {
    const parts = stringParts(node);
    if (!parts || parts.some((p) => 'expr' in p)) return null;
    return parts.map((p) => ('text' in p ? p.text : '')).join('');
  }
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const s of node.namedChildren) {
      const v = literalString(s);
      if (v === null) return null;
      out += v;
    }
    return out;
  }
  if (node.type === 'parenthesized_expression') return literalString(node.namedChildren[0]);
  return null;
}

/** `a.b.c` as ['a','b','c']; calls in the chain contribute their callee name (`HfApi().x` -> ['HfApi','x']). */
export function dottedParts(node: Node | null | undefined): string[] | null {
  // Iterative: attribute chains in generated code can be thousands long.
  const out: string[] = [];
  for (let n = node, steps = 0; n && steps < 64; steps++) {
    if (n.type === 'identifier') {
      out.push(n.text);
      return out.reverse();
    }
    if (n.type === 'attribute') {
      const attr = n.childForFieldName('attribute');
      if (!attr) return null;
      out.push(attr.text);
      n = n.childForFieldName('object');
    } else if (n.type === 'call') n = n.childForFieldName('function');
    else if (n.type === 'parenthesized_expression') n = n.namedChildren[0];
    else return null;
  }
  return null;
}

export interface CallArgs {
  positional: Node[];
  keywords: Map<string, Node>;
  /** `**x` expressions. */
  splats: Node[];
  /** True when a `*x` appears: positions after it are unknown. */
  starred: boolean;
}

export function callArgs(call: Node): CallArgs {
  const out: CallArgs = { positional: [], keywords: new Map(), splats: [], starred: false };
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') {
    // `f"..."`-style generator argument: treat as one positional.
    if (list) out.positional.push(list);
    return out;
  }
  for (const arg of list.namedChildren) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value) out.keywords.set(name.text, value);
    } else if (arg.type === 'dictionary_splat') {
      const inner = arg.namedChildren[0];
      if (inner) out.splats.push(inner);
    } else if (arg.type === 'list_splat') {
      out.starred = true;
    } else if (!out.starred) {
      out.positional.push(arg);
    }
  }
  return out;
}

/** The nearest ancestor (or self) of one of the given types. */
export function ancestor(node: Node, types: ReadonlySet<string>): Node | null {
  for (let n: Node | null = node; n; n = n.parent) if (types.has(n.type)) return n;
  return null;
}

/** A compact one-line rendering of an expression for messages. */
export function exprText(node: Node, max = 120): string {
  const t = node.text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
