// Per-file budgets. A scanner that crosses one throws ScanLimitError; the dispatcher (or the
// scanner itself, where it can keep partial results) turns it into a "could not fully scan"
// finding.
import type { ArtifactScanContext, ByteSource, FindingDraft } from '../types.js';
import { RULE } from './rule-ids.js';

export class ScanLimitError extends Error {
  constructor(
    readonly limit: string,
    message: string,
  ) {
    super(message);
  }
}

/** A source that refuses reads past `maxBytes` transferred. */
export class BudgetedSource implements ByteSource {
  private readonly start: number;
  constructor(
    private readonly inner: ByteSource,
    private readonly maxBytes: number,
  ) {
    this.start = inner.bytesRead();
  }
  get name(): string {
    return this.inner.name;
  }
  size(): Promise<number> {
    return this.inner.size();
  }
  bytesRead(): number {
    return this.inner.bytesRead();
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    if (this.inner.bytesRead() - this.start + length > this.maxBytes) {
      throw new ScanLimitError('maxBytesPerFile', `reading ${length} more bytes would pass the per-file read budget of ${this.maxBytes} bytes`);
    }
    return this.inner.read(offset, length);
  }
}

export function checkDeadline(ctx: ArtifactScanContext): void {
  if (Date.now() > ctx.deadline) throw new ScanLimitError('timeoutMsPerFile', `the scan ran past its time budget of ${ctx.limits.timeoutMsPerFile} ms`);
}

export function limitFinding(ctx: ArtifactScanContext, what: string, limit: string, member?: string): FindingDraft {
  return {
    rule: RULE.incompleteScan,
    message: `Could not fully scan ${member ? `member "${member}" of ` : ''}${ctx.path}: ${what}. What was not scanned may run code when loaded.`,
    artifact: ctx.path,
    evidence: { limit, ...(member ? { member } : {}) },
    fix: 'Raise the limit in the policy (limits:) if the file is expected to be this large, or review the file by hand.',
  };
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
