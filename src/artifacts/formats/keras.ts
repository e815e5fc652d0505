// Keras models: the v3 `.keras` zip (config.json, metadata.json, model.weights.h5) and the
// legacy HDF5 file whose root `model_config` attribute holds the JSON config. Both configs go
// through the same checks (keras-config.ts).
import * as hdf5 from 'jsfive';
import type { ArtifactReport, ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult } from '../../types.js';
import { openZip, type ZipArchive } from '../containers/zip.js';
import { sniffFormat } from '../sniff.js';
import { MemoryByteSource } from '../source.js';
import { BudgetExceeded, ReadBudget, errorText } from './budget.js';
import { checkKerasConfig } from './keras-config.js';

/** Keras configs are small; one above this is not parsed. */
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

function unverifiable(path: string, message: string, evidence: Record<string, unknown> = {}): FindingDraft {
  return {
    rule: 'MG573',
    artifact: path,
    message: `${path}: ${message}`,
    evidence,
    fix: 'Obtain the model from its original publisher, or inspect its config by hand before loading it.',
  };
}

function parseConfig(text: string, path: string, where: string): { config: unknown } | { finding: FindingDraft } {
  try {
    return { config: JSON.parse(text) };
  } catch (error) {
    return { finding: unverifiable(path, `${where} is not valid JSON (${errorText(error)}); the layers could not be checked.`, { where }) };
  }
}

export async function scanKerasZip(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const findings: FindingDraft[] = [];
  let zip;
  try {
    zip = await openZip(source, ctx);
  } catch (error) {
    findings.push(unverifiable(ctx.path, `the .keras archive could not be opened (${errorText(error)}).`));
    return { format: 'keras', findings };
  }
  // Archive-level findings of openZip (names, header disagreements) are reported by the zip
  // container that hands .keras archives to this scanner; they are not repeated here.
  const members = await scanOtherMembers(zip, ctx, findings);
  // Keras reads the members at the archive root by exact name.
  const config = zip.entries.find((e) => e.name === 'config.json');
  if (!config) {
    findings.push(unverifiable(ctx.path, 'the archive has no config.json, so the model it builds could not be checked.', { members: zip.entries.slice(0, 20).map((e) => e.name) }));
    return { format: 'keras', findings, members };
  }
  const cap = Math.min(MAX_CONFIG_BYTES, ctx.limits.maxDecompressedBytes);
  if (config.uncompressedSize > cap) {
    findings.push(unverifiable(ctx.path, `config.json is ${config.uncompressedSize} bytes, over the ${cap}-byte limit; it was not checked.`, { size: config.uncompressedSize, limit: cap }));
    return { format: 'keras', findings, members };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await zip.read(config, cap));
  } catch (error) {
    findings.push(unverifiable(ctx.path, `config.json could not be read (${errorText(error)}).`));
    return { format: 'keras', findings, members };
  }
  const parsed = parseConfig(text, ctx.path, 'config.json');
  if ('finding' in parsed) findings.push(parsed.finding);
  else findings.push(...checkKerasConfig(parsed.config, ctx.path, 'config.json'));
  return { format: 'keras', findings, members };
}

const KERAS_OWN = new Set(['config.json', 'metadata.json']);
const MAX_NESTED_MEMBERS = 50;

/**
 * Members besides config.json and metadata.json: HDF5 weights hold no code and are skipped;
 * anything that sniffs as another model or container format (a pickle in assets/, a nested
 * archive) is scanned through the dispatcher, since nothing else looks inside a .keras.
 */
async function scanOtherMembers(zip: ZipArchive, ctx: ArtifactScanContext, findings: FindingDraft[]): Promise<ArtifactReport[]> {
  const members: ArtifactReport[] = [];
  let decompressed = 0;
  for (const entry of zip.entries) {
    if (entry.isDirectory || entry.isSymlink || KERAS_OWN.has(entry.name)) continue;
    if (members.length >= MAX_NESTED_MEMBERS) break;
    try {
      const kind = sniffFormat(await zip.read(entry, 64), entry.uncompressedSize);
      if (kind === 'keras-h5' || kind === 'unknown' || kind === 'text' || kind === 'json') continue;
      const budget = ctx.limits.maxDecompressedBytes - decompressed;
      if (entry.uncompressedSize > budget) {
        findings.push(unverifiable(ctx.path, `member ${entry.name} (${kind}, ${entry.uncompressedSize} bytes) is over the decompression budget left (${budget}) and was not scanned.`, { member: entry.name, budget: 'bytes' }));
        continue;
      }
      const bytes = await zip.read(entry, entry.uncompressedSize);
      decompressed += bytes.length;
      members.push(await ctx.scanNested(new MemoryByteSource(entry.name, bytes), `${ctx.path}/${entry.name}`));
    } catch (error) {
      findings.push(unverifiable(ctx.path, `member ${entry.name} could not be read (${errorText(error)}).`, { member: entry.name }));
    }
  }
  return members;
}

/** The balanced JSON object starting at `start` (string-aware), or null. */
export function extractJsonObject(text: string, start: number, maxLength = 64 * 1024 * 1024): string | null {
  let depth = 0;
  let inString = false;
  const end = Math.min(text.length, start + maxLength);
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}

function attributeText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (Array.isArray(value) && value.length === 1) return attributeText(value[0]);
  return null;
}

/**
 * Model configs found as text in the raw bytes: h5py stores a string attribute's bytes
 * contiguously, so when the HDF5 reader fails the JSON can still be located. Keras configs
 * start with `{"class_name"` or `{"module"`. Every candidate is returned, so a decoy config
 * placed before the real one does not hide it.
 */
function findConfigsInBytes(bytes: Uint8Array, max = 20): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const found: string[] = [];
  for (const marker of ['{"class_name"', '{"module"']) {
    let at = text.indexOf(marker);
    while (at >= 0 && found.length < max) {
      const candidate = extractJsonObject(text, at);
      if (candidate && /"(layers|config)"/.test(candidate)) {
        found.push(Buffer.from(candidate, 'latin1').toString('utf8'));
        at = text.indexOf(marker, at + candidate.length);
      } else {
        at = text.indexOf(marker, at + 1);
      }
    }
  }
  return found;
}

type H5Read = { kind: 'config'; text: string } | { kind: 'no-config'; weightsOnly: boolean } | { kind: 'error'; error: string };

function readModelConfig(bytes: Uint8Array, path: string): H5Read {
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    const attrs = new hdf5.File(buffer, path).attrs;
    const text = attributeText(attrs.model_config);
    if (text !== null) return { kind: 'config', text };
    // Only a full-model save (keras_version, backend or training_config at the root) should
    // carry a config; weights files (legacy save_weights with layer_names, Keras 3
    // .weights.h5) and other HDF5 data build no layers.
    const fullModel = ['keras_version', 'backend', 'training_config'].some((key) => key in attrs);
    return { kind: 'no-config', weightsOnly: !fullModel };
  } catch (error) {
    return { kind: 'error', error: errorText(error) };
  }
}

/** Prefixes tried in turn: the config attribute is written before the weights, so it is
 * usually in the first megabyte and a remote scan stops there. */
const H5_PREFIXES = [1024 * 1024, 16 * 1024 * 1024];

export async function scanKerasH5(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const findings: FindingDraft[] = [];
  const budget = new ReadBudget(source, ctx);
  let bytes = new Uint8Array(0);
  let size = 0;
  let result: H5Read = { kind: 'error', error: 'not read' };
  try {
    size = await source.size();
    const last = Math.min(size, ctx.limits.maxBytesPerFile);
    for (const prefix of [...H5_PREFIXES.filter((p) => p < last), last]) {
      const more = await budget.read(bytes.length, prefix - bytes.length);
      const joined = new Uint8Array(bytes.length + more.length);
      joined.set(bytes);
      joined.set(more, bytes.length);
      bytes = joined;
      result = readModelConfig(bytes, ctx.path);
      if (result.kind !== 'error') break;
    }
  } catch (error) {
    const reason = error instanceof BudgetExceeded ? error.message : errorText(error);
    findings.push(unverifiable(ctx.path, `the HDF5 file could not be read (${reason}).`));
    return { format: 'keras-h5', findings };
  }
  if (result.kind === 'config') {
    const parsed = parseConfig(result.text, ctx.path, 'model_config');
    if ('finding' in parsed) findings.push(parsed.finding);
    else findings.push(...checkKerasConfig(parsed.config, ctx.path, 'model_config'));
    return { format: 'keras-h5', findings };
  }
  if (result.kind === 'no-config') {
    if (!result.weightsOnly) {
      findings.push(unverifiable(ctx.path, 'the HDF5 file has no model_config attribute; it could not be checked for Lambda layers.', { bytesScanned: bytes.length, size }));
    }
    return { format: 'keras-h5', findings };
  }
  // The HDF5 reader failed: look for configs in the raw bytes rather than report nothing.
  const candidates = findConfigsInBytes(bytes);
  if (candidates.length === 0) {
    findings.push(unverifiable(ctx.path, `the HDF5 file could not be parsed (${result.error}) and no model config was found in it.`, { error: result.error, bytesScanned: bytes.length, size }));
    return { format: 'keras-h5', findings };
  }
  candidates.forEach((text, index) => {
    const parsed = parseConfig(text, ctx.path, `model_config candidate ${index + 1}`);
    if ('finding' in parsed) findings.push(parsed.finding);
    else findings.push(...checkKerasConfig(parsed.config, ctx.path, `model_config (found in raw bytes; HDF5 reader failed: ${result.error.slice(0, 80)})`));
  });
  return { format: 'keras-h5', findings };
}
