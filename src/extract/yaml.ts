// YAML (multi-document) into the neutral config tree, with a line-based fallback for
// templated YAML (Helm, Jinja) that is not YAML until rendered.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import type { ExtractResult, SourceFile } from '../types.js';
import { Positions } from './common.js';
import { walkConfig, type ConfigNode } from './config-tree.js';
import { Variables } from './shell.js';

function toConfigNode(node: unknown, text: string, depth: number): ConfigNode | null {
  if (depth > 64 || node === null || node === undefined || isAlias(node)) return null;
  const n = node as Node;
  const offset = n.range?.[0] ?? 0;
  if (isMap(n)) {
    const entries: { key: string; offset: number; value: ConfigNode }[] = [];
    for (const pair of n.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      const value = toConfigNode(pair.value, text, depth + 1);
      if (key === null || !value) continue;
      entries.push({ key, offset: (pair.key as Node).range?.[0] ?? offset, value });
    }
    return { t: 'map', offset, entries };
  }
  if (isSeq(n)) {
    const items = n.items.map((i) => toConfigNode(i, text, depth + 1)).filter((i): i is ConfigNode => i !== null);
    return { t: 'seq', offset, items };
  }
  if (isScalar(n)) {
    const v = n.value;
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null ? null : String(v);
    const quoted = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE';
    const textOffset = quoted ? offset + 1 : offset;
    const s = value === null ? '' : String(value);
    const verbatim = (n.type === 'PLAIN' || quoted) && text.startsWith(s, textOffset);
    return { t: 'scalar', offset, value, textOffset, verbatim };
  }
  return null;
}

/** Templated YAML: `key: value` lines and `- item` lists, without structure beyond that. */
export function templateLines(text: string): ConfigNode {
  const entries: { key: string; offset: number; value: ConfigNode }[] = [];
  let offset = 0;
  let listKey: { key: string; offset: number; items: ConfigNode[] } | null = null;
  for (const line of text.split('\n')) {
    const kv = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*)\s*:(?:\s+(.*?))?\s*$/.exec(line);
    const item = /^(\s*-\s+)(.*?)\s*$/.exec(line);
    if (kv && !/^\s*-\s+["']/.test(line)) {
      const raw = kv[3] ?? '';
      if (!raw) {
        listKey = { key: kv[2], offset: offset + kv[1].length, items: [] };
        entries.push({ key: kv[2], offset: listKey.offset, value: { t: 'seq', offset: listKey.offset, items: listKey.items } });
      } else {
        listKey = null;
        const valueStart = line.indexOf(raw, kv[1].length + kv[2].length + 1);
        entries.push({ key: kv[2], offset: offset + kv[1].length, value: scalarAt(raw, offset + valueStart) });
      }
    } else if (item && listKey) {
      listKey.items.push(scalarAt(item[2], offset + item[1].length));
    }
    offset += line.length + 1;
  }
  return { t: 'map', offset: 0, entries };
}

function scalarAt(raw: string, offset: number): ConfigNode {
  const q = /^(["'])(.*)\1$/.exec(raw);
  const body = (q ? q[2] : raw).replace(/\s+#.*$/, '');
  return { t: 'scalar', offset, value: body, textOffset: q ? offset + 1 : offset, verbatim: true };
}

export function extractYaml(file: SourceFile): ExtractResult {
  const result: ExtractResult = { references: [], problems: [] };
  const positions = new Positions(file.text);
  const templated = /\{\{|\{%/.test(file.text);
  let docs;
  try {
    docs = parseAllDocuments(file.text, { uniqueKeys: false, strict: false });
  } catch (err) {
    docs = null;
    if (!templated) {
      result.problems.push({ file: file.path, line: 1, message: `${file.path} could not be read as YAML: ${(err as Error).message}`, fix: 'Fix the YAML syntax so the model references in it can be checked.' });
      return result;
    }
  }
  const list = docs === null ? [] : Array.isArray(docs) ? docs : [docs];
  const broken = list.some((d) => d.errors.length > 0);
  if (templated && (broken || docs === null)) {
    const ctx = { file: file.path, text: file.text, positions, vars: new Variables() };
    result.references.push(...walkConfig(templateLines(file.text), ctx));
    return result;
  }
  for (const doc of list) {
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const line = positions.at(err.pos[0]).line;
      result.problems.push({
        file: file.path,
        line,
        message: `${file.path}:${line}: invalid YAML (${err.code}): ${err.message.split('\n')[0]}; this document was not searched for model references.`,
        fix: 'Fix the YAML syntax (a YAML linter shows the exact spot) so the references in it can be checked.',
      });
      continue;
    }
    const root = toConfigNode(doc.contents, file.text, 0);
    if (!root) continue;
    const ctx = { file: file.path, text: file.text, positions, vars: new Variables() };
    result.references.push(...walkConfig(root, ctx));
  }
  return result;
}
