// `npm run bench`: runs every bench/<name>.ts (each exports run()) and prints one table each.
// Benchmarks generate their own data; none reaches the network.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Row = Record<string, string | number>;
interface BenchResult {
  name: string;
  rows: Row[];
}

export function table(rows: Row[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number | undefined) => (v === undefined ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(columns), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .filter((n) => only.length === 0 || only.includes(n))
  .sort();
let failed = 0;
for (const name of names) {
  const started = Date.now();
  try {
    const mod = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as { run: () => Promise<BenchResult> };
    const result = await mod.run();
    console.log(`\n## ${result.name}  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    console.log(table(result.rows));
  } catch (error) {
    failed++;
    console.log(`\n## ${name}: FAILED\n${(error as Error).stack ?? error}`);
  }
}
process.exitCode = failed ? 1 : 0;
