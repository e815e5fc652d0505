// The held-out robustness set (fixtures/artifacts/heldout, written by its generate.py): malicious
// variants from techniques other scanners test, and benign files written by the real libraries.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanArtifact } from '../../src/artifacts/scan.js';
import { LocalByteSource } from '../../src/artifacts/source.js';
import type { ArtifactReport } from '../../src/types.js';
import { LIMITS, RANK, maxRank } from './helpers.js';

const ROOT = join(process.cwd(), '__tests__', 'fixtures', 'artifacts', 'heldout');
const labels: Record<string, { kind: string; expect: string; why: string }> = JSON.parse(readFileSync(join(ROOT, 'labels.json'), 'utf8')).labels;

async function scan(file: string): Promise<ArtifactReport> {
  const source = new LocalByteSource(file, join(ROOT, file));
  try {
    return await scanArtifact(source, file, LIMITS);
  } finally {
    await source.close();
  }
}

const sizes = (r: ArtifactReport): [number, number][] => [[r.bytesRead, r.size], ...(r.members ?? []).flatMap(sizes)];

describe('held-out artifacts', () => {
  it('has at least 40 malicious and 20 benign files', () => {
    const kinds = Object.values(labels).map((l) => l.kind);
    expect(kinds.filter((k) => k === 'malicious').length).toBeGreaterThanOrEqual(40);
    expect(kinds.filter((k) => k === 'benign').length).toBeGreaterThanOrEqual(20);
  });
  it.each(Object.entries(labels))('%s', async (file, label) => {
    const report = await scan(file);
    const max = maxRank(report);
    if (label.kind === 'malicious') expect(max).toBeGreaterThanOrEqual(RANK.high);
    else if (label.expect === 'clean') expect(max).toBeLessThan(RANK.medium);
    else expect(max).toBeLessThanOrEqual(RANK.medium);
    // bytes are counted once: never more than the file holds
    for (const [read, size] of sizes(report)) expect(read).toBeLessThanOrEqual(size);
  });
});
