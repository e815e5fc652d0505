// Format detection from bytes, and the format a file name claims. The dispatcher trusts the
// bytes; a name that claims something else is reported (DESIGN.md: judge by content).
import type { ArtifactFormat } from '../types.js';

const TORCH_LEGACY_MAGIC = [0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  return sig.every((v, i) => b[at + i] === v);
}
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Opcodes a protocol 0/1 pickle plausibly starts with (text files rarely match the follow-up checks). */
function looksLikeOldPickle(b: Uint8Array): boolean {
  if (b.length < 2) return false;
  const c = String.fromCharCode(b[0]);
  // GLOBAL / INST: "module\nname\n" with identifier characters.
  if (c === 'c' || c === 'i') {
    const m = /^[ci]([A-Za-z_][\w.]*)\n([A-Za-z_][\w.]*)\n/.exec(Buffer.from(b.subarray(0, 512)).toString('latin1'));
    return m !== null;
  }
  // MARK, EMPTY_DICT/LIST/TUPLE, NONE, followed by another opcode byte; or a PROTO-less small structure ending in STOP.
  if ('(}])N'.includes(c)) {
    const n = String.fromCharCode(b[1]);
    return '(}])NIJKLFGSTUVXcdelpqrstaubhgR.0'.includes(n) || b[1] === 0x4b || b[1] === 0x58;
  }
  if (c === 'I' || c === 'L') return /^[IL]-?\d+L?\n/.test(Buffer.from(b.subarray(0, 64)).toString('latin1'));
  if (c === 'S') return /^S'.*'\n/.test(Buffer.from(b.subarray(0, 256)).toString('latin1'));
  if (c === 'V') return b.includes(0x0a) && b.length > 2;
  return false;
}

export function sniffFormat(head: Uint8Array, size: number): ArtifactFormat {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(head, ascii('BZh')) && head.length > 3 && head[3] >= 0x31 && head[3] <= 0x39) return 'bz2';
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz';
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  // legacy .lzma ("LZMA alone"): properties byte 0x5d, then a power-of-two dictionary size
  if (head.length >= 13 && head[0] === 0x5d && head[1] === 0 && head[2] === 0) return 'xz';
  if (startsWith(head, [0x93, ...ascii('NUMPY')])) return 'numpy';
  if (startsWith(head, ascii('GGUF'))) return 'gguf';
  if (startsWith(head, [0x89, ...ascii('HDF\r\n'), 0x1a, 0x0a])) return 'keras-h5';
  if (head.length >= 262 && startsWith(head, ascii('ustar'), 257)) return 'tar';
  if (head.length >= 2 && head[0] === 0x80 && head[1] >= 1 && head[1] <= 5) {
    if (startsWith(head, TORCH_LEGACY_MAGIC, 2)) return 'pytorch-legacy';
    return 'pickle';
  }
  // zlib stream (joblib's zlib compression writes a bare one)
  if (head.length >= 2 && head[0] === 0x78 && ((head[0] << 8) | head[1]) % 31 === 0) return 'gzip';
  if (head.length >= 9) {
    const n = Number(new DataView(head.buffer, head.byteOffset, 8).getBigUint64(0, true));
    if (n > 1 && n + 8 <= size && head[8] === 0x7b) return 'safetensors';
  }
  if (isV7Tar(head)) return 'tar';
  if (looksLikeOldPickle(head)) return 'pickle';
  const text = Buffer.from(head.subarray(0, 512)).toString('latin1');
  if (/^\s*[[{]/.test(text) && !/[\x00-\x08\x0e-\x1f]/.test(text)) return 'json';
  if (!/[\x00-\x08\x0e-\x1f]/.test(text) && head.length > 0) return 'text';
  return 'unknown';
}

/** Old (pre-POSIX) tar: no magic, but a header checksum over the first block. */
function isV7Tar(head: Uint8Array): boolean {
  if (head.length < 512) return false;
  const field = Buffer.from(head.subarray(148, 156)).toString('latin1').replace(/[\0 ]+$/g, '').trim();
  if (!/^[0-7]+$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : head[i];
  return sum === parseInt(field, 8) && head[0] !== 0;
}

/** zlib magic (CMF/FLG pair) */
export function isZlib(head: Uint8Array): boolean {
  return head.length >= 2 && (head[0] & 0x0f) === 8 && ((head[0] << 8) | head[1]) % 31 === 0;
}

const BY_EXTENSION: [RegExp, ArtifactFormat][] = [
  [/\.(pkl|pickle|p)$/i, 'pickle'],
  [/\.(pt|pth|bin|ckpt)$/i, 'pytorch-zip'],
  [/\.(npy)$/i, 'numpy'],
  [/\.(npz)$/i, 'numpy-npz'],
  [/\.(joblib)$/i, 'joblib'],
  [/\.(safetensors)$/i, 'safetensors'],
  [/\.(gguf)$/i, 'gguf'],
  [/\.(onnx)$/i, 'onnx'],
  [/\.(keras)$/i, 'keras'],
  [/\.(h5|hdf5)$/i, 'keras-h5'],
  [/\.(pb)$/i, 'tf-savedmodel'],
  [/\.(zip)$/i, 'zip'],
  [/\.(tar)$/i, 'tar'],
  [/\.(gz|tgz)$/i, 'gzip'],
  [/\.(bz2)$/i, 'bz2'],
  [/\.(xz|lzma)$/i, 'xz'],
  [/\.(7z)$/i, '7z'],
  [/\.(json)$/i, 'json'],
  [/\.(py)$/i, 'python'],
  [/\.(txt|md)$/i, 'text'],
];

export function claimedFormat(path: string): ArtifactFormat | null {
  for (const [re, f] of BY_EXTENSION) if (re.test(path)) return f;
  return null;
}

/** Families that may legitimately sit behind one another's names. */
const COMPATIBLE: ArtifactFormat[][] = [
  ['pickle', 'pytorch-zip', 'pytorch-legacy', 'pytorch-tar', 'torchscript', 'joblib', 'numpy-npz', 'zip', 'keras', 'gzip', 'bz2', 'xz'],
  ['keras-h5'],
  ['tf-savedmodel'],
  ['json', 'text', 'python'],
];

/**
 * Whether a name's claim and the content disagree. Checkpoint extensions (.bin, .pt, .pkl,
 * .joblib) hold any pickle-family content, so those never disagree among themselves.
 */
export function namesDisagree(claimed: ArtifactFormat, detected: ArtifactFormat): boolean {
  if (claimed === detected) return false;
  if (claimed === 'numpy' && detected === 'numpy') return false;
  const pickleFamily = COMPATIBLE[0];
  if (pickleFamily.includes(claimed) && pickleFamily.includes(detected)) {
    // a .zip holding a pickle stream, or a .npz holding no zip, are still surprising
    if (claimed === 'zip' || claimed === 'numpy-npz' || claimed === 'keras') return !['zip', 'pytorch-zip', 'torchscript', 'numpy-npz', 'keras'].includes(detected);
    if (['gzip', 'bz2', 'xz'].includes(claimed)) return !['gzip', 'bz2', 'xz', 'joblib'].includes(detected);
    return false;
  }
  if (claimed === 'pytorch-zip' && detected === 'safetensors') return true;
  return !COMPATIBLE.some((g) => g.includes(claimed) && g.includes(detected));
}
