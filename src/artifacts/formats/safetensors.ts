// safetensors: an 8-byte little-endian header length, a JSON header mapping tensor names to
// {dtype, shape, data_offsets} (offsets relative to the end of the header), then the data.
// Only the header is read. The official loader rejects a file whose ranges are not
// contiguous from 0 to the end of the file; lenient readers do not, which is what makes
// overlapping ranges, hidden gaps and trailing bytes interesting.
import type { ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult } from '../../types.js';
import { BudgetExceeded, ReadBudget, errorText } from './budget.js';
import { parseStrictJson } from './strict-json.js';

/** The official implementation refuses headers above 100 MB. */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

/** Bits per element of every dtype the format defines. */
const DTYPE_BITS: Record<string, number> = {
  BOOL: 8, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, I16: 16, U16: 16, F16: 16, BF16: 16,
  I32: 32, U32: 32, F32: 32, C64: 64, F64: 64, I64: 64, U64: 64, F4: 4, F6_E2M3: 6, F6_E3M2: 6,
};

interface TensorRange {
  name: string;
  begin: number;
  end: number;
}

const MAGIC_HINTS: [string, (b: Uint8Array) => boolean][] = [
  ['zip', (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04],
  ['pickle', (b) => b[0] === 0x80 && b[1] >= 2 && b[1] <= 5],
  ['gzip', (b) => b[0] === 0x1f && b[1] === 0x8b],
  ['gguf', (b) => b[0] === 0x47 && b[1] === 0x47 && b[2] === 0x55 && b[3] === 0x46],
  ['elf', (b) => b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46],
];

export async function scanSafetensors(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const findings: FindingDraft[] = [];
  const invalid = (message: string, evidence: Record<string, unknown> = {}): FormatScanResult => {
    findings.push({
      rule: 'MG560',
      artifact: ctx.path,
      message: `${ctx.path}: ${message}`,
      evidence,
      fix: 'Re-export the weights with the official safetensors library, or do not load this file.',
    });
    return { format: 'safetensors', findings };
  };
  const budget = new ReadBudget(source, ctx);
  try {
    const size = await source.size();
    if (size < 8) return invalid(`the file is ${size} bytes, too short for a safetensors header length`, { size });
    const prefix = await budget.read(0, 8);
    if (prefix.length < 8) return invalid('the header length could not be read', { size });
    const headerLength = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
    if (headerLength > BigInt(SAFETENSORS_MAX_HEADER)) {
      return invalid(`the header length ${headerLength} is above the ${SAFETENSORS_MAX_HEADER}-byte maximum the official loader accepts`, { headerLength: headerLength.toString(), size });
    }
    const n = Number(headerLength);
    if (n < 2 || 8 + n > size) {
      return invalid(`the header length ${n} does not fit in a file of ${size} bytes`, { headerLength: n, size });
    }
    if (n > ctx.limits.maxBytesPerFile - 8) {
      findings.push({
        rule: 'MG560',
        artifact: ctx.path,
        message: `${ctx.path}: the ${n}-byte header is larger than the scan limit of ${ctx.limits.maxBytesPerFile} bytes per file; the tensors were not verified.`,
        evidence: { headerLength: n, limit: ctx.limits.maxBytesPerFile, budget: 'bytes' },
        fix: 'Raise limits.max-bytes-per-file in the policy if this header size is expected.',
      });
      return { format: 'safetensors', findings };
    }
    const headerBytes = await budget.read(8, n);
    if (headerBytes.length < n) return invalid('the header is truncated', { headerLength: n, read: headerBytes.length });
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
    } catch {
      return invalid('the header is not valid UTF-8');
    }
    if (!text.startsWith('{')) return invalid('the header does not start with "{"');
    let parsed;
    try {
      parsed = parseStrictJson(text);
    } catch (error) {
      return invalid(`the header is not valid JSON (${errorText(error)})`);
    }
    // The format pads the header with spaces to align the data; anything else after the JSON
    // is bytes a strict reader rejects and a lenient one ignores.
    const trailing = text.slice(parsed.end);
    if (trailing.length > 0 && !/^ *$/.test(trailing)) {
      return invalid(`the header has ${trailing.length} bytes after the JSON object that are not padding`, { trailing: trailing.slice(0, 80) });
    }
    const header = parsed.value as Record<string, unknown>;
    const dataLength = size - 8 - n;
    const anomalies: { kind: string; detail: string; severity: 'high' | 'medium' | 'low' }[] = [];
    for (const key of parsed.duplicateKeys.slice(0, 20)) {
      anomalies.push({ kind: 'duplicate-key', detail: `key ${key} appears more than once (readers disagree on which one wins)`, severity: 'high' });
    }
    for (const literal of parsed.unsafeIntegers.slice(0, 5)) {
      anomalies.push({ kind: 'unsafe-integer', detail: `integer ${literal} is beyond exact double precision`, severity: 'medium' });
    }

    const ranges: TensorRange[] = [];
    let tensorCount = 0;
    for (const [name, entry] of Object.entries(header)) {
      if (name === '__metadata__') {
        const ok = typeof entry === 'object' && entry !== null && !Array.isArray(entry) && Object.values(entry).every((v) => typeof v === 'string');
        if (!ok) anomalies.push({ kind: 'metadata', detail: '__metadata__ is not a map of strings to strings', severity: 'low' });
        continue;
      }
      tensorCount++;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        return invalid(`tensor "${name.slice(0, 100)}" is not an object`);
      }
      const info = entry as Record<string, unknown>;
      const dtype = info.dtype;
      const shape = info.shape;
      const offsets = info.data_offsets;
      if (typeof dtype !== 'string' || !Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) {
        return invalid(`tensor "${name.slice(0, 100)}" lacks a dtype, shape or two data_offsets`);
      }
      const [begin, end] = offsets as unknown[];
      if (!isIndex(begin) || !isIndex(end) || end < begin) {
        return invalid(`tensor "${name.slice(0, 100)}" has invalid data_offsets ${JSON.stringify(offsets).slice(0, 80)}`);
      }
      if (!shape.every(isIndex)) return invalid(`tensor "${name.slice(0, 100)}" has an invalid shape`);
      for (const key of Object.keys(info)) {
        if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets') {
          anomalies.push({ kind: 'extra-field', detail: `tensor "${name.slice(0, 100)}" has an unknown field "${key.slice(0, 50)}"`, severity: 'low' });
        }
      }
      ranges.push({ name, begin, end });
      if (end > dataLength) {
        anomalies.push({ kind: 'out-of-bounds', detail: `tensor "${name.slice(0, 100)}" ends at ${end}, past the ${dataLength} data bytes`, severity: 'medium' });
      }
      const bits = DTYPE_BITS[dtype];
      if (bits === undefined) {
        anomalies.push({ kind: 'unknown-dtype', detail: `tensor "${name.slice(0, 100)}" has unknown dtype ${dtype.slice(0, 30)}`, severity: 'medium' });
        continue;
      }
      const elements = (shape as number[]).reduce((a, b) => a * BigInt(b), 1n);
      const totalBits = elements * BigInt(bits);
      if (totalBits % 8n !== 0n || totalBits / 8n !== BigInt(end - begin)) {
        anomalies.push({
          kind: 'size-mismatch',
          detail: `tensor "${name.slice(0, 100)}" (${dtype} ${JSON.stringify(shape)}) needs ${totalBits / 8n} bytes but its range holds ${end - begin}`,
          severity: 'medium',
        });
      }
    }

    ranges.sort((a, b) => a.begin - b.begin || a.end - b.end);
    let cursor = 0;
    let gapBytes = 0;
    let overlaps = 0;
    for (const r of ranges) {
      if (r.begin < cursor) {
        overlaps++;
        if (overlaps <= 10) anomalies.push({ kind: 'overlap', detail: `tensor "${r.name.slice(0, 100)}" [${r.begin}, ${r.end}) overlaps an earlier tensor`, severity: 'high' });
      } else if (r.begin > cursor) {
        gapBytes += r.begin - cursor;
        if (gapBytes === r.begin - cursor) anomalies.push({ kind: 'gap', detail: `bytes [${cursor}, ${r.begin}) before tensor "${r.name.slice(0, 100)}" belong to no tensor`, severity: 'medium' });
      }
      cursor = Math.max(cursor, r.end);
    }
    if (cursor < dataLength) {
      const extra = dataLength - cursor;
      // Peek at the start of the uncovered tail (a few bytes, not tensor data) to name what it is.
      const head = await budget.read(8 + n + cursor, Math.min(16, extra));
      const kind = MAGIC_HINTS.find(([, test]) => head.length >= 4 && test(head))?.[0];
      anomalies.push({
        kind: 'trailing-data',
        detail: `${extra} bytes after the last tensor belong to no tensor${kind ? ` and start like a ${kind} file` : ''}`,
        severity: kind ? 'high' : 'medium',
      });
    }

    if (anomalies.length > 0) {
      const worst = anomalies.some((a) => a.severity === 'high') ? 'high' : anomalies.some((a) => a.severity === 'medium') ? 'medium' : 'low';
      findings.push({
        rule: 'MG561',
        severity: worst,
        artifact: ctx.path,
        message: `${ctx.path}: the safetensors header describes an inconsistent layout: ${anomalies.slice(0, 3).map((a) => a.detail).join('; ')}${anomalies.length > 3 ? ` (and ${anomalies.length - 3} more)` : ''}.`,
        evidence: { anomalies: anomalies.slice(0, 50), tensors: tensorCount, headerLength: n, dataLength, gapBytes, overlaps },
        fix: 'Re-export the weights with the official safetensors library; a regular writer never produces this layout.',
      });
    }
    return { format: 'safetensors', findings };
  } catch (error) {
    if (error instanceof BudgetExceeded) {
      return invalid(`could not fully scan: ${error.message}`, { budget: error.budget });
    }
    return invalid(`could not be read (${errorText(error)})`);
  }
}

function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
