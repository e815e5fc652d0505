// The scanners for safetensors, GGUF, ONNX, Keras and JSON configs live in ./formats/ (another
// part of the engine); the dispatcher finds them by name here.
import type { FormatScanner } from '../types.js';
import * as formats from './formats/index.js';

export interface ExternalScanners {
  scanSafetensors?: FormatScanner;
  scanGguf?: FormatScanner;
  scanOnnx?: FormatScanner;
  scanKerasZip?: FormatScanner;
  scanKerasH5?: FormatScanner;
  scanJsonConfig?: FormatScanner;
  scanChatTemplateFile?: FormatScanner;
  scanTfGraph?: FormatScanner;
}

const registry: ExternalScanners = {
  scanSafetensors: formats.scanSafetensors,
  scanGguf: formats.scanGguf,
  scanOnnx: formats.scanOnnx,
  scanKerasZip: formats.scanKerasZip,
  scanKerasH5: formats.scanKerasH5,
  scanJsonConfig: formats.scanJsonConfig,
  scanChatTemplateFile: formats.scanChatTemplateFile,
  scanTfGraph: formats.scanTfGraph,
};

export async function formatScanners(): Promise<ExternalScanners> {
  return registry;
}
