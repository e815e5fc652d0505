// Tar headers walked in place: each entry costs one 512-byte read and the walker seeks over the
// data, so a remote legacy checkpoint's storages are never downloaded (a streaming tar parser
// would have to pull every byte). Handles ustar, GNU long names/links and pax path overrides.
import type { ByteSource } from '../../types.js';

export interface TarEntry {
  name: string;
  /** '0' file, '1' hard link, '2' symlink, '5' directory, ... */
  type: string;
  size: number;
  dataOffset: number;
  linkTarget?: string;
}

export interface TarListing {
  entries: TarEntry[];
  /** Why the walk stopped before the end marker, if it did. */
  error?: string;
}

function field(b: Uint8Array, at: number, len: number): string {
  const s = b.subarray(at, at + len);
  const nul = s.indexOf(0);
  return Buffer.from(nul >= 0 ? s.subarray(0, nul) : s).toString('utf8');
}

function octal(b: Uint8Array, at: number, len: number): number {
  if (b[at] & 0x80) {
    // GNU base-256 for large sizes
    let n = 0;
    for (let i = at + 1; i < at + len; i++) n = n * 256 + b[i];
    return n;
  }
  const s = field(b, at, len).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

function checksumOk(h: Uint8Array): boolean {
  const stored = octal(h, 148, 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum === stored;
}

export async function listTar(source: ByteSource, maxEntries = 100000): Promise<TarListing> {
  const size = await source.size();
  const entries: TarEntry[] = [];
  let at = 0;
  let longName: string | null = null;
  let longLink: string | null = null;
  let paxPath: string | null = null;
  let paxLink: string | null = null;
  while (at + 512 <= size) {
    if (entries.length >= maxEntries) return { entries, error: `more than ${maxEntries} entries` };
    const h = await source.read(at, 512);
    if (h.length < 512) return { entries, error: 'truncated header' };
    if (h.every((x) => x === 0)) return { entries };
    if (!checksumOk(h)) return { entries, error: `bad header checksum at ${at}` };
    const type = String.fromCharCode(h[156] || 0x30);
    const entrySize = octal(h, 124, 12);
    const dataOffset = at + 512;
    if (!Number.isFinite(entrySize) || entrySize < 0) return { entries, error: `bad size at ${at}` };
    if (dataOffset + entrySize > size) return { entries, error: `entry at ${at} runs past the end of the file` };
    const next = dataOffset + Math.ceil(entrySize / 512) * 512;
    if (type === 'L' || type === 'K' || type === 'x' || type === 'g') {
      const body = Buffer.from(await source.read(dataOffset, Math.min(entrySize, 1 << 20))).toString('utf8');
      if (type === 'L') longName = body.replace(/\0+$/, '');
      else if (type === 'K') longLink = body.replace(/\0+$/, '');
      else if (type === 'x') {
        for (const m of body.matchAll(/\d+ (path|linkpath)=([^\n]*)\n/g)) {
          if (m[1] === 'path') paxPath = m[2];
          else paxLink = m[2];
        }
      }
      at = next;
      continue;
    }
    const prefix = field(h, 345, 155);
    const ustar = field(h, 257, 6).startsWith('ustar');
    let name = field(h, 0, 100);
    if (ustar && prefix) name = `${prefix}/${name}`;
    name = paxPath ?? longName ?? name;
    const link = paxLink ?? longLink ?? field(h, 157, 100);
    entries.push({ name, type, size: entrySize, dataOffset, ...(type === '1' || type === '2' ? { linkTarget: link } : {}) });
    longName = longLink = paxPath = paxLink = null;
    at = next;
  }
  return { entries };
}
