// Settings modules measured in the fourth round on unseen public code (docs/extract-python.md,
// "Fourth measurement"): sentence-transformers short names under a model key with no loader in the
// file, `embed_*` names, and, for precision, model settings grouped with a hosted provider's base
// URL; folders downloaded with kagglehub; OpenMMLab config dicts (`dict(type='...', from_pretrained=...)`).
// The fixtures are written for these tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { extractPython } from '../../src/extract/python/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'extract', 'python');

async function ids(text: string) {
  const { references } = await extractPython({ path: 'x.py', text });
  return references.map((r) => r.id);
}

describe('Python extractor on settings modules', () => {
  it('reports short embedding names, embed_* names and settings of local servers, not hosted providers', async () => {
    const { references } = await extractPython({
      path: 'settings_modules.py',
      text: readFileSync(join(FIXTURES, 'settings_modules.py'), 'utf8'),
    });
    expect(references.map((r) => [r.line, r.column, r.id, r.kind, r.call])).toEqual([
      [4, 24, 'sentence-transformers/all-MiniLM-L6-v2', 'config', 'EMBEDDING_MODEL_NAME'],
      // Line 5 has no digit to tell a model name from a word; line 6 is a hosted model.
      [11, 18, 'acme-labs/embed-small-v1', 'config', 'embed_name'],
      // Lines 17 and 19 share a prefix with a public provider's base URL.
      [23, 14, 'acme-labs/chat-7b', 'config', 'VLLM_MODEL'],
      [25, 16, 'acme-labs/rerank-base', 'config', 'RERANK_MODEL'],
    ]);
  });

  it('keeps a setting whose group has no URL, and one beside a hub URL', async () => {
    expect(await ids('LLM_BASE_URL = "https://api.example.com/v1"\nLLM_MODEL = "acme/a"\nEMBED_MODEL = "acme/b"\n')).toEqual(['acme/b']);
    expect(await ids('LLM_BASE_URL = "https://router.huggingface.co/v1"\nLLM_MODEL = "acme/a"\n')).toEqual(['acme/a']);
  });

  it('does not read a sentence-transformers short name under a non-model name or as a dataset', async () => {
    expect(await ids('GREETING = "all-MiniLM-L6-v2"\nDATASET_NAME = "paraphrase-v2"\n')).toEqual([]);
  });
});

describe('Python extractor on Kaggle downloads', () => {
  it('reads a folder from kagglehub as local, leaving no unresolved reference, and keeps hub loads', async () => {
    const { references } = await extractPython({
      path: 'kaggle_downloads.py',
      text: readFileSync(join(FIXTURES, 'kaggle_downloads.py'), 'utf8'),
    });
    // Lines 7 and 9 load what kagglehub downloaded from Kaggle Models.
    expect(references.map((r) => [r.line, r.id, r.kind])).toEqual([[10, 'acme-labs/chat-tokenizer', 'from_pretrained']]);
  });
});

describe('Python extractor on OpenMMLab config dicts', () => {
  it('reads from_pretrained, pretrained_model_name_or_path and tokenizer of string-typed dicts', async () => {
    const { references } = await extractPython({
      path: 'mmlab_config.py',
      text: readFileSync(join(FIXTURES, 'mmlab_config.py'), 'utf8'),
    });
    expect(references.map((r) => [r.line, r.column, r.id, r.kind, r.call])).toEqual([
      [7, 52, 'acme-labs/diffusion-base', 'config', 'openmmlab.dict'],
      [8, 73, 'acme-labs/diffusion-base', 'config', 'openmmlab.dict'],
      [9, 15, 'acme-labs/diffusion-base', 'config', 'openmmlab.dict'],
      [10, 61, 'acme-labs/control-edges', 'config', 'openmmlab.dict'],
      // Line 14 has no type=, line 15 names a local folder, line 16's type is a class.
    ]);
  });
});
