// ONNX: a ModelProto in protobuf wire format. The walk follows only the messages that matter
// (graph, nodes, attributes with subgraphs, tensors, functions, training graphs, opsets) and
// skips every other field by its length, so inline weights (raw_data) are never read: a
// remote multi-GB model costs the bytes of its structure. Field numbers are those of onnx.proto.
import type { ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult } from '../../types.js';
import { BudgetExceeded, ReadBudget, errorText } from './budget.js';

/** Operator domains that the ONNX standard or ONNX Runtime itself implements. */
const KNOWN_DOMAINS = new Set([
  '', 'ai.onnx', 'ai.onnx.ml', 'ai.onnx.training', 'ai.onnx.preview.training', 'com.microsoft',
  'com.microsoft.nchwc', 'com.microsoft.experimental', 'com.microsoft.mlfeaturizers', 'com.ms.internal.nhwc',
]);

const CHUNK = 64 * 1024;
const MAX_DEPTH = 64;
const MAX_FIELDS = 20_000_000;
const MAX_STRING = 64 * 1024;

class Malformed extends Error {}

/** Random access to the source in cached chunks. */
class Cursor {
  private chunkStart = -1;
  private chunk: Uint8Array = new Uint8Array(0);
  constructor(
    private readonly budget: ReadBudget,
    readonly size: number,
  ) {}

  async byte(pos: number): Promise<number> {
    if (pos < this.chunkStart || pos >= this.chunkStart + this.chunk.length) {
      if (pos >= this.size) throw new Malformed(`read past the end of the file at ${pos}`);
      this.chunkStart = pos;
      this.chunk = await this.budget.read(pos, Math.min(CHUNK, this.size - pos));
      if (this.chunk.length === 0) throw new Malformed(`read past the end of the file at ${pos}`);
    }
    return this.chunk[pos - this.chunkStart];
  }

  async bytes(pos: number, length: number): Promise<Uint8Array> {
    if (pos + length > this.size) throw new Malformed(`field runs past the end of the file at ${pos}`);
    if (pos >= this.chunkStart && pos + length <= this.chunkStart + this.chunk.length) {
      return this.chunk.subarray(pos - this.chunkStart, pos - this.chunkStart + length);
    }
    return this.budget.read(pos, length);
  }

  /** Returns [value, next position]. Values above 2^53 lose precision, which is fine for
   * tags and lengths: such a length fails the bounds check anyway. */
  async varint(pos: number, end: number): Promise<[number, number]> {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) throw new Malformed(`varint runs past its message at ${pos}`);
      const b = await this.byte(pos++);
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return [value, pos];
      scale *= 128;
    }
    throw new Malformed(`varint longer than 10 bytes at ${pos}`);
  }
}

interface Field {
  number: number;
  wire: number;
  /** Varint value for wire type 0. */
  value: number;
  /** Payload range for wire type 2. */
  start: number;
  end: number;
}

interface Collected {
  irVersion?: number;
  producer?: string;
  opsets: { domain: string; version: number }[];
  nodeDomains: Map<string, Set<string>>;
  functionDomains: Set<string>;
  external: { tensor: string; location: string }[];
  nodes: number;
  fields: number;
}

type Kind = 'model' | 'graph' | 'node' | 'attribute' | 'tensor' | 'sparse' | 'function' | 'training' | 'opset' | 'entry';

/** For each message kind: field number -> kind of the embedded message to descend into. */
const CHILDREN: Record<Kind, Record<number, Kind>> = {
  model: { 7: 'graph', 8: 'opset', 20: 'training', 25: 'function' },
  graph: { 1: 'node', 5: 'tensor', 15: 'sparse' },
  node: { 5: 'attribute' },
  attribute: { 5: 'tensor', 6: 'graph', 10: 'tensor', 11: 'graph', 22: 'sparse', 23: 'sparse' },
  tensor: { 13: 'entry' },
  sparse: { 1: 'tensor', 2: 'tensor' },
  // A function's own opset imports (field 9) are not the model's: not collected.
  function: { 7: 'node' },
  training: { 1: 'graph', 2: 'graph' },
  opset: {},
  entry: {},
};

const utf8 = new TextDecoder('utf-8', { fatal: false });

class OnnxWalker {
  readonly out: Collected = { opsets: [], nodeDomains: new Map(), functionDomains: new Set(), external: [], nodes: 0, fields: 0 };
  constructor(
    private readonly cur: Cursor,
    private readonly budget: ReadBudget,
  ) {}

  private async text(field: Field): Promise<string> {
    const length = Math.min(field.end - field.start, MAX_STRING);
    return utf8.decode(await this.cur.bytes(field.start, length));
  }

  private async *fields(start: number, end: number): AsyncGenerator<Field> {
    let pos = start;
    while (pos < end) {
      if (++this.out.fields > MAX_FIELDS) throw new Malformed(`more than ${MAX_FIELDS} protobuf fields`);
      if ((this.out.fields & 0xfff) === 0) this.budget.checkTime();
      const [key, afterKey] = await this.cur.varint(pos, end);
      const number = Math.floor(key / 8);
      const wire = key % 8;
      if (number === 0) throw new Malformed(`field number 0 at ${pos}`);
      pos = afterKey;
      const field: Field = { number, wire, value: 0, start: pos, end: pos };
      switch (wire) {
        case 0: {
          const [value, next] = await this.cur.varint(pos, end);
          field.value = value;
          pos = next;
          break;
        }
        case 1:
          pos += 8;
          break;
        case 5:
          pos += 4;
          break;
        case 2: {
          const [length, next] = await this.cur.varint(pos, end);
          if (next + length > end) throw new Malformed(`a length-delimited field at ${pos} (${length} bytes) runs past its message`);
          field.start = next;
          field.end = next + length;
          pos = next + length;
          break;
        }
        default:
          throw new Malformed(`unsupported wire type ${wire} at ${pos}`);
      }
      if (pos > end) throw new Malformed(`a fixed-size field runs past its message at ${field.start}`);
      yield field;
    }
  }

  async walk(kind: Kind, start: number, end: number, depth: number): Promise<void> {
    if (depth > MAX_DEPTH) throw new Malformed(`messages nested deeper than ${MAX_DEPTH}`);
    let opType = '';
    let domain = '';
    let tensorName = '';
    let location: string | null = null;
    let opsetVersion = 0;
    for await (const field of this.fields(start, end)) {
      const child = CHILDREN[kind][field.number];
      if (child && field.wire === 2) {
        if (child === 'entry') {
          const entry = await this.readEntry(field.start, field.end);
          if (entry.key === 'location') location = entry.value;
        } else {
          await this.walk(child, field.start, field.end, depth + 1);
        }
        continue;
      }
      if (field.wire === 2) {
        if (kind === 'node' && field.number === 4) opType = await this.text(field);
        else if (kind === 'node' && field.number === 7) domain = await this.text(field);
        else if (kind === 'function' && field.number === 10) domain = await this.text(field);
        else if (kind === 'tensor' && field.number === 8) tensorName = await this.text(field);
        else if (kind === 'opset' && field.number === 1) domain = await this.text(field);
        else if (kind === 'model' && field.number === 2) this.out.producer = await this.text(field);
      } else if (field.wire === 0) {
        if (kind === 'model' && field.number === 1) this.out.irVersion = field.value;
        else if (kind === 'opset' && field.number === 2) opsetVersion = field.value;
      }
    }
    if (kind === 'node') {
      this.out.nodes++;
      const ops = this.out.nodeDomains.get(domain) ?? new Set<string>();
      if (ops.size < 50) ops.add(opType);
      this.out.nodeDomains.set(domain, ops);
    } else if (kind === 'function') {
      this.out.functionDomains.add(domain);
    } else if (kind === 'opset') {
      if (this.out.opsets.length < 100) this.out.opsets.push({ domain, version: opsetVersion });
    } else if (kind === 'tensor' && location !== null) {
      if (this.out.external.length < 10_000) this.out.external.push({ tensor: tensorName, location });
    }
  }

  private async readEntry(start: number, end: number): Promise<{ key: string; value: string }> {
    let key = '';
    let value = '';
    for await (const field of this.fields(start, end)) {
      if (field.wire !== 2) continue;
      if (field.number === 1) key = await this.text(field);
      else if (field.number === 2) value = await this.text(field);
    }
    return { key, value };
  }
}

/** Why an external data location is not a plain relative path inside the model folder, or null. */
export function externalLocationRisk(location: string): { severity: 'critical' | 'medium'; reason: string } | null {
  if (location.includes('\0')) return { severity: 'critical', reason: 'contains a NUL byte' };
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(location)) return { severity: 'critical', reason: 'is a URL' };
  if (location.startsWith('/') || location.startsWith('\\')) return { severity: 'critical', reason: 'is an absolute path' };
  if (/^[a-zA-Z]:/.test(location)) return { severity: 'critical', reason: 'is a Windows drive path' };
  if (location.startsWith('~')) return { severity: 'critical', reason: 'points into a home directory' };
  let depth = 0;
  let climbed = false;
  for (const segment of location.split(/[/\\]+/)) {
    if (segment === '..') {
      depth--;
      climbed = true;
      if (depth < 0) return { severity: 'critical', reason: 'climbs out of the model folder with ..' };
    } else if (segment !== '.' && segment !== '') {
      depth++;
    }
  }
  if (climbed) return { severity: 'medium', reason: 'contains .. segments (it stays inside the model folder)' };
  return null;
}

export async function scanOnnx(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const findings: FindingDraft[] = [];
  const budget = new ReadBudget(source, ctx);
  let walker: OnnxWalker | null = null;
  try {
    const size = await source.size();
    if (size === 0) throw new Malformed('the file is empty');
    walker = new OnnxWalker(new Cursor(budget, size), budget);
    await walker.walk('model', 0, size, 0);
  } catch (error) {
    const budgetHit = error instanceof BudgetExceeded;
    findings.push({
      rule: 'MG569',
      artifact: ctx.path,
      message: budgetHit
        ? `${ctx.path}: could not fully scan the ONNX model: ${error.message}.`
        : `${ctx.path}: the ONNX protobuf is malformed (${errorText(error)}); it could not be verified.`,
      evidence: budgetHit ? { budget: error.budget } : { error: errorText(error) },
    });
    if (!walker) return { format: 'onnx', findings };
  }
  const seen = walker.out;
  if (seen.irVersion === undefined && seen.nodes === 0 && seen.opsets.length === 0 && findings.length === 0) {
    findings.push({ rule: 'MG569', artifact: ctx.path, message: `${ctx.path}: no ONNX model structure was found (no IR version, opsets or nodes).`, evidence: {} });
  }

  for (const ext of seen.external) {
    const risk = externalLocationRisk(ext.location);
    if (!risk) continue;
    findings.push({
      rule: 'MG567',
      severity: risk.severity,
      artifact: ctx.path,
      message: `${ctx.path}: tensor "${ext.tensor.slice(0, 100)}" loads its data from "${ext.location.slice(0, 200)}", which ${risk.reason}.`,
      evidence: { tensor: ext.tensor, location: ext.location, reason: risk.reason },
      fix: 'Do not load this model; external data must be relative files next to the model.',
    });
  }

  const custom: Record<string, string[]> = {};
  for (const [domain, ops] of seen.nodeDomains) {
    if (KNOWN_DOMAINS.has(domain) || seen.functionDomains.has(domain)) continue;
    custom[domain] = [...ops].slice(0, 20);
  }
  const customDomains = Object.keys(custom);
  if (customDomains.length > 0) {
    findings.push({
      rule: 'MG568',
      artifact: ctx.path,
      message: `${ctx.path}: nodes use custom operator domains ${customDomains.slice(0, 10).join(', ')}; running the model needs a native custom-op library.`,
      evidence: { domains: custom, opsets: seen.opsets },
      fix: 'Check where the custom operator library comes from before registering it, or export the model with standard operators.',
    });
  }
  if (seen.irVersion === undefined && seen.nodes === 0) return { format: 'onnx', findings };
  findings.push({
    rule: 'MG574',
    artifact: ctx.path,
    message: `${ctx.path}: ONNX model, IR version ${seen.irVersion ?? 'unknown'}, opsets ${seen.opsets.map((o) => `${o.domain || 'ai.onnx'}:${o.version}`).join(', ') || 'none'}, ${seen.nodes} nodes, ${seen.external.length} tensors with external data.`,
    evidence: {
      irVersion: seen.irVersion ?? null,
      producer: seen.producer ?? null,
      opsets: seen.opsets,
      nodes: seen.nodes,
      externalData: [...new Set(seen.external.map((e) => e.location))].slice(0, 100),
    },
  });
  return { format: 'onnx', findings };
}
