// Every budget, when crossed, becomes a "could not fully scan" finding (MG544), never a crash.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanArtifact } from '../../src/artifacts/scan.js';
import { MemoryByteSource } from '../../src/artifacts/source.js';
import type { ArtifactReport, ScanLimits } from '../../src/types.js';
import { LIMITS, allFindings } from './helpers.js';

const FIX = join(process.cwd(), '__tests__', 'fixtures', 'artifacts');
const fixture = (rel: string): Uint8Array => readFileSync(join(FIX, rel));

async function scan(data: Uint8Array, name: string, limits: Partial<ScanLimits>): Promise<ArtifactReport> {
  return scanArtifact(new MemoryByteSource(name, data), name, { ...LIMITS, ...limits });
}
function limitsHit(r: ArtifactReport): unknown[] {
  return allFindings(r).filter((f) => f.rule === 'MG544').map((f) => f.evidence?.limit);
}
/** A protocol-2 list of about `n` small ints. */
function longStream(n: number): Uint8Array {
  const body = new Uint8Array(3 + n * 2 + 2);
  body.set([0x80, 0x02, 0x5d, 0x28]);
  for (let i = 0; i < n - 1; i++) body.set([0x4b, i & 255], 4 + i * 2);
  body.set([0x65, 0x2e], 4 + (n - 1) * 2);
  return body;
}

describe('budgets', () => {
  it('opcodes', async () => {
    expect(limitsHit(await scan(longStream(10_000), 'a.pkl', { maxPickleOps: 1000 }))).toContain('maxPickleOps');
  });
  it('stack depth', async () => {
    expect(limitsHit(await scan(longStream(10_000), 'a.pkl', { maxStackDepth: 100 }))).toContain('maxStackDepth');
  });
  it('memo entries', async () => {
    const data = Uint8Array.from([0x80, 0x04, 0x4e, ...new Array(500).fill(0x94), 0x2e]);
    expect(limitsHit(await scan(data, 'a.pkl', { maxMemoEntries: 10 }))).toContain('maxMemoEntries');
  });
  it('time', async () => {
    expect(limitsHit(await scan(longStream(200_000), 'a.pkl', { timeoutMsPerFile: 0 }))).toContain('timeoutMsPerFile');
  });
  it('bytes read', async () => {
    expect(limitsHit(await scan(longStream(100_000), 'a.pkl', { maxBytesPerFile: 50_000 }))).toContain('maxBytesPerFile');
  });
  it('decompressed bytes, with the bomb named', async () => {
    const r = await scan(fixture('malicious/bomb.gz'), 'bomb.gz', { maxDecompressedBytes: 16 * 1024 * 1024 });
    expect(limitsHit(r)).toContain('maxDecompressedBytes');
    expect(allFindings(r).map((f) => f.rule)).toContain('MG550');
  });
  it('nesting', async () => {
    const r = await scan(fixture('malicious/nested.tar.bz2'), 'nested.tar.bz2', { maxNesting: 1 });
    expect(limitsHit(r)).toContain('maxNesting');
    const deeper = await scan(fixture('malicious/nested.tar.bz2'), 'nested.tar.bz2', { maxNesting: 4 });
    expect(allFindings(deeper).map((f) => f.rule)).toContain('MG540');
  });
});
