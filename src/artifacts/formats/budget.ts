// Per-file budgets shared by the format scanners: bytes read through the source and the
// wall-clock deadline. Crossing one throws BudgetExceeded, which each scanner turns into its
// own "could not fully scan" finding.
import type { ArtifactScanContext, ByteSource } from '../../types.js';

export class BudgetExceeded extends Error {
  constructor(
    readonly budget: 'bytes' | 'time',
    message: string,
  ) {
    super(message);
  }
}

export class ReadBudget {
  private readonly startBytes: number;
  constructor(
    private readonly source: ByteSource,
    private readonly ctx: ArtifactScanContext,
  ) {
    this.startBytes = source.bytesRead();
  }

  /** Bytes this scan has read so far. */
  used(): number {
    return this.source.bytesRead() - this.startBytes;
  }

  checkTime(): void {
    if (Date.now() > this.ctx.deadline) {
      throw new BudgetExceeded('time', `the time budget of ${this.ctx.limits.timeoutMsPerFile} ms per file ran out`);
    }
  }

  /** Read through the source, refusing reads that would cross the byte budget. */
  async read(offset: number, length: number): Promise<Uint8Array> {
    this.checkTime();
    if (this.used() + length > this.ctx.limits.maxBytesPerFile) {
      throw new BudgetExceeded('bytes', `reading ${length} more bytes would pass the limit of ${this.ctx.limits.maxBytesPerFile} bytes per file`);
    }
    return this.source.read(offset, length);
  }
}

export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
