// Bounded decompression: every decoder here stops once `maxOut` bytes have come out, so a
// bomb costs at most the budget. Each returns what it produced and whether it stopped early,
// whether the input ended before the stream did, and any decoder error.
import { Inflate, Gunzip, Unzlib } from 'fflate';

export interface Decoded {
  bytes: Uint8Array;
  /** Output was cut at the budget: more data follows. */
  truncated: boolean;
  /** The compressed stream was damaged or ended early. */
  error?: string;
}

type Streamer = { ondata: (chunk: Uint8Array, final: boolean) => void; push(chunk: Uint8Array, final?: boolean): void };

class Sink {
  parts: Uint8Array[] = [];
  total = 0;
  full = false;
  constructor(private readonly max: number) {}
  add(chunk: Uint8Array): void {
    if (this.full) return;
    const room = this.max - this.total;
    if (chunk.length >= room) {
      this.parts.push(chunk.slice(0, room));
      this.total += room;
      this.full = chunk.length > room || this.full;
      if (chunk.length > room) this.full = true;
      return;
    }
    this.parts.push(chunk.slice());
    this.total += chunk.length;
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.total);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/**
 * Feeds `chunks` (pulled lazily) through a streaming fflate decoder until the output budget is
 * spent or the input ends.
 */
export async function decodeStream(
  make: () => Streamer,
  chunks: AsyncIterable<Uint8Array>,
  maxOut: number,
): Promise<Decoded> {
  const sink = new Sink(maxOut);
  let ended = false;
  const d = make();
  d.ondata = (chunk, final) => {
    sink.add(chunk);
    if (final) ended = true;
  };
  try {
    let last: Uint8Array | null = null;
    for await (const chunk of chunks) {
      if (last) d.push(last, false);
      last = chunk;
      if (sink.full) break;
    }
    if (!sink.full) d.push(last ?? new Uint8Array(0), true);
  } catch (e) {
    return { bytes: sink.concat(), truncated: sink.full, error: e instanceof Error ? e.message : String(e) };
  }
  if (!sink.full && !ended) return { bytes: sink.concat(), truncated: false, error: 'compressed stream ended early' };
  return { bytes: sink.concat(), truncated: sink.full };
}

export const rawInflater = (): Streamer => new Inflate() as unknown as Streamer;
export const gunzipper = (): Streamer => new Gunzip() as unknown as Streamer;
export const unzlibber = (): Streamer => new Unzlib() as unknown as Streamer;

/** Yields the bytes of `data` in slices (for in-memory input). */
export async function* slices(data: Uint8Array, size = 1 << 16): AsyncIterable<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, Math.min(data.length, i + size));
}
