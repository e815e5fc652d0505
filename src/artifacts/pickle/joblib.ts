// joblib writes each numpy array's bytes straight into the pickle stream, right after the BUILD
// of its NumpyArrayWrapper (joblib/numpy_pickle.py: write_array / read_array): an optional
// padding-length byte and padding, then count * itemsize raw bytes, or for object arrays a
// whole protocol-2 pickle. The machine must step over the raw bytes exactly as joblib's reader
// does, or it would misread array data as opcodes.
import { NESTED_PICKLE, type PickleHooks, type Value } from './machine.js';

const WRAPPERS = new Set(['joblib.numpy_pickle.NumpyArrayWrapper', 'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper']);

function field(state: Value | undefined, key: string): Value | undefined {
  if (!state || state.k !== 'dict') return undefined;
  for (const [k, v] of state.entries) if (k.k === 'str' && k.v === key) return v;
  return undefined;
}
const num = (v: Value | undefined): number | null => (v && v.k === 'int' ? Number(v.v) : v && v.k === 'bool' ? Number(v.v) : null);

/** itemsize and whether the dtype holds Python objects, from `numpy.dtype(spec, ...)` + its state. */
export function dtypeInfo(dtype: Value | undefined): { itemsize: number; hasObject: boolean } | null {
  if (!dtype || dtype.k !== 'call' || dtype.args.length === 0) return null;
  const spec = dtype.args[0];
  if (spec.k !== 'str') return null;
  const state = dtype.state;
  if (state && state.k === 'tuple') {
    const flags = num(state.items[7]);
    const size = num(state.items[5]);
    if (size !== null && size > 0) return { itemsize: size, hasObject: ((flags ?? 0) & 1) === 1 };
  }
  const m = /^[<>|=]?([a-zA-Z])(\d*)$/.exec(spec.v);
  if (!m) return null;
  const [, kind, digits] = m;
  if (kind === 'O') return { itemsize: 8, hasObject: true };
  const n = digits ? Number(digits) : kind === 'b' || kind === '?' ? 1 : NaN;
  if (!Number.isFinite(n)) return null;
  return { itemsize: kind === 'U' ? n * 4 : n, hasObject: false };
}

export function joblibHooks(data: Uint8Array): PickleHooks {
  return {
    afterBuild(obj, offset) {
      const callee = obj.callee;
      if (callee.k !== 'global' || !WRAPPERS.has(`${callee.ref.module}.${callee.ref.name}`)) return 0;
      const shape = field(obj.state, 'shape');
      const info = dtypeInfo(field(obj.state, 'dtype'));
      if (!info || !shape || shape.k !== 'tuple') return 0;
      if (info.hasObject) return NESTED_PICKLE;
      let count = 1;
      for (const d of shape.items) {
        const n = num(d);
        if (n === null || n < 0) return 0;
        count *= n;
      }
      let skip = count * info.itemsize;
      if (num(field(obj.state, 'numpy_array_alignment_bytes')) !== null && offset < data.length) {
        skip += 1 + data[offset];
      }
      return skip > 0 ? skip : 0;
    },
  };
}
