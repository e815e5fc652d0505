// Zip files: PyTorch checkpoints (any top-level folder name), TorchScript archives, NumPy .npz,
// Keras .keras (handed to the Keras scanner) and zips in general. Every member is sniffed from
// its first bytes; pickles are run through the machine whatever their name, containers are
// scanned recursively, tensor data is never read beyond the sniff.
import type { ArtifactFormat, ArtifactReport, ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult, PickleGlobal } from '../../types.js';
import { checkDeadline, errorMessage, limitFinding } from '../budget.js';
import { openZip, type ZipEntryInfo } from '../containers/zip.js';
import { formatScanners } from '../formats-registry.js';
import { RULE } from '../rule-ids.js';
import { SliceSource } from '../slice-source.js';
import { MemoryByteSource } from '../source.js';
import { sniffFormat } from '../sniff.js';
import { scanPickleBytes } from './pickle.js';

const SNIFF = 64;
/** A member this much larger than its compressed bytes, and large, is treated as a bomb. */
const BOMB_RATIO = 200;
const BOMB_MIN = 16 * 1024 * 1024;

function zipKind(entries: ZipEntryInfo[]): ArtifactFormat {
  const names = entries.map((e) => e.name);
  if (names.some((n) => /(^|\/)code\/.*\.py$/.test(n) || /(^|\/)constants\.pkl$/.test(n))) return 'torchscript';
  if (names.some((n) => /(^|\/)data\.pkl$/.test(n))) return 'pytorch-zip';
  if (names.includes('config.json') && (names.includes('model.weights.h5') || names.includes('metadata.json'))) return 'keras';
  const files = entries.filter((e) => !e.isDirectory);
  if (files.length > 0 && files.every((e) => e.name.endsWith('.npy'))) return 'numpy-npz';
  return 'zip';
}

export async function scanZipContainer(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const zip = await openZip(source, ctx);
  const format = zipKind(zip.entries);
  if (format === 'keras') {
    const keras = (await formatScanners()).scanKerasZip;
    if (keras) {
      const r = await keras(source, ctx);
      return { ...r, findings: [...zip.findings, ...r.findings] };
    }
  }
  // zip.findings grows while members are read (local header checks): merged at the end
  const findings: FindingDraft[] = [];
  const globals: PickleGlobal[] = [];
  const members: ArtifactReport[] = [];
  let decompressed = 0;
  const code: string[] = [];
  // PyTorch reads the storages data.pkl names (<folder>/data/<key>) as raw bytes and never
  // unpickles them, so those are not sniffed: that is where the gigabytes are. Members data.pkl
  // does not reference are sniffed like any other.
  const storages = new Set<string>();
  const ordered = [...zip.entries].sort((a, b) => Number(/(^|\/)data\.pkl$/.test(b.name)) - Number(/(^|\/)data\.pkl$/.test(a.name)));
  for (const entry of ordered) {
    if (entry.isDirectory || entry.isSymlink) continue;
    if (storages.has(entry.name)) continue;
    if (format === 'torchscript' && /(^|\/)code\/.*\.py$/.test(entry.name)) code.push(entry.name);
    if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > BOMB_RATIO && entry.uncompressedSize > BOMB_MIN) {
      findings.push({
        rule: RULE.archiveBomb,
        message: `Zip member "${entry.name}" expands ${Math.round(entry.uncompressedSize / entry.compressedSize)}-fold (${entry.compressedSize} -> ${entry.uncompressedSize} bytes): a decompression bomb.`,
        artifact: ctx.path,
        evidence: { member: entry.name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize },
      });
    }
    try {
      checkDeadline(ctx);
      const head = await zip.read(entry, SNIFF);
      const kind = sniffFormat(head, entry.uncompressedSize);
      // PyTorch unpickles data.pkl / constants.pkl whatever their first bytes look like
      const loaderPickle = /\.pkl$/.test(entry.name);
      if (kind === 'pickle' || kind === 'pytorch-legacy' || loaderPickle) {
        const budget = ctx.limits.maxDecompressedBytes - decompressed;
        if (entry.uncompressedSize > budget) {
          findings.push(limitFinding(ctx, `the member needs ${entry.uncompressedSize} bytes, over the decompression budget left (${budget})`, 'maxDecompressedBytes', entry.name));
          continue;
        }
        const bytes = await zip.read(entry, entry.uncompressedSize);
        decompressed += bytes.length;
        const r = scanPickleBytes(bytes, { ...ctx }, entry.name);
        if (r.notPickle) {
          if (loaderPickle) {
            findings.push({
              rule: RULE.pickleMalformed,
              message: `Member "${entry.name}" of ${ctx.path} is loaded as a pickle but is not one (${bytes.length} bytes); the loader fails on it.`,
              artifact: ctx.path,
              evidence: { member: entry.name },
            });
          }
          continue;
        }
        if (format === 'pytorch-zip' && /(^|\/)data\.pkl$/.test(entry.name)) {
          const folder = entry.name.slice(0, -'data.pkl'.length);
          for (const key of r.storageKeys) storages.add(`${folder}data/${key}`);
        }
        globals.push(...r.globals);
        findings.push(...r.findings);
        continue;
      }
      if (kind === 'unknown' || kind === 'text' || kind === 'python') continue;
      // a container or model format inside: scan it through the dispatcher
      let nested: ByteSource;
      if (entry.method === 0) {
        nested = new SliceSource(entry.name, source, await zip.dataOffset(entry), entry.compressedSize);
      } else {
        const budget = ctx.limits.maxDecompressedBytes - decompressed;
        if (entry.uncompressedSize > budget) {
          findings.push(limitFinding(ctx, `the member needs ${entry.uncompressedSize} bytes, over the decompression budget left (${budget})`, 'maxDecompressedBytes', entry.name));
          continue;
        }
        const bytes = await zip.read(entry, entry.uncompressedSize);
        decompressed += bytes.length;
        nested = new MemoryByteSource(entry.name, bytes);
      }
      const report = await ctx.scanNested(nested, `${ctx.path}/${entry.name}`);
      members.push(report);
    } catch (e) {
      if (entry.flags & 1) continue; // encrypted and unreadable: reported once for the archive
      findings.push({
        rule: RULE.incompleteScan,
        message: `Could not read member "${entry.name}" of ${ctx.path}: ${errorMessage(e)}.`,
        artifact: ctx.path,
        evidence: { member: entry.name, error: errorMessage(e) },
      });
    }
  }
  if (code.length > 0) {
    findings.push({
      rule: RULE.torchscriptCode,
      message: `${ctx.path} is a TorchScript archive with ${code.length} code file(s); torch.jit.load compiles and runs that code.`,
      artifact: ctx.path,
      evidence: { codeFiles: code.slice(0, 50) },
      fix: 'Load TorchScript only from publishers you trust, or ask for safetensors weights.',
    });
  }
  return { format, globals, findings: [...zip.findings, ...findings], ...(members.length ? { members } : {}) };
}
