// Test helper: one readable line per reference, so expectations show every field that matters.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile } from '../../src/extract/index.js';
import type { ExtractResult, ModelReference } from '../../src/types.js';

export const FIXTURES = join(process.cwd(), '__tests__', 'fixtures', 'extract');

/** `line:column kind call id[@revision] [repoType] confidence {flags} raw=...` */
export function summarise(ref: ModelReference): string {
  const rev = ref.revision ? `@${ref.revision}` : '';
  const type = ref.repoType !== 'model' ? ` [${ref.repoType}]` : '';
  const flags = Object.keys(ref.flags).length ? ` ${JSON.stringify(ref.flags)}` : '';
  const raw = ref.id === null ? ` raw=${ref.raw}` : '';
  return `${ref.line}:${ref.column} ${ref.kind} ${ref.call} ${ref.id}${rev}${type} ${ref.confidence}${flags}${raw}`;
}

/** Extracts a fixture file as if it sat at `path` in the repository. */
export async function extractFixture(kind: string, name: string, path = name): Promise<ExtractResult> {
  const text = readFileSync(join(FIXTURES, kind, name), 'utf8');
  return extractFile({ path, text });
}

/** Summaries of the references, then `problem at line N` for each problem. */
export async function fixtureSummary(kind: string, name: string, path = name): Promise<string[]> {
  const result = await extractFixture(kind, name, path);
  return [...result.references.map(summarise), ...result.problems.map((p) => `problem at line ${p.line}`)];
}
