// Format scanners for safetensors, GGUF, ONNX, Keras and JSON configs. Each is a FormatScanner
// (src/types.ts); the dispatcher in src/artifacts/scan.ts picks one by the sniffed format.
export { scanSafetensors } from './safetensors.js';
export { scanGguf } from './gguf.js';
export { scanJsonConfig, scanChatTemplateFile, checkConfigTemplates } from './json-config.js';
export { scanOnnx } from './onnx.js';
export { scanKerasZip, scanKerasH5 } from './keras.js';
export { scanTfGraph } from './tf-graph.js';
export { checkChatTemplate } from './chat-template.js';
export { checkKerasConfig } from './keras-config.js';
