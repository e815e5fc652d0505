// TensorFlow SavedModel graphs (saved_model.pb) and frozen GraphDefs (*.pb). Variables live in
// separate files; the graph itself is protobuf whose nodes name their op in a string field
// (NodeDef.op, field 2), and whose stripped op list names every op used (OpDef.name, field 1).
// Some ops touch the file system or call back into Python when the graph runs; they are found
// by their encoded field, without a full protobuf schema.
import type { ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult } from '../../types.js';
import { BudgetExceeded, ReadBudget, errorText } from './budget.js';

/** Ops that read or write host files or run Python; the saver ops every SavedModel has are not listed. */
const RISKY_OPS: Record<string, string> = {
  ReadFile: 'reads a host file',
  WriteFile: 'writes a host file',
  MatchingFiles: 'lists host files',
  ImmutableConst: 'memory-maps a host file',
  PyFunc: 'calls a Python function registered by the loading program',
  PyFuncStateless: 'calls a Python function registered by the loading program',
  EagerPyFunc: 'calls a Python function registered by the loading program',
  DebugIdentityV2: 'writes debug events to a directory',
  SummaryWriter: 'writes event files',
  CreateSummaryFileWriter: 'writes event files',
};

/** Graphs above this are not read (frozen graphs with inline constants can be large). */
const MAX_GRAPH_BYTES = 512 * 1024 * 1024;

function findField(bytes: Uint8Array, tag: number, text: string): boolean {
  const needle = Buffer.from([tag, text.length, ...Buffer.from(text, 'latin1')]);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(needle) >= 0;
}

export async function scanTfGraph(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const findings: FindingDraft[] = [];
  let bytes: Uint8Array;
  try {
    const size = await source.size();
    const cap = Math.min(MAX_GRAPH_BYTES, ctx.limits.maxBytesPerFile);
    if (size > cap) {
      findings.push({ rule: 'MG544', artifact: ctx.path, message: `Could not fully scan ${ctx.path}: the ${size}-byte TensorFlow graph is larger than the ${cap}-byte limit.`, evidence: { size, limit: cap } });
      return { format: 'tf-savedmodel', findings };
    }
    bytes = await new ReadBudget(source, ctx).read(0, size);
  } catch (error) {
    const message = error instanceof BudgetExceeded ? error.message : errorText(error);
    findings.push({ rule: 'MG544', artifact: ctx.path, message: `Could not fully scan ${ctx.path}: ${message}.`, evidence: { error: message } });
    return { format: 'tf-savedmodel', findings };
  }
  const found = Object.keys(RISKY_OPS).filter((op) => findField(bytes, 0x12, op) || findField(bytes, 0x0a, op));
  if (found.length > 0) {
    findings.push({
      rule: 'MG575',
      artifact: ctx.path,
      message: `The TensorFlow graph ${ctx.path} uses ${found.map((op) => `${op} (${RISKY_OPS[op]})`).join(', ')}: running the model does this on the host.`,
      evidence: { ops: found },
      fix: 'Do not serve this graph; re-export the model without file or Python ops, or get it from a publisher you trust.',
    });
  }
  return { format: 'tf-savedmodel', findings };
}
