// A symbolic pickle machine. It follows CPython's unpickler (Lib/pickle.py, Modules/_pickle.c)
// opcode by opcode for protocols 0-5: the same stack and mark discipline, the same memo, the
// same operand encodings and the same error points, but instead of importing and calling it
// records what would be imported and called. It never executes anything.
//
// What loading does before the first error matters (the real unpickler runs each opcode as it
// reads it), so the result always carries every global seen up to the point where the stream
// broke, plus the reason it broke.

export type Value =
  | { k: 'none' }
  | { k: 'bool'; v: boolean }
  | { k: 'int'; v: number | bigint }
  | { k: 'float'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bytes'; length: number; v?: Uint8Array }
  | { k: 'list'; items: Value[] }
  | { k: 'tuple'; items: Value[] }
  | { k: 'dict'; entries: [Value, Value][] }
  | { k: 'set'; items: Value[] }
  | { k: 'global'; ref: GlobalRef }
  /** The result of calling `callee` (REDUCE, NEWOBJ, INST, OBJ) with `args`. */
  | { k: 'call'; callee: Value; args: Value[]; state?: Value }
  | { k: 'pid'; pid: Value }
  | { k: 'buffer' };

export interface GlobalRef {
  module: string;
  name: string;
  /** Byte offset of the opcode that imported it. */
  offset: number;
  called: boolean;
  /** First call's arguments, summarised for evidence. */
  calledWith?: string;
  /** BUILD set attributes on it: a module or class rewritten for everything loaded after. */
  mutated?: boolean;
  /**
   * builtins.getattr only ever called as getattr(<imported class or module>, '<plain name>'):
   * the same lookup as a dotted protocol 4 global, which is recorded (and judged) instead.
   * Python 3.11+ pickles enum members this way.
   */
  constantLookup?: boolean;
}

export interface MachineLimits {
  maxOps: number;
  maxStackDepth: number;
  maxMemoEntries: number;
  /** Epoch ms; checked every few thousand opcodes. */
  deadline: number;
}

/** afterBuild's answer when a complete pickle follows in the stream. */
export const NESTED_PICKLE = -1;

export interface PickleHooks {
  /**
   * Called after BUILD on an object built by `callee`. Returns the number of raw bytes that
   * follow in the stream and belong to the object (joblib writes array data inline), 0, or
   * NESTED_PICKLE.
   */
  afterBuild?(obj: Value & { k: 'call' }, offset: number): number;
}

export interface PickleRun {
  globals: GlobalRef[];
  /** Offset just past STOP, or where the stream broke. */
  end: number;
  ops: number;
  protocol: number;
  /** Set when the stream did not reach STOP cleanly. */
  error?: { offset: number; message: string; kind: 'malformed' | 'truncated' | 'limit'; limit?: string };
  /** The value STOP returned. */
  result?: Value;
  maxStack: number;
  /** Persistent ids in order of appearance (PyTorch: ('storage', type, key, location, numel)). */
  persistentIds: Value[];
}

class Broken extends Error {
  constructor(
    readonly kind: 'malformed' | 'truncated' | 'limit',
    message: string,
    readonly limit?: string,
  ) {
    super(message);
  }
}

const NONE: Value = { k: 'none' };
const latin1 = new TextDecoder('latin1');
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

// Python 2 module names that protocol 0-2 pickles may name; CPython maps them (fix_imports).
const PY2_MODULES: Record<string, string> = {
  __builtin__: 'builtins',
  copy_reg: 'copyreg',
  commands: 'subprocess',
  cPickle: 'pickle',
  cStringIO: 'io',
  StringIO: 'io',
  UserDict: 'collections',
  UserList: 'collections',
  urllib2: 'urllib.request',
  httplib: 'http.client',
  Queue: 'queue',
  _winreg: 'winreg',
  thread: '_thread',
  SocketServer: 'socketserver',
  SimpleHTTPServer: 'http.server',
  BaseHTTPServer: 'http.server',
  CGIHTTPServer: 'http.server',
  urlparse: 'urllib.parse',
  exceptions: 'builtins',
  Tkinter: 'tkinter',
  cookielib: 'http.cookiejar',
  xmlrpclib: 'xmlrpc.client',
  dbm: 'dbm.ndbm',
  anydbm: 'dbm',
  repr: 'reprlib',
  ConfigParser: 'configparser',
  htmlentitydefs: 'html.entities',
  HTMLParser: 'html.parser',
};

/**
 * Names CPython's fix_imports renames together with their module (Lib/_compat_pickle.py,
 * NAME_MAPPING): a Python 2 pickle's `__builtin__.xrange` loads as `builtins.range`.
 */
const PY2_NAMES: Record<string, [string, string]> = {
  '__builtin__.xrange': ['builtins', 'range'],
  '__builtin__.reduce': ['functools', 'reduce'],
  '__builtin__.intern': ['sys', 'intern'],
  '__builtin__.unichr': ['builtins', 'chr'],
  '__builtin__.unicode': ['builtins', 'str'],
  '__builtin__.long': ['builtins', 'int'],
  '__builtin__.basestring': ['builtins', 'str'],
  'itertools.izip': ['builtins', 'zip'],
  'itertools.imap': ['builtins', 'map'],
  'itertools.ifilter': ['builtins', 'filter'],
  'itertools.ifilterfalse': ['itertools', 'filterfalse'],
  'itertools.izip_longest': ['itertools', 'zip_longest'],
  'UserDict.IterableUserDict': ['collections', 'UserDict'],
  'UserList.UserList': ['collections', 'UserList'],
  'string.letters': ['string', 'ascii_letters'],
  'string.lowercase': ['string', 'ascii_lowercase'],
  'string.uppercase': ['string', 'ascii_uppercase'],
  'whichdb.whichdb': ['dbm', 'whichdb'],
  '_socket.fromfd': ['socket', 'fromfd'],
  '_multiprocessing.Connection': ['multiprocessing.connection', 'Connection'],
  'multiprocessing.process.Process': ['multiprocessing.context', 'Process'],
  'multiprocessing.forking.Popen': ['multiprocessing.popen_fork', 'Popen'],
  'urllib.ContentTooShortError': ['urllib.error', 'ContentTooShortError'],
  'urllib.getproxies': ['urllib.request', 'getproxies'],
  'urllib.pathname2url': ['urllib.request', 'pathname2url'],
  'urllib.quote_plus': ['urllib.parse', 'quote_plus'],
  'urllib.quote': ['urllib.parse', 'quote'],
  'urllib.unquote_plus': ['urllib.parse', 'unquote_plus'],
  'urllib.unquote': ['urllib.parse', 'unquote'],
  'urllib.url2pathname': ['urllib.request', 'url2pathname'],
  'urllib.urlcleanup': ['urllib.request', 'urlcleanup'],
  'urllib.urlencode': ['urllib.parse', 'urlencode'],
  'urllib.urlopen': ['urllib.request', 'urlopen'],
  'urllib.urlretrieve': ['urllib.request', 'urlretrieve'],
  'urllib2.HTTPError': ['urllib.error', 'HTTPError'],
  'urllib2.URLError': ['urllib.error', 'URLError'],
  'exceptions.StandardError': ['builtins', 'Exception'],
};

/** Module and name as CPython's fix_imports hands them to find_class. */
export function normaliseGlobal(module: string, name: string): [string, string] {
  return PY2_NAMES[`${module}.${name}`] ?? [normaliseModule(module), name];
}

export function normaliseModule(module: string): string {
  return PY2_MODULES[module] ?? module;
}

export function summarise(v: Value, budget = 200): string {
  let out = '';
  const walk = (x: Value, d: number): void => {
    if (out.length > budget) return;
    switch (x.k) {
      case 'none':
        out += 'None';
        break;
      case 'bool':
        out += x.v ? 'True' : 'False';
        break;
      case 'int':
      case 'float':
        out += String(x.v);
        break;
      case 'str':
        out += JSON.stringify(x.v.length > budget ? x.v.slice(0, budget) + '…' : x.v);
        break;
      case 'bytes':
        out += x.v && x.length <= 64 ? `b${JSON.stringify(latin1.decode(x.v))}` : `<${x.length} bytes>`;
        break;
      case 'global':
        out += `${x.ref.module}.${x.ref.name}`;
        break;
      case 'call':
        walk(x.callee, d + 1);
        out += '(';
        if (d < 3) x.args.forEach((a, i) => (i > 0 && (out += ', '), walk(a, d + 1)));
        out += ')';
        break;
      case 'list':
      case 'tuple':
      case 'set':
        out += x.k === 'list' ? '[' : x.k === 'set' ? '{' : '(';
        if (d < 3) x.items.slice(0, 8).forEach((a, i) => (i > 0 && (out += ', '), walk(a, d + 1)));
        if (x.items.length > 8) out += ', …';
        out += x.k === 'list' ? ']' : x.k === 'set' ? '}' : ')';
        break;
      case 'dict':
        out += '{';
        if (d < 3) x.entries.slice(0, 8).forEach(([a, b], i) => (i > 0 && (out += ', '), walk(a, d + 1), (out += ': '), walk(b, d + 1)));
        out += '}';
        break;
      case 'pid':
        out += 'persistent_id(';
        walk(x.pid, d + 1);
        out += ')';
        break;
      case 'buffer':
        out += '<buffer>';
        break;
    }
  };
  walk(v, 0);
  return out.length > budget ? out.slice(0, budget) + '…' : out;
}

/** The global a value was built from, following calls to their callee. */
export function rootGlobal(v: Value): GlobalRef | null {
  let x: Value = v;
  for (let i = 0; i < 64; i++) {
    if (x.k === 'global') return x.ref;
    if (x.k === 'call') x = x.callee;
    else return null;
  }
  return null;
}


/**
 * Runs one pickle starting at `start` of `data` until STOP, an error, or a limit. `opsSoFar`
 * lets several pickles in one file share the op budget.
 */
export function runPickle(data: Uint8Array, start: number, limits: MachineLimits, hooks: PickleHooks = {}, opsSoFar = 0): PickleRun {
  const globals: GlobalRef[] = [];
  const persistentIds: Value[] = [];
  let stack: Value[] = [];
  const metastack: Value[][] = [];
  const memo = new Map<number, Value>();
  let pos = start;
  let ops = 0;
  let protocol = 0;
  let maxStack = 0;
  let depth = 0;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);

  const need = (n: number): number => {
    if (n < 0 || pos + n > data.length) throw new Broken('truncated', 'pickle data was truncated');
    const at = pos;
    pos += n;
    return at;
  };
  const readLine = (): Uint8Array => {
    const nl = data.indexOf(0x0a, pos);
    if (nl < 0) throw new Broken('truncated', 'pickle data was truncated (no end of line)');
    const line = data.subarray(pos, nl);
    pos = nl + 1;
    return line;
  };
  const asciiLine = (): string => latin1.decode(readLine());
  const utf8Line = (what: string): string => {
    const line = readLine();
    try {
      return utf8Strict.decode(line);
    } catch {
      throw new Broken('malformed', `${what} is not valid UTF-8`);
    }
  };
  const push = (v: Value): void => {
    stack.push(v);
    if (stack.length + depth > maxStack) maxStack = stack.length + depth;
    if (stack.length + depth > limits.maxStackDepth) throw new Broken('limit', `stack deeper than ${limits.maxStackDepth}`, 'maxStackDepth');
  };
  const pop = (): Value => {
    if (stack.length === 0) throw new Broken('malformed', 'unpickling stack underflow');
    return stack.pop()!;
  };
  const top = (): Value => {
    if (stack.length === 0) throw new Broken('malformed', 'unpickling stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): Value[] => {
    const items = stack;
    if (metastack.length === 0) throw new Broken('malformed', 'could not find MARK');
    stack = metastack.pop()!;
    depth -= stack.length;
    return items;
  };
  const memoPut = (idx: number, v: Value): void => {
    if (idx < 0) throw new Broken('malformed', 'negative PUT argument');
    if (!memo.has(idx) && memo.size >= limits.maxMemoEntries) throw new Broken('limit', `memo larger than ${limits.maxMemoEntries} entries`, 'maxMemoEntries');
    memo.set(idx, v);
  };
  const memoGet = (idx: number): Value => {
    const v = memo.get(idx);
    if (v === undefined) throw new Broken('malformed', `memo key ${idx} not found`);
    return v;
  };
  // One ref per distinct global: a stream that names the same class a million times costs one.
  const globalValues = new Map<string, Value & { k: 'global' }>();
  const addGlobal = (module: string, name: string, offset: number): Value => {
    const [mod, nm] = normaliseGlobal(module, name);
    const key = `${mod}\u0000${nm}`;
    let v = globalValues.get(key);
    if (!v) {
      const ref: GlobalRef = { module: mod, name: nm, offset, called: false };
      globals.push(ref);
      v = { k: 'global', ref };
      globalValues.set(key, v);
    }
    return v;
  };
  const markCalled = (callee: Value, args: Value[]): void => {
    const g = rootGlobal(callee);
    if (g && !g.called) {
      g.called = true;
      g.constantLookup = false;
      g.calledWith = summarise({ k: 'tuple', items: args });
    }
    // Calls whose job is to call (or construct) their first argument.
    if (callee.k === 'global') {
      const full = `${callee.ref.module}.${callee.ref.name}`;
      if (CALLS_FIRST_ARG.has(full) && args.length > 0) markCalled(args[0], args.slice(1));
    } else if (callee.k === 'call') {
      // Calling the result of functools.partial(f, ...) calls f.
      const inner = callee.callee;
      if (inner.k === 'global' && `${inner.ref.module}.${inner.ref.name}` === 'functools.partial' && callee.args.length > 0) {
        markCalled(callee.args[0], [...callee.args.slice(1), ...args]);
      }
    }
  };
  const call = (callee: Value, args: Value[]): Value => {
    const looked = constantGetattr(callee, args);
    if (looked) return looked;
    markCalled(callee, args);
    return { k: 'call', callee, args };
  };
  /** getattr(imported global, 'literal name'): resolved like a dotted global, not a call. */
  const constantGetattr = (callee: Value, args: Value[]): Value | null => {
    if (callee.k !== 'global' || callee.ref.module !== 'builtins' || callee.ref.name !== 'getattr' || callee.ref.called) return null;
    if (args.length !== 2 || args[0].k !== 'global' || args[1].k !== 'str' || !/^[A-Za-z_]\w*$/.test(args[1].v) || /^__.*__$/.test(args[1].v)) return null;
    callee.ref.constantLookup = true;
    const target = args[0].ref;
    return addGlobal(target.module, `${target.name}.${args[1].v}`, callee.ref.offset);
  };
  const tupleItems = (v: Value): Value[] => (v.k === 'tuple' || v.k === 'list' ? v.items : [v]);
  const intArg = (n: number, signed = false): number => {
    const at = need(n);
    if (n === 1) return data[at];
    if (n === 2) return view.getUint16(at, true);
    if (n === 4) return signed ? view.getInt32(at, true) : view.getUint32(at, true);
    const big = view.getBigUint64(at, true);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Broken('malformed', 'length argument too large');
    return Number(big);
  };
  const bytesArg = (length: number): Uint8Array => {
    if (length < 0) throw new Broken('malformed', 'negative byte count');
    const at = need(length);
    return data.subarray(at, at + length);
  };
  const bytesValue = (b: Uint8Array): Value => ({ k: 'bytes', length: b.length, ...(b.length <= 4096 ? { v: b } : {}) });
  const strValue = (b: Uint8Array): Value => {
    try {
      // surrogatepass in CPython; lone surrogates are rare, fall back to a lossy decode.
      return { k: 'str', v: b.length <= 65536 ? utf8Strict.decode(b) : '' };
    } catch {
      return { k: 'str', v: new TextDecoder().decode(b) };
    }
  };
  const littleLong = (b: Uint8Array): bigint => {
    if (b.length === 0) return 0n;
    let n = 0n;
    for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]);
    if (b[b.length - 1] & 0x80) n -= 1n << BigInt(b.length * 8);
    return n;
  };

  let result: Value | undefined;
  let error: PickleRun['error'];
  let opOffset = start;
  try {
    for (;;) {
      opOffset = pos;
      if (pos >= data.length) throw new Broken('truncated', 'pickle data ended before STOP');
      const op = data[pos++];
      ops++;
      if (ops + opsSoFar > limits.maxOps) throw new Broken('limit', `more than ${limits.maxOps} opcodes`, 'maxPickleOps');
      if ((ops & 0x3fff) === 0 && Date.now() > limits.deadline) throw new Broken('limit', 'time budget spent', 'timeoutMsPerFile');
      switch (op) {
        case 0x80: {
          // PROTO
          const p = data[need(1)];
          if (p > 5) throw new Broken('malformed', `unsupported pickle protocol: ${p}`);
          protocol = p;
          break;
        }
        case 0x95: {
          // FRAME. CPython's C unpickler (the one pickle.load uses) only checks that the frame's
          // bytes are there; it does not enforce frame boundaries as pickle.py does, so neither
          // does the scanner: a stricter reader would stop where the loader goes on.
          const n = intArg(8);
          if (pos + n > data.length) throw new Broken('truncated', 'pickle exhausted before end of frame');
          break;
        }
        case 0x2e: // STOP
          result = pop();
          return finish();
        case 0x28: // MARK
          if (metastack.length >= limits.maxStackDepth) throw new Broken('limit', `marks nested deeper than ${limits.maxStackDepth}`, 'maxStackDepth');
          metastack.push(stack);
          depth += stack.length;
          stack = [];
          break;
        case 0x30: // POP
          if (stack.length > 0) stack.pop();
          else popMark();
          break;
        case 0x31: // POP_MARK
          popMark();
          break;
        case 0x32: // DUP
          push(top());
          break;
        // --- numbers and constants -------------------------------------------------------
        case 0x4e: // NONE
          push(NONE);
          break;
        case 0x88: // NEWTRUE
          push({ k: 'bool', v: true });
          break;
        case 0x89: // NEWFALSE
          push({ k: 'bool', v: false });
          break;
        case 0x49: {
          // INT
          // The C unpickler parses with base 0 (0x.., 0o.., underscores); anything odd is kept as
          // an opaque int rather than ending the scan where the loader might go on.
          const s = asciiLine().trim();
          if (s === '00' || s === '01') push({ k: 'bool', v: s === '01' });
          else push({ k: 'int', v: parseInt_(s) });
          break;
        }
        case 0x4a: // BININT
          push({ k: 'int', v: intArg(4, true) });
          break;
        case 0x4b: // BININT1
          push({ k: 'int', v: intArg(1) });
          break;
        case 0x4d: // BININT2
          push({ k: 'int', v: intArg(2) });
          break;
        case 0x4c: {
          // LONG
          let s = asciiLine().trim();
          if (s.endsWith('L')) s = s.slice(0, -1);
          push({ k: 'int', v: parseInt_(s) });
          break;
        }
        case 0x8a: // LONG1
          push({ k: 'int', v: littleLong(bytesArg(intArg(1))) });
          break;
        case 0x8b: {
          // LONG4
          const n = intArg(4, true);
          if (n < 0) throw new Broken('malformed', 'LONG pickle has negative byte count');
          push({ k: 'int', v: littleLong(bytesArg(n)) });
          break;
        }
        case 0x46: {
          // FLOAT
          push({ k: 'float', v: Number(asciiLine().trim()) });
          break;
        }
        case 0x47: // BINFLOAT
          push({ k: 'float', v: view.getFloat64(need(8), false) });
          break;
        // --- strings and bytes -----------------------------------------------------------
        case 0x53: {
          // STRING: a quoted Python 2 str literal
          const line = asciiLine().replace(/\r$/, '');
          if (line.length < 2 || line[0] !== line[line.length - 1] || (line[0] !== "'" && line[0] !== '"')) {
            throw new Broken('malformed', 'the STRING opcode argument must be quoted');
          }
          push({ k: 'str', v: unescapePy(line.slice(1, -1)) });
          break;
        }
        case 0x54: {
          // BINSTRING
          const n = intArg(4, true);
          if (n < 0) throw new Broken('malformed', 'BINSTRING pickle has negative byte count');
          push({ k: 'str', v: latin1.decode(bytesArg(n).subarray(0, 65536)) });
          break;
        }
        case 0x55: // SHORT_BINSTRING
          push({ k: 'str', v: latin1.decode(bytesArg(intArg(1))) });
          break;
        case 0x42: // BINBYTES
          push(bytesValue(bytesArg(intArg(4))));
          break;
        case 0x43: // SHORT_BINBYTES
          push(bytesValue(bytesArg(intArg(1))));
          break;
        case 0x8e: // BINBYTES8
          push(bytesValue(bytesArg(intArg(8))));
          break;
        case 0x96: // BYTEARRAY8
          push(bytesValue(bytesArg(intArg(8))));
          break;
        case 0x56: // UNICODE (raw-unicode-escape)
          push({ k: 'str', v: unescapeRawUnicode(latin1.decode(readLine())) });
          break;
        case 0x58: // BINUNICODE
          push(strValue(bytesArg(intArg(4))));
          break;
        case 0x8c: // SHORT_BINUNICODE
          push(strValue(bytesArg(intArg(1))));
          break;
        case 0x8d: // BINUNICODE8
          push(strValue(bytesArg(intArg(8))));
          break;
        case 0x97: // NEXT_BUFFER: out-of-band buffers; loaders without buffers= fail here
          throw new Broken('malformed', 'pickle stream refers to out-of-band data but no buffers were given');
        case 0x98: // READONLY_BUFFER
          top();
          break;
        // --- containers ------------------------------------------------------------------
        case 0x29: // EMPTY_TUPLE
          push({ k: 'tuple', items: [] });
          break;
        case 0x74: // TUPLE
          push({ k: 'tuple', items: popMark() });
          break;
        case 0x85: // TUPLE1
          push({ k: 'tuple', items: [pop()] });
          break;
        case 0x86: {
          // TUPLE2
          const b = pop();
          const a = pop();
          push({ k: 'tuple', items: [a, b] });
          break;
        }
        case 0x87: {
          // TUPLE3
          const c = pop();
          const b = pop();
          const a = pop();
          push({ k: 'tuple', items: [a, b, c] });
          break;
        }
        case 0x5d: // EMPTY_LIST
          push({ k: 'list', items: [] });
          break;
        case 0x6c: // LIST
          push({ k: 'list', items: popMark() });
          break;
        case 0x7d: // EMPTY_DICT
          push({ k: 'dict', entries: [] });
          break;
        case 0x64: {
          // DICT
          const items = popMark();
          if (items.length % 2 !== 0) throw new Broken('malformed', 'odd number of items for DICT');
          const entries: [Value, Value][] = [];
          for (let i = 0; i < items.length; i += 2) entries.push([items[i], items[i + 1]]);
          push({ k: 'dict', entries });
          break;
        }
        case 0x8f: // EMPTY_SET
          push({ k: 'set', items: [] });
          break;
        case 0x91: // FROZENSET
          push({ k: 'set', items: popMark() });
          break;
        case 0x61: {
          // APPEND
          const v = pop();
          appendTo(top(), [v]);
          break;
        }
        case 0x65: {
          // APPENDS
          const items = popMark();
          appendTo(top(), items);
          break;
        }
        case 0x73: {
          // SETITEM
          const v = pop();
          const key = pop();
          setItems(top(), [key, v]);
          break;
        }
        case 0x75: {
          // SETITEMS
          const items = popMark();
          if (items.length % 2 !== 0) throw new Broken('malformed', 'odd number of items for SETITEMS');
          setItems(top(), items);
          break;
        }
        case 0x90: {
          // ADDITEMS
          const items = popMark();
          const target = top();
          if (target.k === 'set') {
            for (const i of items) if (target.items.length < KEEP_ITEMS) target.items.push(i);
          }
          else if (target.k === 'call' || target.k === 'global') markCalled(target, []);
          else if (target.k !== 'pid') throw new Broken('malformed', `ADDITEMS on a ${target.k}`);
          break;
        }
        // --- memo ------------------------------------------------------------------------
        case 0x70: {
          // PUT
          const s = asciiLine().trim();
          if (!/^[+-]?\d+$/.test(s)) throw new Broken('malformed', 'invalid PUT argument');
          memoPut(Number(s), top());
          break;
        }
        case 0x71: // BINPUT
          memoPut(intArg(1), top());
          break;
        case 0x72: // LONG_BINPUT
          memoPut(intArg(4), top());
          break;
        case 0x94: // MEMOIZE
          memoPut(memo.size, top());
          break;
        case 0x67: {
          // GET
          const s = asciiLine().trim();
          if (!/^[+-]?\d+$/.test(s)) throw new Broken('malformed', 'invalid GET argument');
          push(memoGet(Number(s)));
          break;
        }
        case 0x68: // BINGET
          push(memoGet(intArg(1)));
          break;
        case 0x6a: // LONG_BINGET
          push(memoGet(intArg(4)));
          break;
        // --- imports and calls -----------------------------------------------------------
        case 0x63: {
          // GLOBAL
          const at = opOffset;
          const module = utf8Line('GLOBAL module name');
          const name = utf8Line('GLOBAL attribute name');
          push(addGlobal(module, name, at));
          break;
        }
        case 0x93: {
          // STACK_GLOBAL
          const name = pop();
          const module = pop();
          if (name.k === 'str' && module.k === 'str') {
            push(addGlobal(module.v, name.v, opOffset));
            break;
          }
          // Operands built at load time (a rewritten module attribute, a call's result) may well be
          // strings when the loader runs: the import is real but its target unknowable here.
          const symbolic = (v: Value): boolean => v.k === 'str' || v.k === 'global' || v.k === 'call' || v.k === 'pid';
          if (!symbolic(name) || !symbolic(module)) throw new Broken('malformed', 'STACK_GLOBAL requires str');
          push(addGlobal(DYNAMIC_MODULE, `${summarise(module, 80)} . ${summarise(name, 80)}`, opOffset));
          break;
        }
        case 0x82:
        case 0x83:
        case 0x84: {
          // EXT1/2/4: the copyreg extension registry (empty unless the loader filled it)
          const code = intArg(op === 0x82 ? 1 : op === 0x83 ? 2 : 4, op === 0x84);
          if (code <= 0) throw new Broken('malformed', 'EXT specifies code <= 0');
          push(addGlobal('copyreg', `_extension_registry[${code}]`, opOffset));
          break;
        }
        case 0x52: {
          // REDUCE
          const args = pop();
          const callable = pop();
          push(call(callable, tupleItems(args)));
          break;
        }
        case 0x81: {
          // NEWOBJ: cls.__new__(cls, *args)
          const args = pop();
          const cls = pop();
          push(call(cls, tupleItems(args)));
          break;
        }
        case 0x92: {
          // NEWOBJ_EX: cls.__new__(cls, *args, **kwargs)
          const kwargs = pop();
          const args = pop();
          const cls = pop();
          push(call(cls, [...tupleItems(args), kwargs]));
          break;
        }
        case 0x69: {
          // INST: module, name on lines, arguments since the mark
          const at = opOffset;
          const module = utf8Line('INST module name');
          const name = utf8Line('INST class name');
          const args = popMark();
          push(call(addGlobal(module, name, at), args));
          break;
        }
        case 0x6f: {
          // OBJ: class and arguments since the mark
          const items = popMark();
          if (items.length === 0) throw new Broken('malformed', 'OBJ without a class');
          push(call(items[0], items.slice(1)));
          break;
        }
        case 0x62: {
          // BUILD: inst.__setstate__(state), or update __dict__ / setattr for slot state
          const state = pop();
          const inst = top();
          if (inst.k === 'global') {
            // setattr on a class or module: rewrites what later code sees
            inst.ref.mutated = true;
            markCalled(inst, [state]);
          } else if (inst.k === 'call') {
            inst.state = state;
            const g = rootGlobal(inst);
            if (g && !g.called) markCalled(inst, [state]);
            const skip = hooks.afterBuild?.(inst, pos) ?? 0;
            if (skip > 0) need(skip);
            else if (skip === NESTED_PICKLE) {
              // joblib writes object arrays as a whole pickle inside the stream
              const sub = runPickle(data, pos, limits, hooks, ops + opsSoFar);
              for (const g of sub.globals) globals.push(g);
              ops += sub.ops;
              pos = sub.end;
              if (sub.error) throw new Broken(sub.error.kind, `in an embedded pickle: ${sub.error.message}`, sub.error.limit);
            }
          }
          // Other targets raise in CPython only for some states; going on can only show more.
          break;
        }
        case 0x50: {
          // PERSID
          const pid: Value = { k: 'str', v: latin1.decode(readLine()) };
          if (persistentIds.length < 1e6) persistentIds.push(pid);
          push({ k: 'pid', pid });
          break;
        }
        case 0x51: {
          // BINPERSID
          const pid = pop();
          if (persistentIds.length < 1e6) persistentIds.push(pid);
          push({ k: 'pid', pid });
          break;
        }
        default:
          throw new Broken('malformed', `invalid load key, '\\x${op.toString(16).padStart(2, '0')}'`);
      }
    }
  } catch (e) {
    if (e instanceof Broken) {
      error = { offset: opOffset, message: e.message, kind: e.kind, ...(e.limit ? { limit: e.limit } : {}) };
    } else if (e instanceof RangeError) {
      error = { offset: opOffset, message: `pickle data was truncated (${e.message})`, kind: 'truncated' };
    } else {
      throw e;
    }
  }
  return finish();

  function finish(): PickleRun {
    return { globals, persistentIds, end: pos, ops, protocol, maxStack, ...(error ? { error } : {}), ...(result ? { result } : {}) };
  }
  function appendTo(target: Value, items: Value[]): void {
    if (target.k === 'list') {
      for (const i of items) if (target.items.length < KEEP_ITEMS) target.items.push(i);
    } else if (target.k === 'call') {
      // list subclasses and objects with append/extend: their methods run
      markCalled(target, items);
    } else if (target.k !== 'global' && target.k !== 'pid') {
      throw new Broken('malformed', `APPEND on a ${target.k}`);
    } else markCalled(target, items);
  }
  function setItems(target: Value, items: Value[]): void {
    if (target.k === 'dict') {
      for (let i = 0; i + 1 < items.length; i += 2) if (target.entries.length < KEEP_ITEMS) target.entries.push([items[i], items[i + 1]]);
    } else if (target.k === 'call' || target.k === 'global') {
      // __setitem__ of whatever was built runs
      markCalled(target, items);
    } else if (target.k !== 'pid' && target.k !== 'list') {
      // lists take integer keys; the others have no __setitem__
      throw new Broken('malformed', `SETITEM on a ${target.k}`);
    }
  }
}

/**
 * Items a container keeps for later inspection (summaries, joblib wrapper state). The rest are
 * counted by the op budget but dropped, so memory stays bounded on huge streams whatever they
 * build.
 */
const KEEP_ITEMS = 10_000;

/** Module name recorded for STACK_GLOBAL operands computed at load time. */
export const DYNAMIC_MODULE = '<computed at load time>';

function parseInt_(s: string): number | bigint {
  const t = s.replace(/_/g, '');
  try {
    if (/^[+-]?(0[xob][0-9a-f]+|\d+)$/i.test(t)) {
      const neg = t.startsWith('-');
      const body = t.replace(/^[+-]/, '');
      const v = BigInt(body);
      return neg ? -v : v;
    }
  } catch {
    /* fall through */
  }
  return 0;
}

/** Globals whose call constructs or calls their first argument. */
const CALLS_FIRST_ARG = new Set([
  'copyreg._reconstructor',
  'copyreg.__newobj__',
  'copyreg.__newobj_ex__',
  'builtins.apply',
  'builtins.map',
  'builtins.filter',
  'functools.reduce',
  'builtins.object.__new__',
  'builtins.type.__call__',
  'operator.call',
  'numpy.vectorize',
  // rebuilders that call or construct what they are handed
  'torch._tensor._rebuild_from_type',
  'torch._tensor._rebuild_from_type_v2',
  'torch._utils._rebuild_wrapper_subclass',
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'numpy.ma.core._mareconstruct',
  'numpy.frompyfunc',
]);

function unescapePy(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' } as Record<string, string>)[e] ?? `\\${e}`;
  });
}

function unescapeRawUnicode(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a: string, b: string) => String.fromCodePoint(parseInt(a ?? b, 16)));
}
