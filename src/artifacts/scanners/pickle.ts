// Pickle streams: plain pickles, PyTorch's legacy stacked pickles, joblib dumps, and pickles
// found inside other containers. Every pickle in the stream is run through the machine in turn,
// as consecutive pickle.load() calls would.
import type { ArtifactFormat, ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult, PickleGlobal } from '../../types.js';
import { ScanLimitError } from '../budget.js';
import { joblibHooks } from '../pickle/joblib.js';
import { runPickle, type GlobalRef, type PickleRun, type Value } from '../pickle/machine.js';
import { breakFinding, judgeGlobals } from '../pickle/report.js';
import { sniffFormat } from '../sniff.js';

/** Legacy torch.save writes five pickles, then raw storage bytes. */
const LEGACY_PICKLES = 5;

export interface PickleBytesResult {
  format: ArtifactFormat;
  globals: PickleGlobal[];
  findings: FindingDraft[];
  /** The first opcode already failed: this is not a pickle at all. */
  notPickle: boolean;
  /** Where the last pickle ended (or broke). */
  end: number;
  /** The stream needs more bytes than were given. */
  wantsMore: boolean;
  pickles: number;
  /** Storage keys the stream references through PyTorch persistent ids. */
  storageKeys: Set<string>;
}

/** PyTorch's persistent ids name storages as ('storage', type, key, location, numel). */
function storageKey(pid: Value): string | null {
  if (pid.k !== 'tuple' || pid.items.length < 3) return null;
  const [tag, , key] = pid.items;
  if (tag.k !== 'str' || tag.v !== 'storage') return null;
  return key.k === 'str' ? key.v : key.k === 'int' ? String(key.v) : null;
}

/** Runs every pickle in `data` (one file or member already in memory). */
export function scanPickleBytes(data: Uint8Array, ctx: ArtifactScanContext, member?: string, complete = true): PickleBytesResult {
  const legacy = sniffFormat(data.subarray(0, 64), data.length) === 'pytorch-legacy';
  const hooks = joblibHooks(data);
  const refs: GlobalRef[] = [];
  const storageKeys = new Set<string>();
  const runs: PickleRun[] = [];
  let pos = 0;
  let ops = 0;
  const limits = { maxOps: ctx.limits.maxPickleOps, maxStackDepth: ctx.limits.maxStackDepth, maxMemoEntries: ctx.limits.maxMemoEntries, deadline: ctx.deadline };
  for (;;) {
    const run = runPickle(data, pos, limits, hooks, ops);
    // Bytes after a STOP are another pickle only if they start like one; a loader that calls
    // load() again fails at once otherwise, having run nothing.
    if (runs.length > 0 && run.error && run.ops <= 1 && run.globals.length === 0) break;
    runs.push(run);
    for (const g of run.globals) refs.push(g);
    for (const pid of run.persistentIds) {
      const key = storageKey(pid);
      if (key !== null) storageKeys.add(key);
    }
    ops += run.ops;
    pos = run.end;
    if (run.error) break;
    if (legacy && runs.length >= LEGACY_PICKLES) break;
    if (pos >= data.length) break;
  }
  const first = runs[0];
  const last = runs[runs.length - 1];
  const notPickle = runs.length === 1 && !!first.error && first.ops <= 1 && first.globals.length === 0;
  const wantsMore = !complete && !!last.error && last.error.kind === 'truncated';
  const { globals, findings } = judgeGlobals(refs, ctx, member);
  if (!notPickle && !wantsMore) {
    const broken = breakFinding(last, ctx, globals, member);
    if (broken) findings.push(broken);
  }
  const isJoblib = refs.some((r) => r.name === 'NumpyArrayWrapper' || r.name === 'NDArrayWrapper');
  return {
    format: legacy ? 'pytorch-legacy' : isJoblib ? 'joblib' : 'pickle',
    globals,
    findings,
    notPickle,
    end: pos,
    wantsMore,
    pickles: runs.length,
    storageKeys,
  };
}

/**
 * Reads a pickle file progressively: a first slice, then twice as much whenever the stream
 * runs past what was read, so a legacy checkpoint's storages (after its pickles) are never read.
 */
export async function scanPickleSource(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const size = await source.size();
  let want = Math.min(size, 1 << 20);
  let data = new Uint8Array(0);
  for (;;) {
    if (want > ctx.limits.maxBytesPerFile) throw new ScanLimitError('maxBytesPerFile', `the pickle stream is larger than the read budget of ${ctx.limits.maxBytesPerFile} bytes`);
    // extend what was read instead of reading it again
    const more = await readRange(source, data.length, want - data.length);
    const next = new Uint8Array(data.length + more.length);
    next.set(data);
    next.set(more, data.length);
    data = next;
    const complete = data.length >= size;
    const r = scanPickleBytes(data, ctx, undefined, complete);
    if (r.wantsMore && !complete) {
      want = Math.min(size, want * 4);
      continue;
    }
    if (r.notPickle) return { format: 'unknown', findings: [] };
    return { format: r.format, globals: r.globals, findings: r.findings };
  }
}

export async function readRange(source: ByteSource, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let at = 0;
  while (at < length) {
    const chunk = await source.read(offset + at, Math.min(length - at, 1 << 24));
    if (chunk.length === 0) break;
    out.set(chunk, at);
    at += chunk.length;
  }
  return at === length ? out : out.subarray(0, at);
}
