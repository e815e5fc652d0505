// JSON (comments and trailing commas tolerated, as in tsconfig or devcontainer files) into the
// neutral config tree. Babel's expression parser gives offsets for every value.
import { parseExpression } from '@babel/parser';
import type { ExtractResult, SourceFile } from '../types.js';
import { Positions } from './common.js';
import { walkConfig, type ConfigNode } from './config-tree.js';
import { Variables } from './shell.js';

type AnyNode = { type: string; start?: number | null; [k: string]: any };

function toConfigNode(node: AnyNode, text: string, depth: number): ConfigNode | null {
  if (depth > 128) return null;
  const offset = node.start ?? 0;
  switch (node.type) {
    case 'ObjectExpression': {
      const entries: { key: string; offset: number; value: ConfigNode }[] = [];
      for (const p of node.properties as AnyNode[]) {
        if (p.type !== 'ObjectProperty') continue;
        const key = p.key.type === 'StringLiteral' ? p.key.value : p.key.type === 'Identifier' ? p.key.name : null;
        const value = toConfigNode(p.value, text, depth + 1);
        if (key !== null && value) entries.push({ key, offset: p.key.start ?? offset, value });
      }
      return { t: 'map', offset, entries };
    }
    case 'ArrayExpression': {
      const items = (node.elements as (AnyNode | null)[])
        .filter((e): e is AnyNode => e !== null)
        .map((e) => toConfigNode(e, text, depth + 1))
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

export function extractJson(file: SourceFile): ExtractResult {
  const positions = new Positions(file.text);
  // A byte-order mark is not JSON; blank it without moving offsets.
  const text = file.text.replace(/^\uFEFF/, ' ');
  if (!text.trim()) return { references: [], problems: [] };
  let ast: AnyNode;
  try {
    ast = parseExpression(text, { errorRecovery: false, allowReturnOutsideFunction: false }) as AnyNode;
  } catch (err) {
    const loc = (err as { loc?: { line: number } }).loc;
    const line = loc?.line ?? 1;
    return {
      references: [],
      problems: [
        {
          file: file.path,
          line,
          message: `${file.path}:${line}: invalid JSON (${(err as Error).message.replace(/\s*\(\d+:\d+\)$/, '')}); the file was not searched for model references.`,
          fix: 'Fix the JSON syntax so the model references in it can be checked.',
        },
      ],
    };
  }
  const root = toConfigNode(ast, text, 0);
  if (!root) return { references: [], problems: [] };
  return { references: walkConfig(root, { file: file.path, text, positions, vars: new Variables() }), problems: [] };
}
