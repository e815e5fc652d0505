// Random access to a remote file with HTTP Range requests, through the hub fetch (retries,
// token rules). Small reads are served from aligned blocks kept in a small cache, because
// scanners read headers and directories in many small pieces; big reads go straight through.
import type { ByteSource } from '../types.js';

export interface HttpByteSourceOptions {
  /** Block size for small reads (default 64 KiB). */
  blockSize?: number;
  /** Blocks kept (default 32). */
  maxBlocks?: number;
}

export class HttpByteSource implements ByteSource {
  private size_: number | null = null;
  /** Where the bytes really are after the first response (the redirect target). */
  private location: string;
  private transferred = 0;
  private readonly blocks = new Map<number, Promise<Uint8Array>>();
  private readonly blockSize: number;
  private readonly maxBlocks: number;

  constructor(
    readonly name: string,
    private readonly url: string,
    private readonly fetchFn: typeof fetch,
    options: HttpByteSourceOptions = {},
  ) {
    this.location = url;
    this.blockSize = options.blockSize ?? 64 * 1024;
    this.maxBlocks = options.maxBlocks ?? 32;
  }

  async size(): Promise<number> {
    if (this.size_ === null) await this.block(0);
    return this.size_!;
  }

  bytesRead(): number {
    return this.transferred;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (length <= 0 || offset < 0) return new Uint8Array(0);
    if (this.size_ !== null) {
      length = Math.min(length, this.size_ - offset);
      if (length <= 0) return new Uint8Array(0);
    }
    if (length > this.blockSize * 4) return this.fetchRange(offset, offset + length - 1);
    const first = Math.floor(offset / this.blockSize);
    const last = Math.floor((offset + length - 1) / this.blockSize);
    const parts = await Promise.all(Array.from({ length: last - first + 1 }, (_, i) => this.block(first + i)));
    const out = new Uint8Array(length);
    let written = 0;
    for (let i = 0; i < parts.length; i++) {
      const blockStart = (first + i) * this.blockSize;
      const from = Math.max(0, offset - blockStart);
      const to = Math.min(parts[i].length, offset + length - blockStart);
      if (to <= from) break;
      out.set(parts[i].subarray(from, to), written);
      written += to - from;
      if (parts[i].length < this.blockSize) break; // end of file
    }
    return written === length ? out : out.subarray(0, written);
  }

  private block(index: number): Promise<Uint8Array> {
    let p = this.blocks.get(index);
    if (p) {
      // Refresh its place in the LRU order.
      this.blocks.delete(index);
      this.blocks.set(index, p);
      return p;
    }
    const start = index * this.blockSize;
    p = this.fetchRange(start, start + this.blockSize - 1);
    p.catch(() => this.blocks.delete(index));
    this.blocks.set(index, p);
    while (this.blocks.size > this.maxBlocks) this.blocks.delete(this.blocks.keys().next().value!);
    return p;
  }

  private async fetchRange(start: number, end: number): Promise<Uint8Array> {
    if (this.size_ !== null && start >= this.size_) return new Uint8Array(0);
    const res = await this.fetchFn(this.location, { headers: { Range: `bytes=${start}-${end}` } });
    if (res.status === 416) {
      await res.body?.cancel();
      this.size_ ??= parseTotal(res.headers.get('content-range')) ?? start;
      return new Uint8Array(0);
    }
    if (!res.ok) {
      const code = res.headers.get('x-error-code');
      await res.body?.cancel();
      throw new Error(`HTTP ${res.status}${code ? ` ${code}` : ''} reading ${this.name}`);
    }
    // Later reads go straight to where the first one was redirected (e.g. the CDN).
    if (this.location === this.url && res.url) this.location = res.url;
    const body = new Uint8Array(await res.arrayBuffer());
    this.transferred += body.length;
    if (res.status === 206) {
      this.size_ ??= parseTotal(res.headers.get('content-range'));
      return body;
    }
    // The server ignored the range and sent the whole file.
    this.size_ ??= body.length;
    return body.subarray(start, end + 1);
  }
}

function parseTotal(contentRange: string | null): number | null {
  const m = contentRange && /\/(\d+)\s*$/.exec(contentRange);
  return m ? Number(m[1]) : null;
}
