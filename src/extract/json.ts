// JSON (comments and trailing commas tolerated, as in tsconfig or devcontainer files) into the
// neutral config tree. Babel's expression parser gives offsets for every value.
import { parseExpression } from '@babel/parser';
import type { ExtractResult, SourceFile } from '../types.js';
import { Positions } from './common.js';
import { walkConfig, type ConfigNode } from './config-tree.js';
import { Variables } from './shell.js';

type AnyNode = { type: string; start?: number | null; [k: string]: any };

function toConfigNode(node: AnyNode, text: string, depth: number, base = 0): ConfigNode | null {
  if (depth > 128) return null;
  const offset = (node.start ?? 0) + base;
  switch (node.type) {
    case 'ObjectExpression': {
      const entries: { key: string; offset: number; value: ConfigNode }[] = [];
      for (const p of node.properties as AnyNode[]) {
        if (p.type !== 'ObjectProperty') continue;
        const key = p.key.type === 'StringLiteral' ? p.key.value : p.key.type === 'Identifier' ? p.key.name : null;
        const value = toConfigNode(p.value, text, depth + 1, base);
        if (key !== null && value) entries.push({ key, offset: (p.key.start ?? 0) + base, value });
      }
      return { t: 'map', offset, entries };
    }
    case 'ArrayExpression': {
      const items = (node.elements as (AnyNode | null)[])
        .filter((e): e is AnyNode => e !== null)
        .map((e) => toConfigNode(e, text, depth + 1, base))
        .filter((e): e is ConfigNode => e !== null);
      return { t: 'seq', offset, items };
    }
    case 'StringLiteral': {
      const value = node.value as string;
      return { t: 'scalar', offset, value, textOffset: offset + 1, verbatim: text.startsWith(value, offset + 1) };
    }
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return { t: 'scalar', offset, value: node.value, textOffset: offset, verbatim: false };
    case 'NullLiteral':
      return { t: 'scalar', offset, value: null, textOffset: offset, verbatim: false };
    default:
      return null;
  }
}

/** A JSON value written inside another file (an env variable's value): offsets stay file offsets. */
export function jsonTreeAt(fileText: string, start: number, end: number): ConfigNode | null {
  try {
    const ast = parseExpression(fileText.slice(start, end), { errorRecovery: false }) as AnyNode;
    return toConfigNode(ast, fileText, 0, start);
  } catch {
    return null;
  }
}

/** Above this size a JSON file is data (tokenizer vocabularies, datasets): parse it natively. */
const LARGE_JSON_CHARS = 1_000_000;

/** Native JSON.parse result into the tree; each string is placed by searching forward for it. */
function fromParsed(value: unknown, text: string, cursor: { at: number }, depth: number): ConfigNode | null {
  if (depth > 128) return null;
  if (Array.isArray(value)) {
    const offset = cursor.at;
    const items = value.map((v) => fromParsed(v, text, cursor, depth + 1)).filter((n): n is ConfigNode => n !== null);
    return { t: 'seq', offset, items };
  }
  if (value !== null && typeof value === 'object') {
    const offset = cursor.at;
    const entries: { key: string; offset: number; value: ConfigNode }[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const keyAt = text.indexOf(JSON.stringify(k), cursor.at);
      if (keyAt >= 0) cursor.at = keyAt + JSON.stringify(k).length;
      const node = fromParsed(v, text, cursor, depth + 1);
      if (node) entries.push({ key: k, offset: Math.max(keyAt, 0), value: node });
    }
    return { t: 'map', offset, entries };
  }
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value);
    const at = text.indexOf(quoted, cursor.at);
    if (at >= 0) cursor.at = at + quoted.length;
    const offset = Math.max(at, 0);
    return { t: 'scalar', offset, value, textOffset: offset + 1, verbatim: at >= 0 && quoted.length === value.length + 2 };
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return { t: 'scalar', offset: cursor.at, value: value as number | boolean | null, textOffset: cursor.at, verbatim: false };
  }
  return null;
}

function invalid(path: string, line: number, detail: string): ExtractResult {
  return {
    references: [],
    problems: [
      {
        file: path,
        line,
        message: `${path}:${line}: invalid JSON (${detail}); the file was not searched for model references.`,
        fix: 'Fix the JSON syntax so the model references in it can be checked.',
      },
    ],
  };
}

function extractLargeJson(file: SourceFile, positions: Positions): ExtractResult {
  let data: unknown;
  try {
    data = JSON.parse(file.text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    return invalid(file.path, m ? positions.at(Number(m[1])).line : 1, (err as Error).message);
  }
  const root = fromParsed(data, file.text, { at: 0 }, 0);
  if (!root) return { references: [], problems: [] };
  return { references: walkConfig(root, { file: file.path, text: file.text, positions, vars: new Variables() }), problems: [] };
}

export function extractJson(file: SourceFile): ExtractResult {
  if (file.text.length > LARGE_JSON_CHARS) return extractLargeJson(file, new Positions(file.text));
  const positions = new Positions(file.text);
  // A byte-order mark is not JSON; blank it without moving offsets.
  const text = file.text.replace(/^\uFEFF/, ' ');
  if (!text.trim()) return { references: [], problems: [] };
  let ast: AnyNode;
  try {
    ast = parseExpression(text, { errorRecovery: false, allowReturnOutsideFunction: false }) as AnyNode;
  } catch (err) {
    const loc = (err as { loc?: { line: number } }).loc;
    return invalid(file.path, loc?.line ?? 1, (err as Error).message.replace(/\s*\(\d+:\d+\)$/, ''));
  }
  const root = toConfigNode(ast, text, 0);
  if (!root) return { references: [], problems: [] };
  return { references: walkConfig(root, { file: file.path, text, positions, vars: new Variables() }), problems: [] };
}
