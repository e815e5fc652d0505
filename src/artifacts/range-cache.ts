// A read-through cache over a ByteSource. Remote sources turn every read into an HTTP Range
// request, and the container parsers read many small structures (zip headers, pickle frames)
// that sit next to each other; fetching a little more than asked and keeping the spans turns
// tens of requests into a handful while never pulling tensor data.
import type { ByteSource } from '../types.js';

interface Span {
  offset: number;
  bytes: Uint8Array;
}

export class CachedSource implements ByteSource {
  private spans: Span[] = [];
  private cached = 0;
  private size_: number | null = null;

  constructor(
    private readonly inner: ByteSource,
    /** Smallest read sent to the inner source. */
    private readonly minFetch = 4096,
    /** Bytes kept in memory; the oldest spans are dropped first. */
    private readonly maxCached = 8 * 1024 * 1024,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  async size(): Promise<number> {
    this.size_ ??= await this.inner.size();
    return this.size_;
  }

  bytesRead(): number {
    return this.inner.bytesRead();
  }

  /** Fetch a range once so later small reads inside it are served from memory. */
  async prefetch(offset: number, length: number): Promise<void> {
    await this.read(offset, length, length);
  }

  async read(offset: number, length: number, fetch = Math.max(length, this.minFetch)): Promise<Uint8Array> {
    const size = await this.size();
    if (offset >= size || length <= 0) return new Uint8Array(0);
    const end = Math.min(size, offset + length);
    for (const s of this.spans) {
      if (s.offset <= offset && s.offset + s.bytes.length >= end) {
        return s.bytes.subarray(offset - s.offset, end - s.offset);
      }
    }
    // a read that starts inside a cached span only fetches what the span lacks, so the sniff's
    // prefix is never transferred twice
    for (const s of this.spans) {
      const spanEnd = s.offset + s.bytes.length;
      if (s.offset <= offset && spanEnd > offset && spanEnd < end) {
        const head = s.bytes.subarray(offset - s.offset);
        const rest = await this.read(spanEnd, end - spanEnd, Math.max(0, fetch - head.length));
        const joined = new Uint8Array(head.length + rest.length);
        joined.set(head);
        joined.set(rest, head.length);
        return joined;
      }
    }
    // a cached span starting inside the range: fetch only up to it, then continue from it
    let nextSpan = end;
    for (const s of this.spans) if (s.offset > offset && s.offset < nextSpan) nextSpan = s.offset;
    if (nextSpan < end) {
      const first = await this.inner.read(offset, nextSpan - offset);
      this.remember(offset, first);
      const rest = await this.read(nextSpan, end - nextSpan, 0);
      const joined = new Uint8Array(first.length + rest.length);
      joined.set(first);
      joined.set(rest, first.length);
      return joined;
    }
    const want = Math.min(size - offset, Math.max(fetch, end - offset));
    const bytes = await this.inner.read(offset, want);
    this.remember(offset, bytes);
    return bytes.subarray(0, Math.min(bytes.length, end - offset));
  }

  private remember(offset: number, bytes: Uint8Array): void {
    if (bytes.length === 0 || bytes.length > this.maxCached) return;
    this.spans.push({ offset, bytes });
    this.cached += bytes.length;
    while (this.cached > this.maxCached && this.spans.length > 1) {
      const old = this.spans.shift()!;
      this.cached -= old.bytes.length;
    }
  }
}
