// Model cards (README.md with YAML front matter): `base_model:` names the model this one was
// trained from. Only the front matter is read; prose links are not references.
import type { ExtractResult, SourceFile } from '../types.js';
import { Positions } from './common.js';
import { walkConfig } from './config-tree.js';
import { Variables } from './shell.js';
import { parseDocument, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ConfigNode } from './config-tree.js';

export function extractModelCard(file: SourceFile): ExtractResult {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(file.text);
  if (!m) return { references: [], problems: [] };
  const offset = m[0].indexOf(m[1]);
  const doc = parseDocument(m[1]);
  const positions = new Positions(file.text);
  if (doc.errors.length) {
    const line = positions.at(offset + doc.errors[0].pos[0]).line;
    return {
      references: [],
      problems: [{ file: file.path, line, message: `${file.path}:${line}: the model card front matter is not valid YAML; base_model was not checked.`, fix: 'Fix the YAML between the --- lines.' }],
    };
  }
  if (!isMap(doc.contents)) return { references: [], problems: [] };
  // Only lineage keys: a card's other metadata (datasets, widget examples) names no dependency.
  const entries: { key: string; offset: number; value: ConfigNode }[] = [];
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key) || String(pair.key.value) !== 'base_model') continue;
    const nodes: Node[] = isSeq(pair.value) ? (pair.value.items as Node[]) : [pair.value as Node];
    const items: ConfigNode[] = [];
    for (const n of nodes) {
      if (!isScalar(n) || typeof n.value !== 'string') continue;
      const start = offset + (n.range?.[0] ?? 0);
      const quoted = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE';
      items.push({ t: 'scalar', offset: start, value: n.value, textOffset: quoted ? start + 1 : start, verbatim: true });
    }
    entries.push({ key: 'base_model', offset, value: { t: 'seq', offset, items } });
  }
  const refs = walkConfig({ t: 'map', offset, entries }, { file: file.path, text: file.text, positions, vars: new Variables() });
  return { references: refs, problems: [] };
}
