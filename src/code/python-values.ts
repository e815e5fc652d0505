// A static evaluator for the small part of Python that obfuscated code uses to hide names and
// payloads: import aliases, getattr / __dict__ / sys.modules / builtins lookups, string building
// (+, join, f-strings, chr, slices, escapes) and decode layers (base64, zlib, rot13, hex).
// Nothing is executed: every operation is reimplemented over constants, with step and size
// budgets, and anything it does not understand evaluates to null ("unknown").
import { Buffer } from 'node:buffer';
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { Node } from 'web-tree-sitter';

/** A name the code refers to: a module, a function or an attribute path (`os.system`). */
export interface RefValue {
  t: 'ref';
  name: string;
  /** Indirections used to reach it (getattr, sys.modules, __import__ ...), for evidence. */
  via: string[];
}
export interface StrValue {
  t: 'str';
  v: string;
  /** Decode layers applied to produce it (base64, zlib ...), outermost last. */
  layers: string[];
  /** Some parts could not be resolved and were left out. */
  partial?: boolean;
}
export interface BytesValue {
  t: 'bytes';
  v: Buffer;
  layers: string[];
  partial?: boolean;
}
export interface NumValue {
  t: 'num';
  v: number;
}
export interface SeqValue {
  t: 'seq';
  items: (PyValue | null)[];
}
export interface ConstValue {
  t: 'const';
  v: boolean | null;
}
/** A defined function: calling it evaluates its first `return` (no-argument functions only). */
export interface FuncValue {
  t: 'func';
  name: string;
  node: Node;
}
export type PyValue = RefValue | StrValue | BytesValue | NumValue | SeqValue | ConstValue | FuncValue;

const MAX_STRING = 4 * 1024 * 1024;
const MAX_STEPS = 400_000;
const MAX_DEPTH = 60;
const MAX_SEQ = 100_000;

/** Builtins that matter for name resolution; other bare names are left unresolved. */
const BUILTINS = new Set([
  'exec', 'eval', 'compile', '__import__', 'getattr', 'setattr', 'open', 'globals', 'locals', 'vars',
  'chr', 'ord', 'bytes', 'bytearray', 'str', 'int', 'map', 'execfile', 'input', 'breakpoint', 'memoryview',
  'reversed', 'list', 'tuple', 'sorted', 'dict', 'print', 'type', 'help', 'exit', 'quit', 'hasattr', 'len', 'range',
]);

/** Decoders the evaluator can undo, by the canonical name of the function. */
const DECODERS = new Set([
  'base64.b64decode', 'base64.standard_b64decode', 'base64.urlsafe_b64decode', 'base64.decodebytes',
  'base64.decodestring', 'base64.b32decode', 'base64.b16decode', 'base64.b85decode', 'base64.a85decode',
  'binascii.a2b_base64', 'binascii.unhexlify', 'binascii.a2b_hex', 'zlib.decompress', 'gzip.decompress',
  'bz2.decompress', 'lzma.decompress', 'codecs.decode', 'codecs.encode', 'bytes.fromhex', 'bytearray.fromhex',
  'marshal.loads', 'pickle.loads', 'quopri.decodestring', 'binascii.a2b_uu',
]);

export function isDecoderName(name: string): boolean {
  return DECODERS.has(canonicalName(name));
}

/** One spelling per thing: `builtins.exec` -> `exec`, `posix.system` -> `os.system`, ... */
export function canonicalName(name: string): string {
  let n = name;
  for (const [from, to] of [
    ['builtins.', ''], ['__builtin__.', ''], ['__builtins__.', ''], ['posix.', 'os.'], ['nt.', 'os.'],
    ['_io.', 'io.'], ['cPickle.', 'pickle.'], ['_pickle.', 'pickle.'], ['urllib2.', 'urllib.request.'],
    ['httplib.', 'http.client.'], ['_socket.', 'socket.'], ['_ctypes.', 'ctypes.'], ['_posixsubprocess.', 'subprocess.'],
  ] as const) {
    if (n.startsWith(from)) {
      n = to + n.slice(from.length);
      break;
    }
  }
  if (n === 'io.open' || n === 'codecs.open') return 'open';
  return n;
}

export function nodeText(node: Node): string {
  return node.text;
}

/** Identifier as Python sees it: Python NFKC-normalises identifiers while parsing. */
export function identifierName(node: Node): string {
  return node.text.normalize('NFKC');
}

function str(v: string, layers: string[] = [], partial = false): StrValue {
  return partial ? { t: 'str', v, layers, partial } : { t: 'str', v, layers };
}
function bytes(v: Buffer, layers: string[] = [], partial = false): BytesValue {
  return partial ? { t: 'bytes', v, layers, partial } : { t: 'bytes', v, layers };
}
function ref(name: string, via: string[] = []): RefValue {
  return { t: 'ref', name, via };
}

export function asText(v: PyValue | null): string | null {
  if (!v) return null;
  if (v.t === 'str') return v.v;
  if (v.t === 'bytes') return v.v.toString('latin1');
  return null;
}

function layersOf(...vs: (PyValue | null)[]): string[] {
  const out: string[] = [];
  for (const v of vs) if (v && (v.t === 'str' || v.t === 'bytes')) for (const l of v.layers) if (!out.includes(l)) out.push(l);
  return out;
}
function isPartial(...vs: (PyValue | null)[]): boolean {
  return vs.some((v) => v && (v.t === 'str' || v.t === 'bytes') && v.partial === true);
}

// --- string literals ---------------------------------------------------------------------------

/** Decodes Python escape sequences; `forBytes` leaves \u and \N alone as Python does. */
export function decodeEscapes(s: string, forBytes: boolean): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };
    if (n in simple) out += simple[n];
    else if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (!forBytes && n === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (!forBytes && n === 'U' && /^[0-9a-fA-F]{8}$/.test(s.slice(i + 1, i + 9))) {
      const cp = parseInt(s.slice(i + 1, i + 9), 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      i += 8;
    } else if (!forBytes && n === 'N' && s[i + 1] === '{') {
      const end = s.indexOf('}', i);
      const ch = end > 0 ? unicodeName(s.slice(i + 2, end)) : null;
      if (ch === null) out += '\\N';
      else {
        out += ch;
        i = end;
      }
    } else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      out += String.fromCharCode(parseInt(m, 8) & (forBytes ? 0xff : 0x1ff));
      i += m.length - 1;
    } else out += '\\' + n;
  }
  return out;
}

/** `\N{...}` for the names obfuscation uses (letters, digits, a few symbols); null for others. */
function unicodeName(name: string): string | null {
  const n = name.trim().toUpperCase().replace(/\s+/g, ' ');
  const letter = /^LATIN (SMALL|CAPITAL) LETTER ([A-Z])$/.exec(n);
  if (letter) return letter[1] === 'SMALL' ? letter[2].toLowerCase() : letter[2];
  const digits = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];
  const digit = /^DIGIT ([A-Z]+)$/.exec(n);
  if (digit && digits.includes(digit[1])) return String(digits.indexOf(digit[1]));
  const named: Record<string, string> = { 'FULL STOP': '.', SPACE: ' ', 'LOW LINE': '_', SOLIDUS: '/', 'REVERSE SOLIDUS': '\\', 'TILDE': '~', 'HYPHEN-MINUS': '-', 'LEFT PARENTHESIS': '(', 'RIGHT PARENTHESIS': ')', 'QUOTATION MARK': '"', APOSTROPHE: "'", COLON: ':', SEMICOLON: ';', 'LINE FEED': '\n', 'VERTICAL LINE': '|', 'AMPERSAND': '&', 'GREATER-THAN SIGN': '>', 'LESS-THAN SIGN': '<', 'EQUALS SIGN': '=', COMMA: ',' };
  return named[n] ?? null;
}

function rot13(s: string): string {
  return s.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function b32decode(s: string): Buffer | null {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = s.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) return null;
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function b85decode(s: string, ascii85: boolean): Buffer | null {
  let text = s.replace(/\s/g, '');
  const alphabet = ascii85 ? null : '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~';
  if (ascii85) text = text.replace(/^<~/, '').replace(/~>$/, '').replace(/z/g, '!!!!!');
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 5) {
    const chunk = text.slice(i, i + 5);
    const pad = 5 - chunk.length;
    let acc = 0;
    for (const ch of chunk.padEnd(5, ascii85 ? 'u' : '~')) {
      const d = alphabet ? alphabet.indexOf(ch) : ch.charCodeAt(0) - 33;
      if (d < 0 || d > 84) return null;
      acc = acc * 85 + d;
    }
    const b = [(acc >>> 24) & 0xff, (acc >>> 16) & 0xff, (acc >>> 8) & 0xff, acc & 0xff];
    out.push(...b.slice(0, 4 - pad));
  }
  return Buffer.from(out);
}

function inflateAny(data: Buffer): Buffer | null {
  const opts = { maxOutputLength: MAX_STRING };
  for (const f of [inflateSync, gunzipSync, inflateRawSync]) {
    try {
      return f(data, opts);
    } catch {
      // try the next container
    }
  }
  return null;
}

function toBuffer(v: PyValue | null): Buffer | null {
  if (!v) return null;
  if (v.t === 'bytes') return v.v;
  if (v.t === 'str') return Buffer.from(v.v, 'latin1');
  return null;
}

/** Undoes one decode layer. Returns null for what it cannot decode (bz2, lzma, pickle, marshal). */
function decode(name: string, input: PyValue | null, codec: string | null): PyValue | null {
  const data = toBuffer(input);
  if (!data) return null;
  const text = data.toString('latin1');
  const layers = layersOf(input);
  const partial = isPartial(input);
  const wrap = (b: Buffer | null, layer: string): PyValue | null => (b ? bytes(b, [...layers, layer], partial) : null);
  switch (name) {
    case 'base64.b64decode':
    case 'base64.standard_b64decode':
    case 'base64.decodebytes':
    case 'base64.decodestring':
    case 'binascii.a2b_base64':
      return wrap(Buffer.from(text.replace(/\s/g, ''), 'base64'), 'base64');
    case 'base64.urlsafe_b64decode':
      return wrap(Buffer.from(text.replace(/\s/g, ''), 'base64url'), 'base64');
    case 'base64.b32decode':
      return wrap(b32decode(text.replace(/\s/g, '')), 'base32');
    case 'base64.b16decode':
    case 'binascii.unhexlify':
    case 'binascii.a2b_hex':
    case 'bytes.fromhex':
    case 'bytearray.fromhex': {
      const hex = text.replace(/\s/g, '');
      return /^([0-9a-fA-F]{2})*$/.test(hex) ? wrap(Buffer.from(hex, 'hex'), 'hex') : null;
    }
    case 'base64.b85decode':
      return wrap(b85decode(text, false), 'base85');
    case 'base64.a85decode':
      return wrap(b85decode(text, true), 'ascii85');
    case 'zlib.decompress':
    case 'gzip.decompress':
      return wrap(inflateAny(data), name.split('.')[0]);
    case 'codecs.decode':
    case 'codecs.encode': {
      const c = (codec ?? 'utf-8').toLowerCase().replace(/-/g, '_');
      if (c === 'rot13' || c === 'rot_13') return str(rot13(input?.t === 'str' ? input.v : text), [...layers, 'rot13'], partial);
      if (c === 'hex' || c === 'hex_codec') {
        return name === 'codecs.encode' ? null : decode('bytes.fromhex', input, null);
      }
      if (c === 'base64' || c === 'base64_codec') return name === 'codecs.decode' ? decode('base64.b64decode', input, null) : null;
      if (c === 'zlib' || c === 'zlib_codec') return name === 'codecs.decode' ? decode('zlib.decompress', input, null) : null;
      if (c === 'unicode_escape' || c === 'raw_unicode_escape') return str(decodeEscapes(text, false), [...layers, 'unicode-escape'], partial);
      if (c === 'utf_8' || c === 'utf8' || c === 'ascii' || c === 'latin_1') {
        return name === 'codecs.decode' ? str(data.toString(c === 'latin_1' ? 'latin1' : 'utf8'), layers, partial) : bytes(Buffer.from(asText(input) ?? '', 'utf8'), layers, partial);
      }
      return null;
    }
    default:
      return null;
  }
}

// --- the evaluator -----------------------------------------------------------------------------

export interface EvalBudget {
  steps: number;
}

/**
 * Evaluates expressions of one file. Bindings are flow-insensitive: the scanner first records
 * every import and assignment in source order (`bind*`), then evaluates with the final bindings.
 */
export class Evaluator {
  readonly env = new Map<string, PyValue>();
  /** Modules imported with `from m import *`: their names may appear bare. */
  readonly starImports: string[] = [];
  private steps = 0;
  private depth = 0;
  /** Set when a budget ran out: results may be incomplete. */
  exhausted = false;

  lookupName(name: string): PyValue | null {
    const bound = this.env.get(name);
    if (bound) return bound;
    if (name === '__builtins__') return ref('builtins');
    if (BUILTINS.has(name)) return ref(name);
    return null;
  }

  // -- bindings --

  bindImport(node: Node): void {
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'dotted_name') {
          const full = dotted(child);
          const top = full.split('.')[0];
          this.env.set(top, ref(top));
        } else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name');
          const alias = child.childForFieldName('alias');
          if (name && alias) this.env.set(identifierName(alias), ref(dotted(name)));
        }
      }
      return;
    }
    if (node.type === 'import_from_statement' || node.type === 'future_import_statement') {
      const moduleNode = node.childForFieldName('module_name');
      if (!moduleNode) return;
      const module = moduleNode.type === 'relative_import' ? '.' + moduleNode.text.replace(/^\.+/, '').replace(/\s/g, '') : dotted(moduleNode);
      if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) {
        this.starImports.push(module);
        return;
      }
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        if (child.type === 'dotted_name') {
          const n = dotted(child);
          this.env.set(n.split('.')[0], ref(`${module}.${n}`));
        } else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name');
          const alias = child.childForFieldName('alias');
          if (name && alias) this.env.set(identifierName(alias), ref(`${module}.${dotted(name)}`));
        }
      }
    }
  }

  bindFunction(node: Node): void {
    const name = node.childForFieldName('name');
    if (name) this.env.set(identifierName(name), { t: 'func', name: identifierName(name), node });
  }

  /** `target = value`, `a, b = x, y`, `x += y`. Unknown values never overwrite known ones. */
  bindAssignment(node: Node): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    if (node.type === 'augmented_assignment') {
      const op = node.childForFieldName('operator')?.text ?? node.children.find((c) => c && !c.isNamed)?.text;
      if (left.type !== 'identifier' || op !== '+=') return;
      const prev = this.lookupName(identifierName(left));
      const add = this.evaluate(right);
      const sum = prev && add ? binaryAdd(prev, add) : null;
      if (sum) this.env.set(identifierName(left), sum);
      return;
    }
    // chained `a = b = value`: the right side is itself an assignment
    let value: Node = right;
    const targets: Node[] = [left];
    while (value.type === 'assignment') {
      const l = value.childForFieldName('left');
      const r = value.childForFieldName('right');
      if (!l || !r) return;
      targets.push(l);
      value = r;
    }
    const v = this.evaluate(value);
    if (!v) return;
    for (const target of targets) this.assignTarget(target, v);
  }

  /** Binds a name to a value computed elsewhere (walrus targets, class attributes seen as `self.x`). */
  bindName(name: string, v: PyValue): void {
    this.env.set(name, v);
  }

  private assignTarget(target: Node, v: PyValue): void {
    if (target.type === 'identifier') {
      this.env.set(identifierName(target), v);
      return;
    }
    // `self.code = "..."`: instance attributes are kept by name, flow-insensitively like the rest
    const selfAttr = selfAttributeKey(target);
    if (selfAttr) {
      this.env.set(selfAttr, v);
      return;
    }
    if ((target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') && v.t === 'seq') {
      const names = target.namedChildren.filter((c): c is Node => c !== null);
      names.forEach((n, i) => {
        const item = v.items[i];
        if (item) this.assignTarget(n, item);
      });
    }
  }

  // -- evaluation --

  evaluate(node: Node | null): PyValue | null {
    if (!node) return null;
    if (this.depth === 0) this.steps = 0; // the budget is per expression
    if (++this.steps > MAX_STEPS || this.depth > MAX_DEPTH) {
      this.exhausted = true;
      return null;
    }
    this.depth++;
    try {
      return this.evaluateInner(node);
    } finally {
      this.depth--;
    }
  }

  private evaluateInner(node: Node): PyValue | null {
    switch (node.type) {
      case 'string':
        return this.stringLiteral(node);
      case 'concatenated_string': {
        let acc: PyValue | null = null;
        for (const part of node.namedChildren) {
          const v = this.evaluate(part);
          acc = acc === null ? v : v ? binaryAdd(acc, v) : markPartial(acc);
          if (!acc) return null;
        }
        return acc;
      }
      case 'integer': {
        const t = node.text.replace(/_/g, '').toLowerCase();
        const v = t.startsWith('0x') ? parseInt(t.slice(2), 16) : t.startsWith('0o') ? parseInt(t.slice(2), 8) : t.startsWith('0b') ? parseInt(t.slice(2), 2) : parseInt(t, 10);
        return Number.isFinite(v) ? { t: 'num', v } : null;
      }
      case 'true':
        return { t: 'const', v: true };
      case 'false':
        return { t: 'const', v: false };
      case 'none':
        return { t: 'const', v: null };
      case 'parenthesized_expression':
        return this.evaluate(node.namedChildren[0] ?? null);
      case 'identifier':
        return this.lookupIdentifier(identifierName(node));
      case 'attribute':
        return this.attribute(node);
      case 'subscript':
        return this.subscript(node);
      case 'call':
        return this.call(node);
      case 'binary_operator':
        return this.binary(node);
      case 'unary_operator': {
        const v = this.evaluate(node.childForFieldName('argument'));
        const op = node.childForFieldName('operator')?.text ?? node.children[0]?.text;
        if (v?.t === 'num') return { t: 'num', v: op === '-' ? -v.v : op === '~' ? ~v.v : v.v };
        return null;
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list': {
        const items = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').map((c) => this.evaluate(c));
        return { t: 'seq', items };
      }
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension':
        return this.comprehension(node);
      case 'conditional_expression':
        return this.evaluate(node.namedChildren[0] ?? null);
      case 'await':
        return this.evaluate(node.namedChildren[0] ?? null);
      case 'named_expression':
        // `(f := os.popen)(...)`: the value of the walrus is its right side
        return this.evaluate(node.childForFieldName('value'));
      default:
        return null;
    }
  }

  private lookupIdentifier(name: string): PyValue | null {
    const v = this.lookupName(name);
    if (v) return v;
    return null;
  }

  /** For names imported with `from m import *`: resolves a bare name against a known table. */
  starCandidate(name: string, known: (qualified: string) => boolean): RefValue | null {
    for (const m of this.starImports) if (known(`${m}.${name}`)) return ref(`${m}.${name}`, ['import *']);
    return null;
  }

  private stringLiteral(node: Node): PyValue | null {
    const start = node.children[0];
    const prefix = (start?.text ?? '').replace(/['"]+$/, '').toLowerCase();
    const raw = prefix.includes('r');
    const isBytes = prefix.includes('b');
    let out = '';
    let partial = false;
    for (const child of node.children) {
      if (!child) continue;
      if (child.type === 'string_content') out += raw ? child.text : decodeEscapes(child.text, isBytes);
      else if (child.type === 'escape_sequence') out += raw ? child.text : decodeEscapes(child.text, isBytes);
      else if (child.type === 'interpolation') {
        const v = this.evaluate(child.childForFieldName('expression'));
        const s = v?.t === 'num' ? String(v.v) : asText(v);
        if (s === null) partial = true;
        else out += s;
      }
      if (out.length > MAX_STRING) {
        this.exhausted = true;
        return null;
      }
    }
    return isBytes ? bytes(Buffer.from(out, 'latin1'), [], partial) : str(out, [], partial);
  }

  private attribute(node: Node): PyValue | null {
    const selfAttr = selfAttributeKey(node);
    if (selfAttr) {
      // self.X set in some method, or a class attribute X read through self / cls
      const own = this.env.get(selfAttr);
      if (own) return own;
      // class attributes are bound as plain names; only data falls back, so `self.run()` never
      // becomes a module-level `from subprocess import run`
      const plain = this.env.get(selfAttr.slice(selfAttr.indexOf('.') + 1));
      return plain && (plain.t === 'str' || plain.t === 'bytes' || plain.t === 'seq') ? plain : null;
    }
    const obj = this.evaluate(node.childForFieldName('object'));
    const attr = node.childForFieldName('attribute');
    if (!obj || !attr) return null;
    const name = identifierName(attr);
    if (obj.t === 'ref') {
      if (name === '__dict__') return ref(`${obj.name}.__dict__`, obj.via);
      if (obj.name === 'builtins' || obj.name === '__builtin__') return ref(name, [...obj.via, 'builtins']);
      return ref(`${obj.name}.${name}`, obj.via);
    }
    if (obj.t === 'func') return null;
    return null;
  }

  private subscript(node: Node): PyValue | null {
    const value = this.evaluate(node.childForFieldName('value'));
    const index = node.childForFieldName('subscript');
    if (!value || !index) return null;
    if (index.type === 'slice') return slice(value, index, this);
    const key = this.evaluate(index);
    if (value.t === 'ref') {
      const k = asText(key);
      if (k === null) return null;
      return this.lookupMember(value, k, 'subscript');
    }
    if (key?.t === 'num') {
      if (value.t === 'seq') return value.items[key.v < 0 ? value.items.length + key.v : key.v] ?? null;
      if (value.t === 'str') {
        const i = key.v < 0 ? value.v.length + key.v : key.v;
        return i >= 0 && i < value.v.length ? str(value.v[i], value.layers) : null;
      }
      if (value.t === 'bytes') {
        const i = key.v < 0 ? value.v.length + key.v : key.v;
        return i >= 0 && i < value.v.length ? { t: 'num', v: value.v[i] } : null;
      }
    }
    return null;
  }

  /** `X.__dict__['k']`, `sys.modules['k']`, `globals()['k']`, `vars(X)['k']`, `os.environ['k']`. */
  lookupMember(container: RefValue, key: string, how: string): PyValue | null {
    const n = container.name;
    if (n.endsWith('.__dict__')) {
      const base = n.slice(0, -'.__dict__'.length);
      if (base === 'builtins' || base === '__builtin__') return ref(key, [...container.via, '__dict__']);
      return ref(`${base}.${key}`, [...container.via, '__dict__']);
    }
    if (n === 'sys.modules') return ref(key, [...container.via, 'sys.modules']);
    if (n === '<globals>') {
      if (key === '__builtins__') return ref('builtins', [...container.via, 'globals()']);
      const bound = this.lookupName(key);
      if (bound?.t === 'ref') return ref(bound.name, [...bound.via, 'globals()']);
      return bound;
    }
    if (n === 'builtins' || n === '__builtin__') return ref(key, [...container.via, 'builtins']);
    if ((n === 'os.environ' || n === 'os.environb') && (key === 'HOME' || key === 'USERPROFILE')) return str('~');
    // `os.environ['K']` and the like keep the key in the name for the capability tables
    return ref(`${n}[${JSON.stringify(key)}]`, [...container.via, how]);
  }

  private binary(node: Node): PyValue | null {
    const op = node.childForFieldName('operator')?.text ?? node.children[1]?.text;
    const l = this.evaluate(node.childForFieldName('left'));
    const r = this.evaluate(node.childForFieldName('right'));
    if (op === '+') {
      if (l && r) return binaryAdd(l, r);
      if (l && (l.t === 'str' || l.t === 'bytes')) return markPartial(l);
      if (r && (r.t === 'str' || r.t === 'bytes')) return markPartial(r);
      return null;
    }
    if (op === '/' && l && r) {
      // pathlib joins: Path.home() / ".ssh" is modelled as a string path
      const ls = asText(l);
      const rs = asText(r);
      if (ls !== null && rs !== null) return str(`${ls}/${rs}`, layersOf(l, r), isPartial(l, r));
    }
    if (op === '*' && l && r) {
      const [s, k] = l.t === 'num' ? [r, l] : [l, r];
      if (k.t === 'num' && (s.t === 'str') && s.v.length * k.v <= MAX_STRING && k.v >= 0) return str(s.v.repeat(k.v), s.layers);
    }
    if (op === '%' && l?.t === 'str' && r) {
      const args = r.t === 'seq' ? r.items : [r];
      let i = 0;
      let partial = l.partial ?? false;
      const out = l.v.replace(/%[sdr]/g, () => {
        const a = args[i++];
        const s = a?.t === 'num' ? String(a.v) : asText(a ?? null);
        if (s === null) partial = true;
        return s ?? '';
      });
      return str(out, l.layers, partial);
    }
    if (l?.t === 'num' && r?.t === 'num') {
      const a = l.v;
      const b = r.v;
      switch (op) {
        case '+': return { t: 'num', v: a + b };
        case '-': return { t: 'num', v: a - b };
        case '*': return { t: 'num', v: a * b };
        case '//': return b !== 0 ? { t: 'num', v: Math.floor(a / b) } : null;
        case '%': return b !== 0 ? { t: 'num', v: ((a % b) + b) % b } : null;
        case '^': return { t: 'num', v: a ^ b };
        case '&': return { t: 'num', v: a & b };
        case '|': return { t: 'num', v: a | b };
        case '<<': return { t: 'num', v: a << b };
        case '>>': return { t: 'num', v: a >> b };
        default: return null;
      }
    }
    return null;
  }

  private comprehension(node: Node): PyValue | null {
    const body = node.childForFieldName('body');
    const clauses = node.namedChildren.filter((c): c is Node => c !== null && c.type === 'for_in_clause');
    if (!body || clauses.length !== 1 || node.namedChildren.some((c) => c?.type === 'if_clause')) return null;
    const clause = clauses[0];
    const left = clause.childForFieldName('left');
    const right = clause.childForFieldName('right');
    if (!left || !right || left.type !== 'identifier') return null;
    const iterable = iterate(this.evaluate(right));
    if (!iterable) return null;
    const name = identifierName(left);
    const saved = this.env.get(name);
    const items: (PyValue | null)[] = [];
    for (const item of iterable) {
      if (item) this.env.set(name, item);
      else this.env.delete(name);
      items.push(this.evaluate(body));
      if (this.exhausted) break;
    }
    if (saved) this.env.set(name, saved);
    else this.env.delete(name);
    return { t: 'seq', items };
  }

  /** Positional and keyword arguments of a call, unevaluated. */
  static args(node: Node): { positional: Node[]; keywords: Map<string, Node>; splat: boolean } {
    const list = node.childForFieldName('arguments');
    const positional: Node[] = [];
    const keywords = new Map<string, Node>();
    let splat = false;
    if (list?.type === 'generator_expression') return { positional: [list], keywords, splat };
    for (const a of list?.namedChildren ?? []) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const k = a.childForFieldName('name');
        const v = a.childForFieldName('value');
        if (k && v) keywords.set(identifierName(k), v);
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') splat = true;
      else positional.push(a);
    }
    return { positional, keywords, splat };
  }

  /** What a call evaluates to (a value, or a ref naming the call's result). */
  private call(node: Node): PyValue | null {
    const fnNode = node.childForFieldName('function');
    if (!fnNode) return null;
    const { positional, keywords } = Evaluator.args(node);
    const arg = (i: number, kw?: string): PyValue | null => this.evaluate(positional[i] ?? (kw ? keywords.get(kw) ?? null : null));

    // methods on constants: "".join(...), b.decode(), s[::-1].replace(...)
    if (fnNode.type === 'attribute') {
      const objNode = fnNode.childForFieldName('object');
      const method = identifierName(fnNode.childForFieldName('attribute')!);
      const obj = this.evaluate(objNode);
      if (obj && (obj.t === 'str' || obj.t === 'bytes')) return stringMethod(obj, method, positional.map((p) => this.evaluate(p)));
      if (obj?.t === 'ref') {
        if (method === 'get' && (obj.name.endsWith('.__dict__') || obj.name === 'sys.modules' || obj.name === '<globals>' || obj.name === 'os.environ')) {
          const k = asText(arg(0));
          if (k !== null) return this.lookupMember(obj, k, '.get');
        }
        if (method === '__getattribute__' || method === '__getattr__') {
          const k = asText(arg(0));
          if (k !== null) return ref(`${obj.name}.${k}`, [...obj.via, method]);
        }
      }
    }

    const fn = this.evaluate(fnNode);
    if (!fn) return null;
    if (fn.t === 'func') return this.callLocal(fn);
    if (fn.t !== 'ref') return null;
    const name = canonicalName(fn.name);
    if (name.startsWith('<attrgetter>')) {
      const obj = arg(0);
      return obj?.t === 'ref' ? ref(`${obj.name}.${name.slice('<attrgetter>'.length)}`, [...obj.via, ...fn.via]) : null;
    }
    switch (name) {
      case 'getattr': {
        const obj = arg(0);
        const k = asText(arg(1));
        if (obj?.t === 'ref' && k !== null) {
          if (obj.name === 'builtins' || obj.name === '__builtin__') return ref(k, [...obj.via, 'getattr']);
          return ref(`${obj.name}.${k}`, [...obj.via, 'getattr']);
        }
        if (obj?.t === 'func' && k !== null) return null;
        return null;
      }
      case '__import__':
      case 'importlib.import_module':
      case 'importlib.__import__': {
        const k = asText(arg(0, 'name'));
        return k !== null ? ref(k, [name]) : null;
      }
      case 'operator.attrgetter': {
        const k = asText(arg(0));
        return k !== null ? ref(`<attrgetter>${k}`, ['operator.attrgetter']) : null;
      }
      case 'globals':
      case 'locals':
        return ref('<globals>', [name + '()']);
      case 'vars': {
        if (positional.length === 0) return ref('<globals>', ['vars()']);
        const o = arg(0);
        return o?.t === 'ref' ? ref(`${o.name}.__dict__`, [...o.via, 'vars()']) : null;
      }
      case 'chr': {
        const n = arg(0);
        return n?.t === 'num' && n.v >= 0 && n.v <= 0x10ffff ? str(String.fromCodePoint(n.v)) : null;
      }
      case 'ord': {
        const s = asText(arg(0));
        return s && s.length > 0 ? { t: 'num', v: s.codePointAt(0)! } : null;
      }
      case 'int': {
        const s = arg(0);
        if (s?.t === 'num') return s;
        const t = asText(s);
        const base = arg(1);
        if (t === null) return null;
        const v = parseInt(t.trim(), base?.t === 'num' ? base.v : 10);
        return Number.isFinite(v) ? { t: 'num', v } : null;
      }
      case 'str': {
        const v = arg(0);
        if (v?.t === 'num') return str(String(v.v));
        if (v?.t === 'bytes' && positional.length > 1) return str(v.v.toString('utf8'), v.layers, v.partial);
        return v?.t === 'str' ? v : null;
      }
      case 'bytes':
      case 'bytearray': {
        const v = arg(0);
        if (v?.t === 'seq') {
          const nums = v.items.map((i) => (i?.t === 'num' ? i.v & 0xff : null));
          return nums.every((n) => n !== null) ? bytes(Buffer.from(nums as number[])) : null;
        }
        if (v?.t === 'str') return bytes(Buffer.from(v.v, 'utf8'), v.layers, v.partial);
        if (v?.t === 'bytes') return v;
        return null;
      }
      case 'list':
      case 'tuple':
      case 'reversed':
      case 'sorted': {
        const items = iterate(arg(0));
        if (!items) return null;
        const copy = [...items];
        if (name === 'reversed') copy.reverse();
        return { t: 'seq', items: copy };
      }
      case 'map': {
        const f = arg(0);
        const items = iterate(arg(1));
        if (f?.t !== 'ref' || !items) return null;
        const fname = canonicalName(f.name);
        if (fname === 'chr') return { t: 'seq', items: items.map((i) => (i?.t === 'num' && i.v >= 0 && i.v <= 0x10ffff ? str(String.fromCodePoint(i.v)) : null)) };
        if (fname === 'str') return { t: 'seq', items: items.map((i) => (i?.t === 'str' ? i : i?.t === 'num' ? str(String(i.v)) : null)) };
        return null;
      }
      case 'os.path.join':
      case 'posixpath.join': {
        const parts = positional.map((p) => this.evaluate(p));
        const texts = parts.map((p) => asText(p));
        if (texts.every((t) => t === null)) return null;
        return str(texts.map((t) => t ?? '').join('/').replace(/\/+/g, '/'), layersOf(...parts), texts.some((t) => t === null));
      }
      case 'os.path.expanduser':
      case 'os.path.expandvars':
      case 'os.path.abspath':
      case 'os.path.realpath':
      case 'os.path.normpath':
      case 'os.fspath':
      case 'pathlib.Path':
      case 'pathlib.PosixPath':
      case 'pathlib.Path.expanduser':
      case 'pathlib.Path.resolve':
        return arg(0);
      case 'pathlib.Path.home':
      case 'os.path.expanduser.home':
        return str('~');
      case 'os.getcwd':
        return str('.');
      case 'str.maketrans':
      case 'bytes.maketrans': {
        // kept as the pair of equal-length strings, for `.translate(table)`
        const a = arg(0);
        const b = arg(1);
        return a && b && asText(a) !== null && asText(b) !== null ? { t: 'seq', items: [a, b] } : null;
      }
      // where packages live: what is written there runs at every interpreter start (.pth files)
      case 'site.getsitepackages':
        return { t: 'seq', items: [str('<python>/site-packages')] };
      case 'site.getusersitepackages':
      case 'distutils.sysconfig.get_python_lib':
        return str('<python>/site-packages');
      case 'sysconfig.get_path': {
        const k = asText(arg(0));
        return k === 'purelib' || k === 'platlib' ? str('<python>/site-packages') : null;
      }
      default:
        break;
    }
    if (name === 'os.getenv' || name === 'os.environ.get') {
      const k = asText(arg(0));
      if (k === 'HOME' || k === 'USERPROFILE') return str('~');
    }
    if (DECODERS.has(name)) {
      const codec = asText(arg(1, name.startsWith('codecs') ? 'encoding' : undefined));
      return decode(name, arg(0), codec);
    }
    // `Path.home()` style chains on pathlib objects: `Path(x).expanduser()` etc.
    if (fnNode.type === 'attribute') {
      const method = identifierName(fnNode.childForFieldName('attribute')!);
      if (method === 'home' && /(^|\.)Path$/.test(fn.name.replace(/\.home$/, ''))) return str('~');
    }
    return ref(`${fn.name}()`, fn.via);
  }

  private callLocal(fn: FuncValue): PyValue | null {
    const params = fn.node.childForFieldName('parameters');
    if (params && params.namedChildCount > 0) return null;
    const body = fn.node.childForFieldName('body');
    const ret = body?.namedChildren.find((c) => c?.type === 'return_statement');
    if (!ret) return null;
    return this.evaluate(ret.namedChildren[0] ?? null);
  }
}

/** `self.x` / `cls.x` as the key `self.x`; null for other expressions. */
function selfAttributeKey(node: Node): string | null {
  if (node.type !== 'attribute') return null;
  const obj = node.childForFieldName('object');
  const attr = node.childForFieldName('attribute');
  if (obj?.type !== 'identifier' || !attr) return null;
  const o = identifierName(obj);
  return o === 'self' || o === 'cls' ? `self.${identifierName(attr)}` : null;
}

function dotted(node: Node): string {
  return node.namedChildren.filter((c): c is Node => c !== null).map((c) => identifierName(c)).join('.') || identifierName(node);
}

function markPartial(v: PyValue): PyValue {
  if (v.t === 'str' || v.t === 'bytes') return { ...v, partial: true };
  return v;
}

function binaryAdd(l: PyValue, r: PyValue): PyValue | null {
  if (l.t === 'str' && r.t === 'str') {
    if (l.v.length + r.v.length > MAX_STRING) return null;
    return str(l.v + r.v, layersOf(l, r), isPartial(l, r));
  }
  if (l.t === 'bytes' && r.t === 'bytes') return bytes(Buffer.concat([l.v, r.v]), layersOf(l, r), isPartial(l, r));
  if (l.t === 'num' && r.t === 'num') return { t: 'num', v: l.v + r.v };
  if (l.t === 'seq' && r.t === 'seq' && l.items.length + r.items.length <= MAX_SEQ) return { t: 'seq', items: [...l.items, ...r.items] };
  return null;
}

function iterate(v: PyValue | null): (PyValue | null)[] | null {
  if (!v) return null;
  if (v.t === 'seq') return v.items;
  if (v.t === 'str') return [...v.v].map((c) => str(c, v.layers));
  if (v.t === 'bytes') return [...v.v].map((b) => ({ t: 'num', v: b }) as NumValue);
  return null;
}

function slice(value: PyValue, index: Node, ev: Evaluator): PyValue | null {
  // children of `slice` are numbers and ':' tokens in order: a[start:stop:step]
  const parts: (Node | null)[] = [null];
  for (const c of index.children) {
    if (!c) continue;
    if (c.type === ':') parts.push(null);
    else parts[parts.length - 1] = c;
  }
  const num = (n: Node | null | undefined): number | null | undefined => {
    if (!n) return undefined;
    const v = ev.evaluate(n);
    return v?.t === 'num' ? v.v : null;
  };
  const start = num(parts[0]);
  const stop = num(parts[1]);
  const step = num(parts[2]);
  if (start === null || stop === null || step === null || step === 0) return null;
  const items: unknown[] | null = value.t === 'str' ? [...value.v] : value.t === 'bytes' ? [...value.v] : value.t === 'seq' ? value.items : null;
  if (!items) return null;
  const len = items.length;
  const st = step ?? 1;
  const norm = (i: number | undefined, def: number): number => {
    if (i === undefined) return def;
    if (i < 0) return Math.max(i + len, st < 0 ? -1 : 0);
    return Math.min(i, st < 0 ? len - 1 : len);
  };
  const from = norm(start, st > 0 ? 0 : len - 1);
  const to = norm(stop, st > 0 ? len : -1);
  const picked: unknown[] = [];
  for (let i = from; st > 0 ? i < to : i > to; i += st) picked.push(items[i]);
  if (value.t === 'str') return str((picked as string[]).join(''), value.layers, value.partial);
  if (value.t === 'bytes') return bytes(Buffer.from(picked as number[]), value.layers, value.partial);
  return { t: 'seq', items: picked as (PyValue | null)[] };
}

function stringMethod(obj: StrValue | BytesValue, method: string, args: (PyValue | null)[]): PyValue | null {
  const text = obj.t === 'str' ? obj.v : obj.v.toString('latin1');
  const layers = obj.layers;
  const same = (s: string, partial = obj.partial ?? false): PyValue => (obj.t === 'str' ? str(s, layers, partial) : bytes(Buffer.from(s, 'latin1'), layers, partial));
  switch (method) {
    case 'join': {
      const items = iterate(args[0]);
      if (!items) return null;
      const parts = items.map((i) => asText(i));
      const known = parts.filter((p): p is string => p !== null);
      if (known.length === 0) return null;
      const joined = parts.map((p) => p ?? '').join(text);
      return same(joined.length > MAX_STRING ? joined.slice(0, MAX_STRING) : joined, parts.some((p) => p === null) || isPartial(...items));
    }
    case 'decode': {
      const enc = (asText(args[0]) ?? 'utf-8').toLowerCase().replace(/-/g, '_');
      if (obj.t === 'str') {
        // Python 2 spellings: "...".decode("base64"), .decode("hex"), .decode("rot13")
        if (enc === 'base64') return decode('base64.b64decode', obj, null);
        if (enc === 'hex') return decode('bytes.fromhex', obj, null);
        if (enc === 'rot13' || enc === 'rot_13') return decode('codecs.decode', obj, 'rot13');
        if (enc === 'zlib') return decode('zlib.decompress', obj, null);
        return obj;
      }
      if (enc === 'unicode_escape') return str(decodeEscapes(obj.v.toString('latin1'), false), [...layers, 'unicode-escape'], obj.partial);
      if (enc === 'latin_1' || enc === 'latin1' || enc === 'iso_8859_1') return str(obj.v.toString('latin1'), layers, obj.partial);
      if (enc === 'utf_16' || enc === 'utf_16_le') return str(obj.v.toString('utf16le'), layers, obj.partial);
      return str(obj.v.toString('utf8'), layers, obj.partial);
    }
    case 'encode':
      return bytes(Buffer.from(text, obj.t === 'str' ? 'utf8' : 'latin1'), layers, obj.partial);
    case 'translate': {
      // str.maketrans("abc", "xyz") evaluates to the pair of strings (see the call table)
      const table = args[0];
      if (table?.t !== 'seq' || table.items.length < 2) return null;
      const from = asText(table.items[0]);
      const to = asText(table.items[1]);
      if (from === null || to === null || from.length !== to.length) return null;
      const map = new Map([...from].map((c, i) => [c, to[i]]));
      return same([...text].map((c) => map.get(c) ?? c).join(''));
    }
    case 'replace': {
      const a = asText(args[0]);
      const b = asText(args[1]);
      return a !== null && b !== null && a !== '' ? same(text.split(a).join(b)) : null;
    }
    case 'lower':
      return same(text.toLowerCase());
    case 'upper':
      return same(text.toUpperCase());
    case 'strip':
      return same(text.trim());
    case 'lstrip':
      return same(text.trimStart());
    case 'rstrip':
      return same(text.trimEnd());
    case 'swapcase':
      return same([...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join(''));
    case 'title':
    case 'capitalize':
      return same(text.charAt(0).toUpperCase() + text.slice(1));
    case 'format': {
      let i = 0;
      let partial = obj.partial ?? false;
      const out = text.replace(/\{(\d*)\}/g, (_m, idx: string) => {
        const a = args[idx === '' ? i++ : Number(idx)];
        const s = a?.t === 'num' ? String(a.v) : asText(a ?? null);
        if (s === null) partial = true;
        return s ?? '';
      });
      return same(out, partial);
    }
    case 'split': {
      const sep = asText(args[0]);
      const parts = sep ? text.split(sep) : text.trim().split(/\s+/);
      return { t: 'seq', items: parts.map((p) => same(p)) };
    }
    case 'expanduser':
    case 'resolve':
    case 'absolute':
    case 'as_posix':
      return same(text);
    case 'joinpath': {
      const parts = args.map((a) => asText(a));
      return same([text, ...parts.map((p) => p ?? '')].join('/'), parts.some((p) => p === null) || (obj.partial ?? false));
    }
    case 'hex':
      return null;
    default:
      return null;
  }
}
