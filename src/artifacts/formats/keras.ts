// Keras models: the v3 `.keras` zip (config.json, metadata.json, model.weights.h5) and the
// legacy HDF5 file whose root `model_config` attribute holds the JSON config. Both configs go
// through the same checks (keras-config.ts).
import * as hdf5 from 'jsfive';
import type { ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult } from '../../types.js';
import { openZip } from '../containers/zip.js';
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
  findings.push(...zip.findings);
  // Keras reads the members at the archive root by exact name.
  const config = zip.entries.find((e) => e.name === 'config.json');
  if (!config) {
    findings.push(unverifiable(ctx.path, 'the archive has no config.json, so the model it builds could not be checked.', { members: zip.entries.slice(0, 20).map((e) => e.name) }));
    return { format: 'keras', findings };
  }
  const cap = Math.min(MAX_CONFIG_BYTES, ctx.limits.maxDecompressedBytes);
  if (config.uncompressedSize > cap) {
    findings.push(unverifiable(ctx.path, `config.json is ${config.uncompressedSize} bytes, over the ${cap}-byte limit; it was not checked.`, { size: config.uncompressedSize, limit: cap }));
    return { format: 'keras', findings };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await zip.read(config, cap));
  } catch (error) {
    findings.push(unverifiable(ctx.path, `config.json could not be read (${errorText(error)}).`));
    return { format: 'keras', findings };
  }
  const parsed = parseConfig(text, ctx.path, 'config.json');
  if ('finding' in parsed) findings.push(parsed.finding);
  else findings.push(...checkKerasConfig(parsed.config, ctx.path, 'config.json'));
  return { format: 'keras', findings };
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
 * A model config found as text in the raw bytes: h5py stores a string attribute's bytes
 * contiguously in the root object header, so when the HDF5 reader fails the JSON can still be
 * located. Keras configs start with `{"class_name"` or `{"module"`.
 */
function findConfigInBytes(bytes: Uint8Array): string | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  for (const marker of ['{"class_name"', '{"module"']) {
    let at = text.indexOf(marker);
    while (at >= 0) {
      const candidate = extractJsonObject(text, at);
      if (candidate && /"(layers|config)"/.test(candidate)) return Buffer.from(candidate, 'latin1').toString('utf8');
      at = text.indexOf(marker, at + 1);
    }
  }
  return null;
}

export async function scanKerasH5(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const findings: FindingDraft[] = [];
  let bytes: Uint8Array;
  let size: number;
  try {
    size = await source.size();
    // The config attribute is written before the weights, near the start of the file; read
    // the file up to the byte budget and no further.
    bytes = await new ReadBudget(source, ctx).read(0, Math.min(size, ctx.limits.maxBytesPerFile));
  } catch (error) {
    const reason = error instanceof BudgetExceeded ? error.message : errorText(error);
    findings.push(unverifiable(ctx.path, `the HDF5 file could not be read (${reason}).`));
    return { format: 'keras-h5', findings };
  }
  let configText: string | null = null;
  let readerError: string | null = null;
  let isModel = true;
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    const file = new hdf5.File(buffer, ctx.path);
    const attrs = file.attrs as Record<string, unknown>;
    configText = attributeText(attrs.model_config);
    if (configText === null) {
      // Weights-only files (save_weights) carry layer_names and no config: nothing to build.
      isModel = !('layer_names' in attrs) && !('keras_version' in attrs && !('model_config' in attrs));
    }
  } catch (error) {
    readerError = errorText(error);
  }
  if (configText === null && (readerError !== null || isModel)) configText = findConfigInBytes(bytes);
  if (configText === null) {
    if (readerError !== null) {
      findings.push(unverifiable(ctx.path, `the HDF5 file could not be parsed (${readerError}) and no model config was found in it.`, { error: readerError, bytesScanned: bytes.length, size }));
    } else if (isModel) {
      findings.push(unverifiable(ctx.path, 'the HDF5 file has no model_config attribute; it could not be checked for Lambda layers.', { bytesScanned: bytes.length, size }));
    }
    return { format: 'keras-h5', findings };
  }
  const parsed = parseConfig(configText, ctx.path, 'model_config');
  if ('finding' in parsed) findings.push(parsed.finding);
  else findings.push(...checkKerasConfig(parsed.config, ctx.path, 'model_config'));
  return { format: 'keras-h5', findings };
}
