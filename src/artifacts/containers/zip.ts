// The zip container, read the way PyTorch's reader (miniz) reads it: the end-of-central-directory
// record is found by scanning back from the end, the central directory is the truth for names,
// sizes, methods and offsets, the local header only tells where the data starts, and CRCs and
// general-purpose flag bits (encryption included) are ignored. Where the local header disagrees
// with the central one, or names are duplicated, odd or escaping, a finding says so: another
// zip reader would see a different archive than the scanner.
//
// The structures are read directly rather than through a zip library because the usual
// libraries refuse exactly what PyTorch accepts (the encrypted flag bit, traversal names) or
// verify what PyTorch ignores (CRCs), and the scan must see what the loader sees.
import type { ArtifactScanContext, ByteSource, FindingDraft } from '../../types.js';
import { bunzip, unlzmaAlone } from '../scanners/compressed.js';
import { CachedSource } from '../range-cache.js';
import { decodeStream, rawInflater, type Decoded } from '../decompress.js';
import { RULE } from '../rule-ids.js';
import { describePathRisk } from './paths.js';

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  method: number;
  flags: number;
  localHeaderOffset: number;
  isDirectory: boolean;
  isSymlink: boolean;
}

export interface ZipArchive {
  entries: ZipEntryInfo[];
  findings: FindingDraft[];
  /**
   * Up to `maxBytes` of the member's uncompressed content (a prefix when the member is larger).
   * Rejects when the member cannot be read: unsupported method, damaged data, out of bounds.
   */
  read(entry: ZipEntryInfo, maxBytes: number): Promise<Uint8Array>;
  /** Where a member's data starts (after its local header); checks the local header once. */
  dataOffset(entry: ZipEntryInfo): Promise<number>;
}

const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX_COMMENT = 0xffff;

/** Bytes of a zip's tail that hold the end record wherever a maximal comment puts it. */
const TAIL = 22 + MAX_COMMENT + 20;

function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}
function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 0x100000000;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
/** cp437 for names without the UTF-8 flag; printable ASCII is the same in both. */
function decodeName(bytes: Uint8Array, flags: number): string {
  if (flags & 0x800) return utf8.decode(bytes);
  let s = '';
  for (const c of bytes) s += c < 0x80 ? String.fromCharCode(c) : CP437_HIGH[c - 0x80];
  return s;
}
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤≠⌠⌡÷≈°∙·√ⁿ²■ ';

export class ZipFormatError extends Error {}

function finding(ctx: ArtifactScanContext, rule: string, message: string, evidence: Record<string, unknown>, severity?: FindingDraft['severity']): FindingDraft {
  return { rule, message, artifact: ctx.path, evidence, ...(severity ? { severity } : {}) };
}

/** True when the source starts like a zip (local header, or an empty archive's end record). */
export function looksLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && (u32(head, 0) === LOCAL_SIG || u32(head, 0) === EOCD_SIG);
}

/**
 * Opens a zip over any byte source: one read for the tail, one for the central directory when
 * it does not sit in the tail, one per member read. Never reads member data until asked.
 * Rejects with ZipFormatError when there is no readable central directory.
 */
export async function openZip(source: ByteSource, ctx: ArtifactScanContext): Promise<ZipArchive> {
  const src = source instanceof CachedSource ? source : new CachedSource(source);
  const size = await src.size();
  const findings: FindingDraft[] = [];
  const tailStart = Math.max(0, size - TAIL);
  const tail = await src.read(tailStart, size - tailStart, size - tailStart);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && u32(tail, i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end-of-central-directory record');
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  const commentLength = u16(tail, eocd + 20);
  if (eocd + 22 + commentLength !== tail.length) {
    findings.push(
      finding(ctx, RULE.zipHeaderMismatch, 'Bytes follow the zip end record: readers that look for it differently may see another archive.', {
        trailingBytes: tail.length - (eocd + 22 + commentLength),
      }),
    );
  }
  const locatorAt = eocd - 20;
  let zip64 = false;
  if (locatorAt >= 0 && u32(tail, locatorAt) === EOCD64_LOCATOR_SIG) {
    zip64 = true;
    const eocd64Offset = u64(tail, locatorAt + 8);
    const rec = await src.read(eocd64Offset, 56, 56);
    if (rec.length >= 56 && u32(rec, 0) === EOCD64_SIG) {
      count = u64(rec, 32);
      cdSize = u64(rec, 40);
      cdOffset = u64(rec, 48);
    } else if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw new ZipFormatError('zip64 end record missing');
    }
  }
  // Bytes before the archive (a self-extractor stub, or a disguise): Python's zipfile shifts
  // every offset by the gap between where the central directory should end and where it does.
  const shift = zip64 ? 0 : tailStart + eocd - cdSize - cdOffset;
  if (shift > 0) {
    cdOffset += shift;
    findings.push(
      finding(ctx, RULE.zipHeaderMismatch, `${shift} bytes precede the zip archive: readers that locate it from its end (Python's zipfile, Keras) open it, while the file does not look like a zip from its start.`, {
        prefixBytes: shift,
      }),
    );
  }
  if (cdOffset + cdSize > size) throw new ZipFormatError(`central directory (${cdOffset}+${cdSize}) lies outside the file (${size} bytes)`);
  if (cdSize > ctx.limits.maxBytesPerFile) throw new ZipFormatError(`central directory of ${cdSize} bytes is over the read budget`);
  const cd = await src.read(cdOffset, cdSize, cdSize);
  const entries: ZipEntryInfo[] = [];
  let at = 0;
  while (at + 46 <= cd.length && u32(cd, at) === CENTRAL_SIG) {
    const madeBy = u16(cd, at + 4);
    const flags = u16(cd, at + 8);
    const method = u16(cd, at + 10);
    let compressedSize = u32(cd, at + 20);
    let uncompressedSize = u32(cd, at + 24);
    const nameLength = u16(cd, at + 28);
    const extraLength = u16(cd, at + 30);
    const commentLen = u16(cd, at + 32);
    const externalAttrs = u32(cd, at + 38);
    let localHeaderOffset = u32(cd, at + 42);
    const nameBytes = cd.subarray(at + 46, at + 46 + nameLength);
    const extra = cd.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    // zip64 extended information: only the fields that overflowed are present, in this order.
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = u16(extra, e);
      const len = u16(extra, e + 2);
      if (id === 0x0001) {
        let p = e + 4;
        const end = p + len;
        if (uncompressedSize === 0xffffffff && p + 8 <= end) {
          uncompressedSize = u64(extra, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff && p + 8 <= end) {
          compressedSize = u64(extra, p);
          p += 8;
        }
        if (localHeaderOffset === 0xffffffff && p + 8 <= end) localHeaderOffset = u64(extra, p);
      }
      e += 4 + len;
    }
    if (shift > 0 && localHeaderOffset !== 0xffffffff) localHeaderOffset += shift;
    const name = decodeName(nameBytes, flags);
    const unixMode = (madeBy >> 8) === 3 ? externalAttrs >>> 16 : 0;
    entries.push({
      name,
      compressedSize,
      uncompressedSize,
      method,
      flags,
      localHeaderOffset,
      isDirectory: name.endsWith('/') || (unixMode & 0xf000) === 0x4000,
      isSymlink: (unixMode & 0xf000) === 0xa000,
    });
    at += 46 + nameLength + extraLength + commentLen;
  }
  if (entries.length !== count) {
    findings.push(
      finding(ctx, RULE.zipHeaderMismatch, `The zip end record announces ${count} entries but the central directory holds ${entries.length}.`, {
        announced: count,
        found: entries.length,
      }),
    );
  }
  findings.push(...containerNameFindings(ctx, entries.map((e) => ({ name: e.name, isLink: e.isSymlink }))));
  const encrypted = entries.filter((e) => e.flags & 1);
  if (encrypted.length > 0) {
    findings.push(
      finding(ctx, RULE.encryptedMember, `${encrypted.length} zip member(s) carry the encryption flag; PyTorch ignores the flag and reads the bytes as they are, so the scanner does too.`, {
        members: encrypted.slice(0, 20).map((e) => e.name),
      }),
    );
  }

  const localChecked = new Set<ZipEntryInfo>();
  async function dataStart(entry: ZipEntryInfo): Promise<number> {
    // Small fetch: for a checkpoint, the next bytes are tensor data nobody needs.
    const header = await src.read(entry.localHeaderOffset, 30 + 512, 30 + 512);
    if (header.length < 30 || u32(header, 0) !== LOCAL_SIG) throw new ZipFormatError(`no local header at ${entry.localHeaderOffset} for ${entry.name}`);
    const nameLength = u16(header, 26);
    const extraLength = u16(header, 28);
    if (!localChecked.has(entry)) {
      localChecked.add(entry);
      const differences: string[] = [];
      const localFlags = u16(header, 6);
      if (u16(header, 8) !== entry.method) differences.push('compression method');
      if (header.length >= 30 + nameLength) {
        const localName = decodeName(header.subarray(30, 30 + nameLength), localFlags);
        if (localName !== entry.name) differences.push(`name (local "${localName.slice(0, 200)}")`);
      }
      if (!(localFlags & 0x8)) {
        const lc = u32(header, 18);
        const lu = u32(header, 22);
        if (lc !== 0xffffffff && lc !== entry.compressedSize) differences.push('compressed size');
        if (lu !== 0xffffffff && lu !== entry.uncompressedSize) differences.push('uncompressed size');
      }
      if (differences.length > 0) {
        findings.push(
          finding(ctx, RULE.zipHeaderMismatch, `Zip member "${entry.name}": the local header disagrees with the central directory on ${differences.join(', ')}; readers that trust the local header see different content.`, {
            member: entry.name,
            differences,
          }),
        );
      }
    }
    const start = entry.localHeaderOffset + 30 + nameLength + extraLength;
    if (start + entry.compressedSize > size) throw new ZipFormatError(`member ${entry.name} runs past the end of the file`);
    return start;
  }

  async function read(entry: ZipEntryInfo, maxBytes: number): Promise<Uint8Array> {
    const start = await dataStart(entry);
    if (entry.method === 0) {
      const n = Math.min(entry.compressedSize, maxBytes);
      return (await src.read(start, n, n)).slice();
    }
    if (entry.method === 8) {
      const decoded: Decoded = await decodeStream(rawInflater, chunksOf(src, start, entry.compressedSize), maxBytes);
      if (decoded.error && !decoded.truncated) throw new ZipFormatError(`member ${entry.name}: ${decoded.error}`);
      return decoded.bytes;
    }
    // bzip2 (12) and LZMA (14): PyTorch cannot read them, but Python's zipfile can, and numpy.load
    // and Keras open archives through it.
    if ((entry.method === 12 || entry.method === 14) && entry.compressedSize <= maxBytes + (1 << 20)) {
      const raw = await src.read(start, entry.compressedSize, entry.compressedSize);
      let decoded: Decoded;
      if (entry.method === 12) decoded = bunzip(raw, maxBytes);
      else {
        // zip's LZMA: version (2), properties size (2), properties, raw stream; rebuilt as "LZMA alone"
        const propsSize = raw.length >= 4 ? raw[2] | (raw[3] << 8) : 0;
        if (propsSize !== 5 || raw.length < 9) throw new ZipFormatError(`member ${entry.name}: damaged LZMA header`);
        const alone = new Uint8Array(13 + raw.length - 9);
        alone.set(raw.subarray(4, 9), 0);
        const view = new DataView(alone.buffer);
        if (entry.flags & 2) view.setBigUint64(5, 0xffffffffffffffffn, true);
        else view.setBigUint64(5, BigInt(entry.uncompressedSize), true);
        alone.set(raw.subarray(9), 13);
        decoded = await unlzmaAlone(alone, maxBytes);
      }
      if (decoded.error && !decoded.truncated) throw new ZipFormatError(`member ${entry.name}: ${decoded.error}`);
      return decoded.bytes;
    }
    throw new ZipFormatError(`member ${entry.name} uses compression method ${entry.method}, which neither PyTorch nor Python's zipfile reads`);
  }

  return { entries, findings, read, dataOffset: dataStart };
}

async function* chunksOf(src: ByteSource, start: number, length: number, chunk = 1 << 18): AsyncIterable<Uint8Array> {
  for (let at = 0; at < length; at += chunk) {
    const n = Math.min(chunk, length - at);
    const bytes = src instanceof CachedSource ? await src.read(start + at, n, n) : await src.read(start + at, n);
    if (bytes.length === 0) return;
    yield bytes;
  }
}

/** Traversal, absolute, link and duplicate-name findings shared by zip and tar. */
export function containerNameFindings(ctx: ArtifactScanContext, names: { name: string; isLink: boolean; linkTarget?: string }[]): FindingDraft[] {
  const out: FindingDraft[] = [];
  const seen = new Map<string, number>();
  for (const { name, isLink, linkTarget } of names) {
    seen.set(name, (seen.get(name) ?? 0) + 1);
    const risk = describePathRisk(name);
    if (risk) {
      out.push(finding(ctx, RULE.archivePathTraversal, `Archive member "${name.slice(0, 300)}" ${risk}: extracting it writes outside the target folder.`, { member: name, risk }));
    }
    if (isLink) {
      const targetRisk = linkTarget !== undefined ? describePathRisk(linkTarget, name) : null;
      out.push(
        finding(
          ctx,
          RULE.archiveLink,
          `Archive member "${name.slice(0, 300)}" is a link${linkTarget !== undefined ? ` to "${linkTarget.slice(0, 300)}"` : ''}${targetRisk ? ` that ${targetRisk}` : ''}.`,
          { member: name, target: linkTarget ?? null },
          targetRisk || linkTarget === undefined ? 'high' : 'medium',
        ),
      );
    }
  }
  const dups = [...seen].filter(([, n]) => n > 1);
  if (dups.length > 0) {
    out.push(
      finding(ctx, RULE.archiveDuplicate, `${dups.length} archive member name(s) occur more than once; readers disagree on which copy they load (all copies were scanned).`, {
        names: dups.slice(0, 20).map(([n, c]) => ({ name: n, count: c })),
      }),
    );
  }
  return out;
}
