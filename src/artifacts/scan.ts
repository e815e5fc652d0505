// The artifact dispatcher: sniff a file's format from its bytes, hand it to the scanner for that
// format within the file's budgets, and turn anything that goes wrong into a finding. Entry
// points for one source (scanArtifact), a local file or folder (inspectLocal) and the files of
// a hub model (scanModelArtifacts).
import type { ArtifactFormat, ArtifactReport, ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult, FormatScanner, ScanLimits } from '../types.js';
import { BudgetedSource, ScanLimitError, errorMessage, limitFinding } from './budget.js';
import { CachedSource } from './range-cache.js';
import { claimedFormat, namesDisagree, sniffFormat } from './sniff.js';
import { RULE } from './rule-ids.js';
import { scanPickleSource } from './scanners/pickle.js';
import { scanZipContainer } from './scanners/zip-container.js';
import { openZip } from './containers/zip.js';
import { scanTarContainer } from './scanners/tar-container.js';
import { scanCompressed } from './scanners/compressed.js';
import { scanSevenZip } from './scanners/seven-zip.js';
import { scanNpy } from './scanners/numpy.js';
import { formatScanners } from './formats-registry.js';
import { isChatTemplateFile, isTemplateConfig } from './names.js';
import { runPickle } from './pickle/machine.js';

/** JSON that configures nothing the loaders execute (tokenizer.json, vocab.json, ...): not read past the sniff. */
const dataJson: FormatScanner = async () => ({ format: 'json', findings: [] });

export { inspectLocal } from './local.js';
export { inspectHubModel, scanModelArtifacts } from './model.js';

/** What the dispatcher hands a nested scan: the parent's deadline still applies. */
async function dispatch(source: ByteSource, path: string, limits: ScanLimits, depth: number, deadline: number): Promise<ArtifactReport> {
  const started = Date.now();
  const findings: FindingDraft[] = [];
  let format: ArtifactFormat = 'unknown';
  let size = 0;
  const baseRead = source.bytesRead();
  const budgeted = new BudgetedSource(source, limits.maxBytesPerFile);
  const cached = new CachedSource(budgeted);
  const ctx: ArtifactScanContext = {
    path,
    limits,
    depth,
    deadline,
    scanNested: async (src, nestedPath) => {
      if (depth + 1 > limits.maxNesting) {
        return {
          path: nestedPath,
          format: 'unknown',
          bytesRead: 0,
          size: await src.size().catch(() => 0),
          globals: [],
          findings: [limitFinding({ ...ctx, path: nestedPath }, `containers are nested deeper than ${limits.maxNesting} levels`, 'maxNesting')],
          durationMs: 0,
        };
      }
      return dispatch(src, nestedPath, limits, depth + 1, deadline);
    },
  };
  let result: FormatScanResult = { format: 'unknown', findings: [] };
  try {
    size = await cached.size();
    // small files in one read: the zip tail, the pickle and the sniff all come from it
    const head = size <= 128 * 1024 ? (await cached.read(0, size, size)).subarray(0, 4096) : await cached.read(0, 4096);
    format = sniffFormat(head, size);
    if (format === 'unknown' || format === 'text') format = await sniffHarder(cached, head, size, format, ctx);
    else if (format === 'pickle' && head[0] !== 0x80 && isTextLike(head) && !isPickleFamily(claimedFormat(path) ?? 'unknown') && looksLikePickleRun(head, size, ctx) === false) format = 'text';
    const scanner = await chooseScanner(format, claimedFormat(path), path, head, size);
    if (scanner) {
      result = await scanner(cached, ctx);
      format = result.format;
    } else if (format === 'unknown' && size > 0) {
      findings.push({ rule: RULE.unknownFormat, message: `${path}: the content matches no model format the scanner knows; it was not scanned.`, artifact: path, evidence: { head: hex(head.subarray(0, 16)) } });
    }
  } catch (e) {
    if (e instanceof ScanLimitError) findings.push(limitFinding(ctx, e.message, e.limit));
    else findings.push({ rule: RULE.incompleteScan, message: `Could not scan ${path} (${format}): ${errorMessage(e)}.`, artifact: path, evidence: { format, error: errorMessage(e) } });
  }
  findings.push(...result.findings);
  // text and JSON are only opened as zips when named like one (keeps tokenizer.json to its head)
  const zipReaderName = ['keras', 'zip', 'numpy-npz'].includes(claimedFormat(path) ?? '');
  if (!ZIP_FAMILY.includes(format) && size >= 22 && (zipReaderName || !['json', 'text'].includes(format))) {
    const hidden = await trailingZip(cached, size, ctx).catch(() => null);
    if (hidden) {
      findings.push({
        rule: RULE.formatMismatch,
        severity: 'medium',
        message: `${path} is ${format} from its start and also a zip archive from its end: loaders that open it as a zip (Keras, Python's zipfile) read content the ${format} reader never sees.`,
        artifact: path,
        evidence: { detected: format, alsoZip: true },
      });
      result.members = [...(result.members ?? []), hidden];
    }
  }
  const claimed = claimedFormat(path);
  const report: ArtifactReport = {
    path,
    format,
    bytesRead: source.bytesRead() - baseRead,
    size,
    globals: result.globals ?? [],
    findings,
    ...(result.members ? { members: result.members } : {}),
    durationMs: Date.now() - started,
  };
  if (claimed && namesDisagree(claimed, format)) {
    report.claimedFormat = claimed;
    findings.push({
      rule: RULE.formatMismatch,
      message: `${path} is named like ${claimed} but its content is ${format}; tools that trust the name load it differently than the scanner read it.`,
      artifact: path,
      evidence: { claimed, detected: format },
      ...(isPickleFamily(format) && !isPickleFamily(claimed) ? { severity: 'medium' as const } : {}),
    });
  }
  return report;
}

function isPickleFamily(f: ArtifactFormat): boolean {
  return ['pickle', 'pytorch-zip', 'pytorch-legacy', 'pytorch-tar', 'torchscript', 'joblib', 'numpy', 'numpy-npz'].includes(f);
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

const ZIP_FAMILY: ArtifactFormat[] = ['zip', 'pytorch-zip', 'torchscript', 'numpy-npz', 'keras', '7z', 'unknown'];

/**
 * A file that starts as one format and ends with a zip end record is a polyglot: readers that
 * locate a zip from its end (Python's zipfile, hence Keras) open the archive inside it. Returns
 * the archive's report when the end record leads to a readable central directory.
 */
async function trailingZip(source: CachedSource, size: number, ctx: ArtifactScanContext): Promise<ArtifactReport | null> {
  if (!(await hasZipEndRecord(source, size))) return null;
  const path = `${ctx.path}#zip`;
  const started = Date.now();
  const base = source.bytesRead();
  let result: FormatScanResult;
  try {
    // an end record by chance (tensor bytes, a blob in a pickle) leads to no entries
    if ((await openZip(source, { ...ctx, path })).entries.length === 0) return null;
    result = await scanZipContainer(source, { ...ctx, path });
  } catch {
    return null; // an end record by chance (tensor bytes), with no archive behind it
  }
  return { path, format: result.format, bytesRead: source.bytesRead() - base, size, globals: result.globals ?? [], findings: result.findings, ...(result.members ? { members: result.members } : {}), durationMs: Date.now() - started };
}

async function hasZipEndRecord(source: ByteSource, size: number): Promise<boolean> {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await source.read(size - tailLength, tailLength);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) return true;
  }
  return false;
}

/** Sniff results that say "no recognised structure": the name decides which parser the loader uses. */
const NO_STRUCTURE: ArtifactFormat[] = ['unknown', 'text', 'json'];

/**
 * A format with no magic at the start can still be one the loaders read: a zip with bytes
 * before its first entry (zip readers find the end record from the end), or a pickle that
 * starts with an opcode the quick sniff does not expect (no PROTO, a FRAME, a unicode string).
 */
async function sniffHarder(source: ByteSource, head: Uint8Array, size: number, format: ArtifactFormat, ctx: ArtifactScanContext): Promise<ArtifactFormat> {
  if (size >= 22 && (await hasZipEndRecord(source, size)) && (await openZip(source, ctx).then((z) => z.entries.length > 0).catch(() => false))) return 'zip';
  let verdict = looksLikePickleRun(head, size, ctx);
  // a first object larger than the sniff (a big BINBYTES before the payload): look further once
  if (verdict === 'more' && head.length < size) verdict = looksLikePickleRun(await source.read(0, Math.min(size, PROBE_WINDOW)), size, ctx);
  return verdict === true ? 'pickle' : format;
}

/** How far a pickle without PROTO is followed when its first object outgrows the sniff. */
const PROBE_WINDOW = 4 * 1024 * 1024;

/** Printable text (a vocabulary, a licence): protocol 0 opcodes are letters, so text can look like one. */
function isTextLike(head: Uint8Array): boolean {
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return false;
  }
  return n > 0;
}

/**
 * Whether bytes the sniff could not place run as a pickle. Binary content counts once it
 * imports a global; text must do what an attack does (call something) or end cleanly, since a
 * word list such as "cat\ndog\n" reads as an import that fails before anything runs.
 */
function looksLikePickleRun(head: Uint8Array, size: number, ctx: ArtifactScanContext): boolean | 'more' {
  const run = runPickle(head, 0, { maxOps: 10_000, maxStackDepth: ctx.limits.maxStackDepth, maxMemoEntries: ctx.limits.maxMemoEntries, deadline: ctx.deadline });
  if (isTextLike(head) && run.error && !run.globals.some((g) => g.called)) return run.error.kind === 'truncated' && head.length < size ? 'more' : false;
  if (run.globals.length > 0) return true;
  if (!run.error) return run.ops >= 2;
  if (run.error.kind !== 'truncated' || head.length >= size) return false;
  return run.ops >= 3 ? true : 'more';
}

/** JSON data files (tokenizer.json, vocab.json) can be tens of MB; a small one is checked anyway. */
const SMALL_JSON = 1 << 20;

function mayCarryTemplate(head: Uint8Array, size: number): boolean {
  return size <= SMALL_JSON || Buffer.from(head).includes('"chat_template"');
}

async function chooseScanner(format: ArtifactFormat, claimed: ArtifactFormat | null, path: string, head: Uint8Array, size: number): Promise<FormatScanner | null> {
  const external = await formatScanners();
  // ONNX is protobuf without a magic number: only the name can suggest it
  if (claimed === 'onnx' && (format === 'unknown' || format === 'text')) return external.scanOnnx ?? null;
  if (isChatTemplateFile(path) && ['text', 'json', 'unknown'].includes(format)) return external.scanChatTemplateFile ?? null;
  // The loader picks its parser by the name: a damaged safetensors/GGUF/HDF5 file is still
  // parsed as one, so it is judged as one (fail closed) unless the bytes are something riskier.
  if (NO_STRUCTURE.includes(format)) {
    if (claimed === 'safetensors') return external.scanSafetensors ?? null;
    if (claimed === 'gguf') return external.scanGguf ?? null;
    if (claimed === 'keras-h5') return external.scanKerasH5 ?? null;
    // protobuf has no magic number either: a .pb is read as the TensorFlow graph it claims to be
    if (claimed === 'tf-savedmodel' && format !== 'json') return external.scanTfGraph ?? null;
  }
  if (format === 'json' && !isTemplateConfig(path) && (claimed === 'json' || claimed === null) && !mayCarryTemplate(head, size)) return dataJson;
  switch (format) {
    case 'pickle':
    case 'pytorch-legacy':
      return scanPickleSource;
    case 'zip':
      return scanZipContainer;
    case 'tar':
      return scanTarContainer;
    case 'gzip':
    case 'bz2':
    case 'xz':
      return scanCompressed;
    case '7z':
      return scanSevenZip;
    case 'numpy':
      return scanNpy;
    case 'safetensors':
      return external.scanSafetensors ?? null;
    case 'gguf':
      return external.scanGguf ?? null;
    case 'keras-h5':
      return external.scanKerasH5 ?? null;
    case 'json':
      return external.scanJsonConfig ?? null;
    default:
      return null;
  }
}

/**
 * Scans one file. Never throws: what cannot be read or parsed, and every budget crossed, is a
 * finding in the report. `depth` is the nesting level (0 for a file on its own).
 */
export async function scanArtifact(source: ByteSource, path: string, limits: ScanLimits, depth = 0): Promise<ArtifactReport> {
  try {
    return await dispatch(source, path, limits, depth, Date.now() + limits.timeoutMsPerFile);
  } catch (e) {
    return {
      path,
      format: 'unknown',
      bytesRead: source.bytesRead(),
      size: 0,
      globals: [],
      findings: [{ rule: RULE.incompleteScan, message: `Could not scan ${path}: ${errorMessage(e)}.`, artifact: path, evidence: { error: errorMessage(e) } }],
      durationMs: 0,
    };
  }
}
