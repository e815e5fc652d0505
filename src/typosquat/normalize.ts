// Name folding and tokenising. Every comparison runs on keys built here:
// - case key:      lower case, separators kept (`Llama-3.1-8B` -> `llama-3.1-8b`)
// - loose key:     case and separators folded (`-`, `_`, `.`, none are one spelling)
// - visual key:    the loose key of the UTS #39 skeleton plus the ASCII look-alikes the
//                  skeleton does not cover, so `meta-IIama`, `meta_llama` and `metallama` meet.
import { skeleton } from './confusables.js';

const SEPARATORS = /[-_.\s]+/g;

export function caseKey(name: string): string {
  return name.toLowerCase();
}

export function looseKey(name: string): string {
  return name.toLowerCase().replace(SEPARATORS, '');
}

/**
 * The skeleton maps `I`, `1`, `|` to `l`, `0` to `O` and `m` to `rn`; after lower-casing we
 * also fold `vv` to `w` (confusables.txt has no entry for it) so both spellings meet.
 */
export function visualKey(name: string): string {
  // The skeleton writes `m` as `rn`; collapsing back keeps one character per letter, so a
  // doubled `m` stays one edit away instead of two.
  return skeleton(name).toLowerCase().replace(SEPARATORS, '').replace(/rn/g, 'm').replace(/vv/g, 'w');
}

/** Splits a name into tokens at separators and at lower-to-upper case changes. */
export function tokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[-_\s/]+/)
    .map((t) => t.toLowerCase())
    .filter((t) => t.length > 0);
}

/** Tokens split at separators only, keeping dotted versions (`3.1`) whole. */
export function nameTokens(name: string): string[] {
  return name
    .split(/[-_\s]+/)
    .map((t) => t.toLowerCase())
    .filter((t) => t.length > 0);
}

// --- token classes -----------------------------------------------------------------------------

/** A size: parameters (7b, 1.5b, 125m, 8x7b, 22k), widths (xl, large), layer counts (l6, l12). */
const SIZE = /^(\d+(\.\d+)?[kmbt]|\d+x\d+(\.\d+)?[bm]|a\d+(\.\d+)?b|e\d+b|l\d+|h\d+|xs|s|m|l|xl|xxl|xxxl|xlarge|xxlarge|tiny|mini|micro|nano|small|base|medium|large|huge|giant|big|lite)$/;
/** A version or date: v2, v0.3, 3.1, 2407, 0314, 2024, r1, 2b (no: that is a size). */
const VERSION = /^(v\d+(\.\d+)*[a-z]?|\d+(\.\d+)*|r\d+|\d{4}(\d{2})?)$/;
/** Words that name a variant of the same family, not a different model. */
const VARIANT_WORDS = new Set([
  'instruct', 'it', 'chat', 'base', 'hf', 'cased', 'uncased', 'multilingual', 'en', 'zh', 'de', 'fr',
  'es', 'ja', 'ko', 'ru', 'cn', 'multi', 'vision', 'code', 'coder', 'math', 'preview', 'turbo',
  'distilled', 'distill', 'finetuned', 'sft', 'dpo', 'rlhf', 'pt', 'ft', 'qat', 'fp8', 'fp16', 'bf16',
  'fp32', 'int4', 'int8', 'original', 'latest', 'mini', 'uncensored', 'reasoning', 'thinking', 'long',
  'context', 'ext', 'quantized', 'full', 'lora', 'adapter', 'onnx', 'openvino', 'mlx', 'coreml',
  'tflite', 'safetensors', 'pytorch', 'tf', 'flax', 'jax', 'nli', 'squad', 'squad2', 'mnli', 'sst2',
  'ner', 'qa', 'mt', 'embed', 'embedding', 'rerank', 'reranker', 'ocr', 'asr', 'tts', 'audio', 'video',
  'image', 'text', 'gen', 'diffusers', 'inpainting', 'refiner', 'xl', 'lightning', 'schnell', 'dev',
  'pro', 'plus', 'max', 'flash', 'omni', 'hd', 'next', 'nemo', 'moe', 'dense', 'sparse', 'unified',
]);
/** Tokens that say "this is a quantisation or re-packaging of another model". */
const DERIVATIVE = /^(gguf|ggml|awq|gptq|exl2|exl3|mlx|bnb|4bit|8bit|3bit|2bit|6bit|nf4|int4|int8|w4a16|w8a8|w8a16|fp8|q\d(_[a-z0-9]+)*|iq\d(_[a-z0-9]+)*|\d+bpw|\d+bit|onnx|openvino|ov|coreml|tflite|mlc|hqq|eetq|marlin|quantized|quant|imatrix|dynamic|unsloth|fp16|bf16|fp32|f16|f32)$/;

export type TokenClass = 'size' | 'version' | 'variant' | 'derivative' | 'word';

export function classifyToken(token: string): TokenClass {
  const t = token.toLowerCase();
  if (DERIVATIVE.test(t)) return 'derivative';
  if (SIZE.test(t)) return 'size';
  if (VERSION.test(t)) return 'version';
  if (VARIANT_WORDS.has(t)) return 'variant';
  return 'word';
}

/**
 * A name split into the tokens that identify the family (`words`, which keep embedded digits
 * such as `llama3` or `gpt2`) and the ones that pick a member of it.
 */
export interface NameShape {
  words: string[];
  sizes: string[];
  versions: string[];
  variants: string[];
  derivatives: string[];
}

/** Splits glued letters and numbers at the end of a word (`qwen2.5` -> `qwen`, `2.5`). */
export function splitTrailingVersion(token: string): string[] {
  const m = /^([a-z]{2,})(\d+(\.\d+)*)$/.exec(token);
  return m ? [m[1], m[2]] : [token];
}

export function nameShape(name: string): NameShape {
  const shape: NameShape = { words: [], sizes: [], versions: [], variants: [], derivatives: [] };
  for (const raw of nameTokens(name)) {
    for (const t of splitTrailingVersion(raw)) {
      const cls = classifyToken(t);
      if (cls === 'size') shape.sizes.push(t);
      else if (cls === 'version') shape.versions.push(t);
      else if (cls === 'variant') shape.variants.push(t);
      else if (cls === 'derivative') shape.derivatives.push(t);
      else shape.words.push(t);
    }
  }
  return shape;
}

/** The family of a name: its identifying words in order (`Llama-3.1-8B-Instruct` -> `llama`). */
export function familyKey(name: string): string {
  return nameShape(name).words.join(' ');
}

/** The name without quantisation / packaging tokens, loose-folded. */
export function withoutDerivativeTokens(name: string): string {
  return nameTokens(name)
    .filter((t) => classifyToken(t) !== 'derivative')
    .join('');
}

/** Sorted-token key: equal for names that only order their tokens differently. */
export function sortedTokenKey(name: string): string {
  return nameTokens(name)
    .map((t) => visualKey(t))
    .sort()
    .join(' ');
}
