// GGUF: the header (magic, version, tensor and metadata counts, metadata key/values, tensor
// infos) is parsed by @huggingface/gguf, which bounds counts, string and array lengths and
// recursion. It asks for bytes with HTTP Range requests; here those requests are answered
// from the ByteSource, under the scan's byte and time budgets, so a remote file is read only
// as far as its header goes. The chat templates in the metadata go through the template check.
import { GGMLQuantizationType, gguf, type GGUFParseOutput } from '@huggingface/gguf';
import type { ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult } from '../../types.js';
import { BudgetExceeded, ReadBudget, errorText } from './budget.js';
import { checkChatTemplate } from './chat-template.js';

const PSEUDO_URL = 'https://modelgate.invalid/artifact.gguf';

/** A fetch that serves `Range: bytes=a-b` requests from the byte source. */
function rangeFetch(source: ByteSource, budget: ReadBudget, size: number): typeof fetch {
  // The reader asks for the next chunk while it still has half a megabyte in hand, so one
  // request past the end of a legitimate file happens; a header that keeps reading past the
  // end is parsing zero padding (each empty chunk grows the reader's buffer by 2 MB, up to
  // 50 MB): stop it early.
  let pastEnd = 0;
  return (async (_input: unknown, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const m = /^bytes=(\d+)-(\d+)$/.exec(headers.get('range') ?? '');
    if (!m) throw new Error('unsupported request from the GGUF reader');
    const start = Number(m[1]);
    const end = Math.min(Number(m[2]), size - 1);
    if (start >= size && ++pastEnd > 2) throw new Error(`the header runs past the end of the ${size}-byte file`);
    const bytes = start > end ? new Uint8Array(0) : await budget.read(start, end - start + 1);
    return new Response(bytes, {
      status: 206,
      headers: { 'content-range': `bytes ${start}-${start + bytes.length - 1}/${size}` },
    });
  }) as typeof fetch;
}

/** Metadata keys that hold chat templates: the default and the named ones
 * (`tokenizer.chat_template.<name>`, e.g. tool_use, rag). */
function templateEntries(metadata: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if ((key === 'tokenizer.chat_template' || key.startsWith('tokenizer.chat_template.')) && typeof value === 'string') {
      out.push([key, value]);
    }
  }
  return out;
}

/** [elements per block, bytes per block] of the ggml types whose layout is fixed and well known;
 * sizes of the other (newer, rarer) types are not checked. */
const BLOCK: Partial<Record<number, [number, number]>> = {
  [GGMLQuantizationType.F32]: [1, 4], [GGMLQuantizationType.F16]: [1, 2], [GGMLQuantizationType.BF16]: [1, 2],
  [GGMLQuantizationType.F64]: [1, 8], [GGMLQuantizationType.I8]: [1, 1], [GGMLQuantizationType.I16]: [1, 2],
  [GGMLQuantizationType.I32]: [1, 4], [GGMLQuantizationType.I64]: [1, 8],
  [GGMLQuantizationType.Q4_0]: [32, 18], [GGMLQuantizationType.Q4_1]: [32, 20], [GGMLQuantizationType.Q5_0]: [32, 22],
  [GGMLQuantizationType.Q5_1]: [32, 24], [GGMLQuantizationType.Q8_0]: [32, 34], [GGMLQuantizationType.Q2_K]: [256, 84],
  [GGMLQuantizationType.Q3_K]: [256, 110], [GGMLQuantizationType.Q4_K]: [256, 144], [GGMLQuantizationType.Q5_K]: [256, 176],
  [GGMLQuantizationType.Q6_K]: [256, 210],
};

const INT64_MAX = (1n << 63n) - 1n;

/**
 * Tensor infos a native loader trusts: element counts that overflow 64 bits (the integer
 * overflows behind GGUF memory-corruption bugs), unknown types, misaligned offsets, tensors
 * sharing bytes, data past the end of the file.
 */
function tensorInfoFindings(parsed: GGUFParseOutput, metadata: Record<string, unknown>, size: number, path: string): FindingDraft[] {
  const rawAlignment = metadata['general.alignment'];
  const alignment = typeof rawAlignment === 'number' && rawAlignment > 0 ? BigInt(rawAlignment) : 32n;
  const dataLength = BigInt(size) - parsed.tensorDataOffset;
  const anomalies: { kind: string; detail: string; severity: 'high' | 'medium' | 'low' }[] = [];
  const add = (kind: string, detail: string, severity: 'high' | 'medium' | 'low') => {
    if (anomalies.filter((a) => a.kind === kind).length < 5) anomalies.push({ kind, detail, severity });
  };
  const ranges: { name: string; begin: bigint; end: bigint | null }[] = [];
  for (const info of parsed.tensorInfos) {
    const name = info.name.slice(0, 100);
    const elements = info.shape.reduce((a, b) => a * b, 1n);
    if (elements > INT64_MAX) add('overflow', `tensor "${name}" has ${elements} elements, more than a 64-bit count holds`, 'high');
    if (GGMLQuantizationType[info.dtype] === undefined) add('unknown-type', `tensor "${name}" has unknown ggml type ${info.dtype}`, 'medium');
    if (info.offset % alignment !== 0n) add('misaligned', `tensor "${name}" starts at ${info.offset}, not a multiple of the ${alignment}-byte alignment`, 'low');
    const block = BLOCK[info.dtype];
    let end: bigint | null = null;
    if (block && elements <= INT64_MAX) {
      const [per, bytes] = block.map(BigInt);
      end = info.offset + ((elements + per - 1n) / per) * bytes;
    }
    if (info.offset > dataLength || (end !== null && end > dataLength)) {
      add('past-end', `tensor "${name}" ends past the end of the file`, 'low');
    }
    if (elements > 0n) ranges.push({ name, begin: info.offset, end });
  }
  ranges.sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : 0));
  for (let i = 1; i < ranges.length; i++) {
    const prev = ranges[i - 1];
    const cur = ranges[i];
    if (cur.begin === prev.begin || (prev.end !== null && cur.begin < prev.end)) {
      add('overlap', `tensors "${prev.name}" and "${cur.name}" share bytes`, 'medium');
    }
  }
  if (anomalies.length === 0) return [];
  const severity = anomalies.some((a) => a.severity === 'high') ? 'high' : anomalies.some((a) => a.severity === 'medium') ? 'medium' : 'low';
  return [
    {
      rule: 'MG562',
      severity,
      artifact: path,
      message: `${path}: the GGUF tensor table is inconsistent: ${anomalies.slice(0, 3).map((a) => a.detail).join('; ')}${anomalies.length > 3 ? ` (and ${anomalies.length - 3} more)` : ''}.`,
      evidence: { anomalies, tensors: parsed.tensorInfos.length, alignment: Number(alignment) },
      fix: 'Re-download the file from its publisher; a converter never writes this tensor table.',
    },
  ];
}

export async function scanGguf(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const findings: FindingDraft[] = [];
  const budget = new ReadBudget(source, ctx);
  const invalid = (message: string, evidence: Record<string, unknown>): FormatScanResult => {
    findings.push({
      rule: 'MG562',
      artifact: ctx.path,
      message: `${ctx.path}: ${message}`,
      evidence,
      fix: 'Obtain the GGUF file from the original publisher; if the header is legitimately this large, raise the scan limits in the policy.',
    });
    return { format: 'gguf', findings };
  };
  let size: number;
  try {
    size = await source.size();
  } catch (error) {
    return invalid(`the file size could not be read (${errorText(error)})`, {});
  }
  if (size < 24) return invalid(`the file is ${size} bytes, too short for a GGUF header`, { size });
  let parsed: Awaited<ReturnType<typeof gguf>>;
  try {
    parsed = await gguf(PSEUDO_URL, { fetch: rangeFetch(source, budget, size) });
  } catch (error) {
    if (error instanceof BudgetExceeded) {
      return invalid(`could not fully scan the GGUF header: ${error.message}`, { budget: error.budget });
    }
    return invalid(`the GGUF header could not be parsed (${errorText(error)})`, { error: errorText(error) });
  }
  const metadata = parsed.metadata as unknown as Record<string, unknown>;
  // The reader pads short reads with zeros, so a header that runs past the end of the file
  // parses as zeros: check that the header really fits.
  if (parsed.tensorDataOffset > BigInt(size)) {
    return invalid(`the header claims ${parsed.tensorDataOffset} bytes, more than the ${size}-byte file`, { size, tensorDataOffset: parsed.tensorDataOffset.toString() });
  }
  findings.push(...tensorInfoFindings(parsed, metadata, size, ctx.path));
  for (const [key, template] of templateEntries(metadata)) {
    findings.push(...checkChatTemplate(template, { path: ctx.path, key }));
  }
  return { format: 'gguf', findings };
}
