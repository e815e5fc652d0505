// A window onto part of another source: a stored zip or tar member scanned in place, without
// copying it, so nested formats are read with the same ranged requests as the outer file.
import type { ByteSource } from '../types.js';

export class SliceSource implements ByteSource {
  private read_ = 0;
  constructor(
    readonly name: string,
    private readonly parent: ByteSource,
    private readonly start: number,
    private readonly length: number,
  ) {}
  async size(): Promise<number> {
    return this.length;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, this.length - offset));
    if (n === 0 || offset < 0) return new Uint8Array(0);
    const bytes = await this.parent.read(this.start + offset, n);
    this.read_ += bytes.length;
    return bytes;
  }
  bytesRead(): number {
    return this.read_;
  }
}
