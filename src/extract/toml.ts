// TOML into the neutral config tree. smol-toml gives values without positions, so each value is
// placed by finding its key and text in the file in document order.
import { parse, TomlError } from 'smol-toml';
import type { ExtractResult, SourceFile } from '../types.js';
import { Positions } from './common.js';
import { walkConfig, type ConfigNode } from './config-tree.js';
import { Variables } from './shell.js';

class Locator {
  private cursor = 0;
  constructor(private readonly text: string) {}
  /** Offset of the value of `key`: after `key =` and the opening quote, searching forward first. */
  find(key: string, value: string): { offset: number; verbatim: boolean } {
    const keyRe = new RegExp(`(^|[\\s.{,"'])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=\\s*`, 'gm');
    for (const from of [this.cursor, 0]) {
      keyRe.lastIndex = from;
      let m: RegExpExecArray | null;
      while ((m = keyRe.exec(this.text))) {
        let start = m.index + m[0].length;
        const q = this.text[start];
        if (q === '"' || q === "'") start += this.text.startsWith(q.repeat(3), start) ? 3 : 1;
        if (this.text.startsWith(value, start)) {
          this.cursor = start;
          return { offset: start, verbatim: true };
        }
      }
    }
    const any = this.text.indexOf(value, this.cursor);
    const fallback = any >= 0 ? any : this.text.indexOf(value);
    return { offset: Math.max(0, fallback), verbatim: fallback >= 0 };
  }
}

function toConfigNode(value: unknown, key: string, loc: Locator, depth: number): ConfigNode | null {
  if (depth > 64) return null;
  if (Array.isArray(value)) {
    const items = value.map((v) => toConfigNode(v, key, loc, depth + 1)).filter((n): n is ConfigNode => n !== null);
    return { t: 'seq', offset: items[0]?.offset ?? 0, items };
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries: { key: string; offset: number; value: ConfigNode }[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const node = toConfigNode(v, k, loc, depth + 1);
      if (node) entries.push({ key: k, offset: node.offset, value: node });
    }
    return { t: 'map', offset: entries[0]?.offset ?? 0, entries };
  }
  if (typeof value === 'string') {
    const { offset, verbatim } = loc.find(key, value);
    return { t: 'scalar', offset, value, textOffset: offset, verbatim };
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return { t: 'scalar', offset: 0, value: typeof value === 'bigint' ? Number(value) : value, textOffset: 0, verbatim: false };
  }
  return null;
}

export function extractToml(file: SourceFile): ExtractResult {
  let data: unknown;
  try {
    data = parse(file.text);
  } catch (err) {
    const line = err instanceof TomlError ? err.line : 1;
    return {
      references: [],
      problems: [
        {
          file: file.path,
          line,
          message: `${file.path}:${line}: invalid TOML (${(err as Error).message.split('\n')[0]}); the file was not searched for model references.`,
          fix: 'Fix the TOML syntax so the model references in it can be checked.',
        },
      ],
    };
  }
  const root = toConfigNode(data, '', new Locator(file.text), 0);
  if (!root) return { references: [], problems: [] };
  return { references: walkConfig(root, { file: file.path, text: file.text, positions: new Positions(file.text), vars: new Variables() }), problems: [] };
}
