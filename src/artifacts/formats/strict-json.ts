// A strict JSON reader for headers where JSON.parse is too forgiving: it reports duplicate
// object keys (JSON.parse silently keeps the last one, while other readers keep the first:
// a parser differential) and numbers that do not survive the trip to a double. Depth and
// size are bounded by the caller's input; recursion depth is capped here.

export class StrictJsonError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at offset ${position}`);
  }
}

export interface StrictJsonResult {
  value: unknown;
  /** Object keys seen twice in the same object, with their JSON path. */
  duplicateKeys: string[];
  /** Integers beyond Number.MAX_SAFE_INTEGER (their exact value is lost). */
  unsafeIntegers: string[];
  /** Offset just past the value (trailing whitespace is not consumed). */
  end: number;
}

const MAX_DEPTH = 64;

export function parseStrictJson(text: string): StrictJsonResult {
  const duplicateKeys: string[] = [];
  const unsafeIntegers: string[] = [];
  let pos = 0;

  const ws = () => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
  };
  const fail = (message: string): never => {
    throw new StrictJsonError(message, pos);
  };

  const parseString = (): string => {
    // Caller checked the opening quote.
    pos++;
    let out = '';
    let runStart = pos;
    while (true) {
      if (pos >= text.length) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(runStart, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        out += text.slice(runStart, pos);
        const e = text[pos + 1];
        pos += 2;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(pos, pos + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad unicode escape');
            out += String.fromCharCode(parseInt(hex, 16));
            pos += 4;
            break;
          }
          default:
            pos -= 1;
            fail('bad escape');
        }
        runStart = pos;
        continue;
      }
      pos++;
    }
  };

  const parseNumber = (): number => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (!m) fail('bad number');
    const literal = m![0];
    pos += literal.length;
    const value = Number(literal);
    if (!m![2] && !m![3] && !Number.isSafeInteger(value)) unsafeIntegers.push(literal);
    return value;
  };

  const parseValue = (path: string, depth: number): unknown => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    ws();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const obj: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      const seen = new Set<string>();
      ws();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      while (true) {
        ws();
        if (text[pos] !== '"') fail('expected a string key');
        const key = parseString();
        ws();
        if (text[pos] !== ':') fail('expected ":"');
        pos++;
        const value = parseValue(`${path}/${key}`, depth + 1);
        if (seen.has(key)) duplicateKeys.push(`${path}/${key}`);
        seen.add(key);
        obj[key] = value;
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      pos++;
      const arr: unknown[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      while (true) {
        arr.push(parseValue(`${path}/${arr.length}`, depth + 1));
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return parseString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber();
    if (text.startsWith('true', pos)) {
      pos += 4;
      return true;
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return false;
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return null;
    }
    return fail(pos >= text.length ? 'unexpected end of input' : 'unexpected character');
  };

  const value = parseValue('', 0);
  return { value, duplicateKeys, unsafeIntegers, end: pos };
}
