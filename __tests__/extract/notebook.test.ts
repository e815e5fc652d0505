import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { cellPython, extractNotebook, notebookCells } from '../../src/extract/notebook.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'extract', 'notebooks');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

describe('notebookCells', () => {
  it('lists code cells with the .ipynb line of each source line', () => {
    const cells = notebookCells(read('finetune_quickstart.ipynb'));
    expect(cells.map((c) => [c.cell, c.line])).toEqual([
      [2, 18],
      [3, 28],
      [4, 40],
      [6, 66],
      [7, 82],
      [8, 92],
      [9, 104],
      [10, 114],
      [11, 124],
      [12, 138],
      [13, 148],
    ]);
    expect(cells[2].source).toBe('model_id = "mistralai/Mistral-7B-Instruct-v0.2"\nrevision = "41b61a33a2483885c981aa79e0df6b32407ed873"');
    expect(cells[3].lines).toEqual([66, 67, 68, 69, 70, 71, 72, 73]);
  });

  it('reads sources stored as one string and nbformat 3 worksheets', () => {
    expect(notebookCells(read('string_sources.ipynb')).map((c) => [c.cell, c.line, c.lines])).toEqual([
      [1, 8, [8]],
      [2, 15, [15, 15]],
    ]);
    expect(notebookCells(read('nbformat3.ipynb')).map((c) => [c.cell, c.line, c.source])).toEqual([
      [2, 22, 'from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained("bert-base-uncased")'],
    ]);
  });

  it('throws an error naming the line on invalid JSON', () => {
    expect(() => notebookCells(read('truncated.ipynb'))).toThrow(/invalid notebook JSON at line 15/);
    expect(() => notebookCells('{"cells": [}')).toThrow(/line 1/);
    expect(() => notebookCells('[]')).toThrow(/not a JSON object/);
    expect(() => notebookCells('{"metadata": {}}')).toThrow(/no "cells" array/);
  });
});

describe('cellPython', () => {
  it('blanks IPython syntax and keeps line numbers', () => {
    expect(cellPython('!pip install x\n%time f()\nimport os\nif a:\n    !ls\nfiles = !ls\nos?')).toBe('\n\nimport os\nif a:\n    pass\n\n');
    expect(cellPython('%%bash\nhf download org/x')).toBe('\n');
    expect(cellPython('%%writefile app.py\nimport torch')).toBe('\nimport torch');
  });
});

describe('extractNotebook', () => {
  it('finds references across cells, on the notebook line, with cell and line in the cell', async () => {
    const { references, problems } = await extractNotebook({ path: 'nb/finetune.ipynb', text: read('finetune_quickstart.ipynb') });
    expect(problems).toEqual([]);
    expect(references.map((r) => [r.line, r.column, r.cell, r.cellLine, r.id, r.revision, r.kind, r.call, r.flags, r.confidence])).toEqual([
      [67, 43, 6, 2, 'mistralai/Mistral-7B-Instruct-v0.2', '41b61a33a2483885c981aa79e0df6b32407ed873', 'from_pretrained', 'AutoTokenizer.from_pretrained', {}, 'high'],
      [69, 5, 6, 4, 'mistralai/Mistral-7B-Instruct-v0.2', '41b61a33a2483885c981aa79e0df6b32407ed873', 'from_pretrained', 'AutoModelForCausalLM.from_pretrained', {}, 'high'],
      [82, 19, 7, 1, 'HuggingFaceH4/ultrachat_200k', null, 'dataset', 'load_dataset', {}, 'high'],
      [94, 46, 8, 3, 'ybelkada/opt-350m-lora', null, 'from_pretrained', 'PeftModel.from_pretrained', {}, 'high'],
      [105, 26, 9, 2, 'TheBloke/Llama-2-7B-GGUF', null, 'cli', 'huggingface-cli download', {}, 'high'],
      [114, 42, 10, 1, 'HuggingFaceH4/zephyr-7b-beta', null, 'pipeline', 'pipeline', { trustRemoteCode: true }, 'high'],
      [128, 54, 11, 5, 'openai/whisper-small', null, 'pipeline', 'pipeline', {}, 'high'],
      [139, 13, 12, 2, 'Qwen/Qwen2.5-0.5B-Instruct', null, 'cli', 'huggingface-cli download', {}, 'high'],
    ]);
    expect(references.every((r) => r.file === 'nb/finetune.ipynb')).toBe(true);
  });

  it('reads one-string sources and nbformat 3', async () => {
    const a = await extractNotebook({ path: 's.ipynb', text: read('string_sources.ipynb') });
    expect(a.references.map((r) => [r.line, r.cell, r.cellLine, r.id])).toEqual([[15, 2, 1, 'sentence-transformers/all-mpnet-base-v2']]);
    const b = await extractNotebook({ path: 'old.ipynb', text: read('nbformat3.ipynb') });
    expect(b.references.map((r) => [r.line, r.cell, r.cellLine, r.id])).toEqual([[23, 2, 2, 'bert-base-uncased']]);
  });

  it('skips notebooks in other languages', async () => {
    expect(await extractNotebook({ path: 'r.ipynb', text: read('r_kernel.ipynb') })).toEqual({ references: [], problems: [] });
  });

  it('turns invalid JSON into a problem naming the file and line', async () => {
    const { references, problems } = await extractNotebook({ path: 'bad.ipynb', text: read('truncated.ipynb') });
    expect(references).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'bad.ipynb', line: 15 });
    expect(problems[0].message).toMatch(/not checked/);
  });

  it('reads %env assignments of model variables', async () => {
    const nb = { cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['%env MODEL_ID=Qwen/Qwen2.5-7B-Instruct\n', '%env HF_HOME /tmp/hf'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    const { references } = await extractNotebook({ path: 'e.ipynb', text: JSON.stringify(nb, null, 1) });
    expect(references.map((r) => [r.line, r.column, r.cell, r.cellLine, r.id, r.kind, r.call])).toEqual([[8, 15, 1, 1, 'Qwen/Qwen2.5-7B-Instruct', 'env', 'MODEL_ID']]);
  });

  it('reports a syntax error in a cell with the notebook line and the cell', async () => {
    const nb = { cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['x = AutoModel.from_pretrained("org/ok")\n', 'def broken(:\n', '    pass'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    const { references, problems } = await extractNotebook({ path: 'e.ipynb', text: JSON.stringify(nb, null, 1) });
    expect(references.map((r) => r.id)).toEqual(['org/ok']);
    expect(problems).toHaveLength(1);
    expect(problems[0].line).toBe(9);
    expect(problems[0].message).toMatch(/cell 1, line 2/);
  });
});
