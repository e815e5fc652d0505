// Which files in a model repository are weights, and whether loading them can run code.
// Judged by file name here because only the hub's listing is at hand; the artifact scanner
// judges the bytes.
import path from 'node:path';

/** Formats deserialised with pickle (or able to carry pickles) by their usual loaders. */
const PICKLE_EXTENSIONS = new Set(['.bin', '.pt', '.pth', '.ckpt', '.pkl', '.pickle', '.joblib', '.npy', '.npz', '.dill', '.mar', '.pkl.gz', '.pt.gz']);
/** Weight formats that carry tensors only. */
const SAFE_EXTENSIONS = new Set(['.safetensors', '.gguf', '.ggml', '.onnx', '.msgpack', '.tflite', '.mlmodel', '.h5', '.keras', '.pb']);

export type WeightKind = 'pickle' | 'safe' | null;

export function weightKind(filePath: string): WeightKind {
  const base = path.posix.basename(filePath).toLowerCase();
  const ext2 = base.split('.').slice(-2).join('.');
  if (base.includes('.') && PICKLE_EXTENSIONS.has(`.${ext2}`)) return 'pickle';
  const ext = path.posix.extname(base);
  if (PICKLE_EXTENSIONS.has(ext)) return 'pickle';
  if (SAFE_EXTENSIONS.has(ext)) return 'safe';
  return null;
}

export function isPythonFile(filePath: string): boolean {
  return filePath.toLowerCase().endsWith('.py');
}
