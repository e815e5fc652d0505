// The scanners for safetensors, GGUF, ONNX, Keras and JSON configs live in ./formats/ (another
// part of the engine); the dispatcher finds them by name here.
import type { FormatScanner } from '../types.js';

export interface ExternalScanners {
  scanSafetensors?: FormatScanner;
  scanGguf?: FormatScanner;
  scanOnnx?: FormatScanner;
  scanKerasZip?: FormatScanner;
  scanKerasH5?: FormatScanner;
  scanJsonConfig?: FormatScanner;
}

const FORMATS_MODULE = './formats/index.js';
let loaded: Promise<ExternalScanners> | null = null;

export function formatScanners(): Promise<ExternalScanners> {
  loaded ??= (import(FORMATS_MODULE) as Promise<ExternalScanners>).catch(() => ({}));
  return loaded;
}
