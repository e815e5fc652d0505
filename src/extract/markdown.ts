// Model and Space cards (README.md with YAML front matter): `base_model:` names the model this
// one was trained from, a Space's `models:` the models it runs and `preload_from_hub:` the
// repositories downloaded into the Space image at build time (`id [files] [revision]`). Only the
// front matter is read; prose links are not references.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { ExtractResult, ModelReference, SourceFile } from '../types.js';
import { makeReference, Positions } from './common.js';

const CARD_KEYS = new Set(['base_model', 'models', 'preload_from_hub']);
const COMMIT = /^[0-9a-f]{40}$/;

// A preload entry is `repo_id`, optionally followed by a comma-separated file list and a commit.
function preloadEntry(value: string): { id: string; revision?: string } {
  const [id = '', ...rest] = value.trim().split(/\s+/);
  const last = rest[rest.length - 1];
  return { id, revision: last && COMMIT.test(last) ? last : undefined };
}

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
      problems: [{ file: file.path, line, message: `${file.path}:${line}: the card's front matter is not valid YAML; base_model was not checked.`, fix: 'Fix the YAML between the --- lines.' }],
    };
  }
  const refs: ModelReference[] = [];
  if (!isMap(doc.contents)) return { references: refs, problems: [] };
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!CARD_KEYS.has(key)) continue;
    const nodes: Node[] = isSeq(pair.value) ? (pair.value.items as Node[]) : [pair.value as Node];
    for (const n of nodes) {
      if (!isScalar(n) || typeof n.value !== 'string') continue;
      const entry = key === 'preload_from_hub' ? preloadEntry(n.value) : { id: n.value, revision: undefined };
      const start = offset + (n.range?.[0] ?? 0);
      // Block scalars (`>-`) start at their indicator; report the line the id is written on.
      const at = entry.id ? file.text.indexOf(entry.id, start) : -1;
      const quoted = n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE';
      const pos = at >= 0 && at < offset + m[1].length ? at : quoted ? start + 1 : start;
      const ref = makeReference({ file: file.path, ...positions.at(pos), raw: entry.id, revision: entry.revision, kind: 'config', call: key, context: 'config' });
      if (ref) refs.push(ref);
    }
  }
  return { references: refs, problems: [] };
}
