// NumPy .npy: a header (magic, version, a Python dict literal with descr/fortran_order/shape),
// then raw data, or for object dtypes a pickle of the whole array (numpy/lib/format.py), which
// numpy.load only unpickles with allow_pickle=True.
import type { ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult } from '../../types.js';
import { ScanLimitError } from '../budget.js';
import { RULE } from '../rule-ids.js';
import { readRange, scanPickleBytes } from './pickle.js';

export interface NpyHeader {
  descr: string;
  hasObject: boolean;
  dataOffset: number;
}

export function parseNpyHeader(head: Uint8Array): NpyHeader | null {
  if (head.length < 10) return null;
  const major = head[6];
  let len: number;
  let start: number;
  if (major === 1) {
    len = head[8] | (head[9] << 8);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (head.length < 12) return null;
    len = (head[8] | (head[9] << 8) | (head[10] << 16)) + head[11] * 0x1000000;
    start = 12;
  } else return null;
  if (start + len > head.length) return null;
  const text = Buffer.from(head.subarray(start, start + len)).toString(major === 3 ? 'utf8' : 'latin1');
  const m = /['"]descr['"]\s*:\s*(.*?)\s*,\s*['"](fortran_order|shape)['"]/s.exec(text);
  if (!m) return null;
  const descr = m[1];
  // object fields anywhere in the (possibly structured) descriptor
  const hasObject = /['"][<>|=]?O\d*['"]/.test(descr);
  return { descr, hasObject, dataOffset: start + len };
}

export async function scanNpy(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const size = await source.size();
  const head = await source.read(0, Math.min(size, 65536 + 12));
  const header = parseNpyHeader(head);
  if (!header) {
    return { format: 'numpy', findings: [{ rule: RULE.incompleteScan, message: `${ctx.path}: the .npy header could not be parsed, so the file was not scanned.`, artifact: ctx.path, evidence: {} }] };
  }
  if (!header.hasObject) return { format: 'numpy', findings: [] };
  const length = size - header.dataOffset;
  if (length > ctx.limits.maxBytesPerFile) throw new ScanLimitError('maxBytesPerFile', `the pickled array is larger than the read budget`);
  const data = await readRange(source, header.dataOffset, length);
  const r = scanPickleBytes(data, ctx);
  const findings: FindingDraft[] = [
    {
      rule: RULE.numpyObjectArray,
      message: `${ctx.path} holds an object array (dtype ${header.descr}) stored as a pickle; numpy.load(allow_pickle=True) runs it.`,
      artifact: ctx.path,
      evidence: { descr: header.descr },
      fix: 'Store numeric arrays only, or load with allow_pickle=False.',
    },
    ...r.findings,
  ];
  return { format: 'numpy', globals: r.globals, findings };
}
