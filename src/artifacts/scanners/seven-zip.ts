// 7z archives, through 7-Zip itself compiled to WebAssembly (7z-wasm). The archive is written to
// 7-Zip's in-memory file system, listed first (so the decompression budget is checked before
// anything expands), then extracted there, and each member is scanned through the dispatcher.
// Nothing touches the disk.
import type { ArtifactReport, ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult } from '../../types.js';
import { ScanLimitError, limitFinding } from '../budget.js';
import { containerNameFindings } from '../containers/zip.js';
import { RULE } from '../rule-ids.js';
import { MemoryByteSource } from '../source.js';
import { readRange } from './pickle.js';

interface Listed {
  path: string;
  size: number;
  isDir: boolean;
  isLink: boolean;
}

function parseSlt(text: string): Listed[] {
  const out: Listed[] = [];
  const blocks = text.split(/\n\s*\n/);
  for (const b of blocks) {
    const kv = new Map<string, string>();
    for (const line of b.split('\n')) {
      const m = /^([A-Za-z ]+?) = (.*)$/.exec(line.trim());
      if (m) kv.set(m[1], m[2]);
    }
    const path = kv.get('Path');
    if (!path || !kv.has('Size')) continue;
    const attrs = kv.get('Attributes') ?? '';
    out.push({ path, size: Number(kv.get('Size') ?? 0), isDir: kv.get('Folder') === '+' || attrs.startsWith('D'), isLink: /\bl/.test(attrs.split(' ').slice(1).join(' ')) || attrs.includes('-> ') });
  }
  return out;
}

export async function scanSevenZip(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const size = await source.size();
  if (size > ctx.limits.maxBytesPerFile) throw new ScanLimitError('maxBytesPerFile', 'the 7z archive is larger than the read budget');
  const bytes = await readRange(source, 0, size);
  let output = '';
  const { default: SevenZip } = (await import('7z-wasm')) as unknown as { default: (o: object) => Promise<{ FS: any; callMain(a: string[]): void }> };
  const sz = await SevenZip({ print: (s: string) => (output += `${s}\n`), printErr: () => undefined });
  const fs = sz.FS;
  fs.writeFile('/a.7z', bytes);
  sz.callMain(['l', '-slt', '-p-', '/a.7z']);
  const listed = parseSlt(output.slice(output.indexOf('----------')));
  const findings: FindingDraft[] = [...containerNameFindings(ctx, listed.map((l) => ({ name: l.path, isLink: l.isLink })))];
  const total = listed.reduce((n, l) => n + (l.isDir ? 0 : l.size), 0);
  if (total > ctx.limits.maxDecompressedBytes) {
    findings.push(limitFinding(ctx, `its members expand to ${total} bytes, over the decompression budget of ${ctx.limits.maxDecompressedBytes}`, 'maxDecompressedBytes'));
    if (total / Math.max(1, size) > 1000) findings.push({ rule: RULE.archiveBomb, message: `${ctx.path} expands ${Math.round(total / size)}-fold: a decompression bomb.`, artifact: ctx.path, evidence: { compressedSize: size, uncompressedSize: total } });
    return { format: '7z', findings };
  }
  fs.mkdir('/out');
  output = '';
  sz.callMain(['x', '-p-', '-snl', '-y', '-o/out', '/a.7z']);
  const members: ArtifactReport[] = [];
  for (const l of listed) {
    if (l.isDir || l.isLink) continue;
    // a member whose name climbs out is written under /out by 7-Zip's own sanitising; look both ways
    let data: Uint8Array | null = null;
    for (const p of [`/out/${l.path}`, `/out/${l.path.replace(/^(\.\.\/)+/, '')}`]) {
      try {
        data = fs.readFile(p) as Uint8Array;
        break;
      } catch {
        /* try the next spelling */
      }
    }
    if (!data) {
      findings.push({ rule: RULE.incompleteScan, message: `Could not extract member "${l.path}" of ${ctx.path} (damaged or encrypted).`, artifact: ctx.path, evidence: { member: l.path } });
      continue;
    }
    const report = await ctx.scanNested(new MemoryByteSource(l.path, data), `${ctx.path}/${l.path}`);
    members.push(report);
  }
  return { format: '7z', findings, members };
}
