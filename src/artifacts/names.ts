// File names the loaders act on by name rather than by content. The dispatcher uses them to
// route a file whose bytes do not sniff as what its name promises (the loader would still try
// to parse it) and the remote selection uses them to pick the few JSON files that can carry
// templates or code.

/** Chat templates stored as their own files (transformers >= 4.43 writes these). */
const CHAT_TEMPLATE_FILE = /(^|\/)(chat_template\.jinja|additional_chat_templates\/[^/]+\.jinja)$/i;

/** JSON configs that can carry a chat template or point at code; other JSON is data. */
const TEMPLATE_CONFIG = /(^|\/)(tokenizer_config|chat_template|processor_config|preprocessor_config|config)\.json$/i;

export function isChatTemplateFile(path: string): boolean {
  return CHAT_TEMPLATE_FILE.test(path);
}

export function isTemplateConfig(path: string): boolean {
  return TEMPLATE_CONFIG.test(path);
}
