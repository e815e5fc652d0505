// Single-stream compression wrappers (gzip, zlib, bz2, xz/lzma): decompress up to the budget in
// memory, then hand the content back to the dispatcher. joblib's compressed dumps are exactly
// such wrappers around its pickle stream.
import { createRequire } from 'node:module';
import type { ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult } from '../../types.js';
import { limitFinding } from '../budget.js';
import { decodeStream, gunzipper, unzlibber, type Decoded } from '../decompress.js';
import { RULE } from '../rule-ids.js';
import { MemoryByteSource } from '../source.js';
import { isZlib, sniffFormat } from '../sniff.js';
import { readRange } from './pickle.js';

const require = createRequire(import.meta.url);

async function* chunks(source: ByteSource, size: number, chunk = 1 << 20): AsyncIterable<Uint8Array> {
  for (let at = 0; at < size; at += chunk) {
    const b = await source.read(at, Math.min(chunk, size - at));
    if (b.length === 0) return;
    yield b;
  }
}

class Full extends Error {}

export function bunzip(input: Uint8Array, max: number): Decoded {
  const Bunzip = require('seek-bzip') as { decode(input: Buffer, output: unknown, multistream?: boolean): unknown };
  const out = new Uint8Array(Math.min(max, Math.max(1 << 16, input.length * 8)));
  let buf = out;
  let pos = 0;
  const sink = {
    writeByte(b: number) {
      if (pos >= max) throw new Full();
      if (pos >= buf.length) {
        const next = new Uint8Array(Math.min(max, buf.length * 2));
        next.set(buf);
        buf = next;
      }
      buf[pos++] = b;
    },
    flush() {},
  };
  try {
    Bunzip.decode(Buffer.from(input.buffer, input.byteOffset, input.length), sink, true);
  } catch (e) {
    if (e instanceof Full) return { bytes: buf.subarray(0, pos), truncated: true };
    return { bytes: buf.subarray(0, pos), truncated: false, error: e instanceof Error ? e.message : String(e) };
  }
  return { bytes: buf.subarray(0, pos), truncated: false };
}

async function unxz(source: ByteSource, size: number, max: number): Promise<Decoded> {
  const { XzReadableStream } = require('xz-decompress') as { XzReadableStream: new (s: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array> };
  const it = chunks(source, size)[Symbol.asyncIterator]();
  const input = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const n = await it.next();
      if (n.done) controller.close();
      else controller.enqueue(n.value);
    },
  });
  const reader = new XzReadableStream(input).getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value.slice(0, Math.max(0, max - total)));
      total += value.length;
      if (total >= max) {
        await reader.cancel().catch(() => undefined);
        return { bytes: Buffer.concat(parts), truncated: total > max };
      }
    }
  } catch (e) {
    return { bytes: Buffer.concat(parts), truncated: false, error: e instanceof Error ? e.message : String(e) };
  }
  return { bytes: Buffer.concat(parts), truncated: false };
}

class Overflow extends Error {}

/**
 * Legacy "LZMA alone" streams (joblib's compress='lzma'), through 7-Zip (7z-wasm) writing to a
 * byte-wise stdout that stops at the budget, so a bomb never lands in memory whole.
 */
export async function unlzmaAlone(input: Uint8Array, max: number): Promise<Decoded> {
  let out = new Uint8Array(Math.min(max, Math.max(1 << 16, input.length * 4)));
  let n = 0;
  let full = false;
  let messages = '';
  const stdout = (byte: number | null): void => {
    if (byte === null) return;
    if (n >= max) {
      full = true;
      throw new Overflow();
    }
    if (n >= out.length) {
      const next = new Uint8Array(Math.min(max, out.length * 2));
      next.set(out);
      out = next;
    }
    out[n++] = byte;
  };
  const { default: SevenZip } = (await import('7z-wasm')) as unknown as { default: (o: object) => Promise<{ FS: any; callMain(a: string[]): void }> };
  const sz = await SevenZip({ print: (t: string) => (messages += `${t}\n`), printErr: (t: string) => (messages += `${t}\n`), stdout });
  sz.FS.writeFile('/in.lzma', input);
  try {
    sz.callMain(['x', '-so', '-tlzma', '-bd', '/in.lzma']);
  } catch (e) {
    if (!full) return { bytes: out.subarray(0, n), truncated: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (full) return { bytes: out.subarray(0, n), truncated: true };
  const problem = /(ERROR|Unexpected end|Data Error)[^\n]*/i.exec(messages);
  return { bytes: out.subarray(0, n), truncated: false, ...(problem ? { error: problem[0].trim() } : {}) };
}

export async function decompressWhole(source: ByteSource, max: number): Promise<Decoded & { kind: string }> {
  const size = await source.size();
  const head = await source.read(0, 16);
  const fmt = sniffFormat(head, size);
  if (fmt === 'bz2') {
    if (size > max) return { kind: 'bz2', bytes: new Uint8Array(0), truncated: true };
    return { kind: 'bz2', ...bunzip(await readRange(source, 0, size), max) };
  }
  if (fmt === 'xz' && head[0] === 0x5d) {
    if (size > max) return { kind: 'lzma', bytes: new Uint8Array(0), truncated: true };
    return { kind: 'lzma', ...(await unlzmaAlone(await readRange(source, 0, size), max)) };
  }
  if (fmt === 'xz') return { kind: 'xz', ...(await unxz(source, size, max)) };
  if (head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip', ...(await decodeStream(gunzipper, chunks(source, size), max)) };
  if (isZlib(head)) return { kind: 'zlib', ...(await decodeStream(unzlibber, chunks(source, size), max)) };
  return { kind: 'unknown', bytes: new Uint8Array(0), truncated: false, error: 'not a known compression format' };
}

export async function scanCompressed(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const max = ctx.limits.maxDecompressedBytes;
  const d = await decompressWhole(source, max);
  const findings: FindingDraft[] = [];
  const format = d.kind === 'bz2' ? 'bz2' : d.kind === 'xz' || d.kind === 'lzma' ? 'xz' : 'gzip';
  if (d.truncated) {
    const size = await source.size();
    findings.push(limitFinding(ctx, `it decompresses to more than the budget of ${max} bytes`, 'maxDecompressedBytes'));
    if (size > 0 && max / size > 200) {
      findings.push({ rule: RULE.archiveBomb, message: `${ctx.path} expands more than ${Math.floor(max / size)}-fold: a decompression bomb.`, artifact: ctx.path, evidence: { compressedSize: size, decompressedAtLeast: max } });
    }
  }
  if (d.error) {
    findings.push({ rule: RULE.incompleteScan, message: `The ${d.kind} stream in ${ctx.path} could not be fully decompressed (${d.error}); only the ${d.bytes.length} bytes before that point were scanned.`, artifact: ctx.path, evidence: { error: d.error, decompressed: d.bytes.length } });
  }
  const innerName = ctx.path.replace(/\.(gz|gzip|tgz|bz2|xz|lzma|z|zlib)$/i, '') + (/\.tgz$/i.test(ctx.path) ? '.tar' : '');
  const inner = await ctx.scanNested(new MemoryByteSource(innerName, d.bytes), innerName === ctx.path ? `${ctx.path}#decompressed` : innerName);
  // a compressed joblib dump is reported as joblib: that is what loads it
  return { format: inner.format === 'joblib' ? 'joblib' : format, findings, members: [inner] };
}
