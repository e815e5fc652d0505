// Shared test helpers for the format scanners: scan contexts, fixture sources, and a sparse
// "huge file" source that serves a real header followed by zeros without allocating them.
import { readFileSync } from 'node:fs';
import type { ArtifactScanContext, ByteSource, FindingDraft, ScanLimits } from '../../../src/types.js';
import { MemoryByteSource } from '../../../src/artifacts/source.js';

export const FIXTURES = new URL('../../fixtures/artifacts/formats/', import.meta.url);

export const LIMITS: ScanLimits = {
  maxBytesPerFile: 64 * 1024 * 1024,
  maxDecompressedBytes: 256 * 1024 * 1024,
  maxPickleOps: 10_000_000,
  maxStackDepth: 10_000,
  maxMemoEntries: 100_000,
  timeoutMsPerFile: 20_000,
  timeoutMsPerModel: 60_000,
  maxNesting: 3,
};

export function context(path: string, limits: Partial<ScanLimits> = {}): ArtifactScanContext {
  const merged = { ...LIMITS, ...limits };
  return {
    path,
    limits: merged,
    depth: 0,
    deadline: Date.now() + merged.timeoutMsPerFile,
    scanNested: () => Promise.reject(new Error('nested scans are not used by these scanners')),
  };
}

export function fixtureBytes(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(relative, FIXTURES)));
}

export function fixture(relative: string): MemoryByteSource {
  return new MemoryByteSource(relative, fixtureBytes(relative));
}

/** A file of `size` bytes whose first bytes are `head` and the rest zeros, never allocated. */
export class SparseSource implements ByteSource {
  private read_ = 0;
  constructor(
    readonly name: string,
    private readonly head: Uint8Array,
    private readonly total: number,
  ) {}
  async size(): Promise<number> {
    return this.total;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.total, offset + Math.max(0, length));
    const out = new Uint8Array(Math.max(0, end - offset));
    if (offset < this.head.length) out.set(this.head.subarray(offset, Math.min(this.head.length, end)));
    this.read_ += out.length;
    return out;
  }
  bytesRead(): number {
    return this.read_;
  }
}

export function rules(findings: FindingDraft[]): string[] {
  return findings.map((f) => f.rule);
}

/** Severity after the judge's default (the catalogue's) when the scanner did not set one. */
export function worst(findings: FindingDraft[], defaults: Record<string, string>): string | null {
  const order = ['critical', 'high', 'medium', 'low', 'info'];
  const levels = findings.map((f) => f.severity ?? defaults[f.rule] ?? 'info');
  levels.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return levels[0] ?? null;
}
