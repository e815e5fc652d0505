// GGUF: the header (magic, version, tensor and metadata counts, metadata key/values, tensor
// infos) is parsed by @huggingface/gguf, which bounds counts, string and array lengths and
// recursion. It asks for bytes with HTTP Range requests; here those requests are answered
// from the ByteSource, under the scan's byte and time budgets, so a remote file is read only
// as far as its header goes. The chat templates in the metadata go through the template check.
import { gguf } from '@huggingface/gguf';
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
  const anomalies: string[] = [];
  for (const info of parsed.tensorInfos) {
    if (parsed.tensorDataOffset + info.offset > BigInt(size)) {
      anomalies.push(`tensor "${info.name.slice(0, 100)}" starts at ${info.offset}, past the end of the file`);
      if (anomalies.length >= 5) break;
    }
  }
  if (anomalies.length > 0) {
    findings.push({
      rule: 'MG562',
      severity: 'low',
      artifact: ctx.path,
      message: `${ctx.path}: tensor offsets point past the end of the file (${anomalies[0]}); the file is truncated or crafted.`,
      evidence: { anomalies },
    });
  }
  for (const [key, template] of templateEntries(metadata)) {
    findings.push(...checkChatTemplate(template, { path: ctx.path, key }));
  }
  return { format: 'gguf', findings };
}
