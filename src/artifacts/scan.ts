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
import { scanTarContainer } from './scanners/tar-container.js';
import { scanCompressed } from './scanners/compressed.js';
import { scanSevenZip } from './scanners/seven-zip.js';
import { scanNpy } from './scanners/numpy.js';
import { formatScanners } from './formats-registry.js';

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
    const scanner = await chooseScanner(format, claimedFormat(path));
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

async function chooseScanner(format: ArtifactFormat, claimed: ArtifactFormat | null): Promise<FormatScanner | null> {
  const external = await formatScanners();
  // ONNX is protobuf without a magic number: only the name can suggest it
  if (claimed === 'onnx' && (format === 'unknown' || format === 'text')) return external.scanOnnx ?? null;
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
