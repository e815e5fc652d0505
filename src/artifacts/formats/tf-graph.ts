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

/** Read in slices so a large frozen graph never sits in memory whole. */
const CHUNK = 4 * 1024 * 1024;
/** Longest encoded op field looked for (tag, length, name), kept across slice boundaries. */
const OVERLAP = 64;

function fieldsIn(bytes: Uint8Array, found: Set<string>): void {
  const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  for (const op of Object.keys(RISKY_OPS)) {
    if (found.has(op)) continue;
    for (const tag of [0x12, 0x0a]) {
      if (haystack.indexOf(Buffer.from([tag, op.length, ...Buffer.from(op, 'latin1')])) >= 0) found.add(op);
    }
  }
}

export async function scanTfGraph(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const findings: FindingDraft[] = [];
  const found = new Set<string>();
  try {
    const size = await source.size();
    const budget = new ReadBudget(source, ctx);
    let carry = new Uint8Array(0);
    for (let at = 0; at < size; at += CHUNK) {
      const chunk = await budget.read(at, Math.min(CHUNK, size - at));
      const window = new Uint8Array(carry.length + chunk.length);
      window.set(carry);
      window.set(chunk, carry.length);
      fieldsIn(window, found);
      carry = window.slice(Math.max(0, window.length - OVERLAP));
    }
  } catch (error) {
    const message = error instanceof BudgetExceeded ? error.message : errorText(error);
    findings.push({ rule: 'MG544', artifact: ctx.path, message: `Could not fully scan the TensorFlow graph ${ctx.path}: ${message}.`, evidence: { error: message, opsSoFar: [...found] } });
  }
  if (found.size > 0) {
    const ops = [...found];
    findings.push({
      rule: 'MG575',
      artifact: ctx.path,
      message: `The TensorFlow graph ${ctx.path} uses ${ops.map((op) => `${op} (${RISKY_OPS[op]})`).join(', ')}: running the model does this on the host.`,
      evidence: { ops },
      fix: 'Do not serve this graph; re-export the model without file or Python ops, or get it from a publisher you trust.',
    });
  }
  return { format: 'tf-savedmodel', findings };
}
