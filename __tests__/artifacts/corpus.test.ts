// The public picklescan samples in ../shared/corpus/picklescan (not copied into the repo).
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanArtifact } from '../../src/artifacts/scan.js';
import { LocalByteSource } from '../../src/artifacts/source.js';
import { LIMITS, RANK, maxRank } from './helpers.js';

const ROOT = join(process.cwd(), '..', 'shared', 'corpus', 'picklescan');
const present = existsSync(join(ROOT, 'labels.json'));
const labels: Record<string, { kind: string; expect: string }> = present ? JSON.parse(readFileSync(join(ROOT, 'labels.json'), 'utf8')).labels : {};

describe('picklescan corpus', () => {
  if (!present) {
    it.skip('needs ../shared/corpus/picklescan (absent on this machine)', () => undefined);
    return;
  }
  it.each(Object.entries(labels))('%s', async (file, label) => {
    const source = new LocalByteSource(file, join(ROOT, file));
    const report = await scanArtifact(source, file, LIMITS);
    await source.close();
    const max = maxRank(report);
    if (label.kind === 'malicious') expect(max).toBeGreaterThanOrEqual(RANK.high);
    else if (label.expect === 'clean') expect(max).toBeLessThan(RANK.medium);
    else expect(max).toBeLessThanOrEqual(RANK.medium); // medium-ok, clean-or-unknown-format
  });
});
