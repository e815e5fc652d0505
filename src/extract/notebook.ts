// Jupyter notebook reference extraction. Code cells are joined into one Python module (later
// cells use names earlier cells defined), IPython magics and shell escapes are blanked, and
// every reference is mapped back to its cell and to the line of the .ipynb file where that
// source line sits, so annotations land on the notebook itself.
import type { ExtractResult, FileProblem, ModelReference, SourceFile } from '../types.js';
import { extractFromTree } from './python/extract.js';
import { parsePython } from './python/parser.js';
import { extractShell } from './shellscript.js';

export interface NotebookCell {
  /** 1-based position of the cell in the notebook (markdown cells count). */
  cell: number;
  source: string;
  /** 1-based .ipynb line of the cell's first source line. */
  line: number;
  /** 1-based .ipynb line of each source line of the cell. */
  lines: number[];
}

// ---------------------------------------------------------------------------------------------
// A JSON reader that keeps the line of every value (JSON.parse forgets positions).
// ---------------------------------------------------------------------------------------------

type JsonNode =
  | { kind: 'object'; line: number; entries: Map<string, JsonNode> }
  | { kind: 'array'; line: number; items: JsonNode[] }
  | { kind: 'string'; line: number; value: string }
  | { kind: 'other'; line: number };

class JsonReader {
  private pos = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new Error(`invalid notebook JSON at line ${this.line}: ${what}`);
  }

  private ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 10) this.line++;
      else if (c !== 32 && c !== 9 && c !== 13) break;
      this.pos++;
    }
  }

  document(): JsonNode {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    const v = this.value(0);
    this.ws();
    if (this.pos < this.text.length) this.fail('unexpected text after the end');
    return v;
  }

  private value(depth: number): JsonNode {
    if (depth > 200) this.fail('nesting too deep');
    this.ws();
    const line = this.line;
    const c = this.text[this.pos];
    if (c === '{') {
      this.pos++;
      const entries = new Map<string, JsonNode>();
      this.ws();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { kind: 'object', line, entries };
      }
      for (;;) {
        this.ws();
        if (this.text[this.pos] !== '"') this.fail('expected a property name');
        const key = this.string();
        this.ws();
        if (this.text[this.pos] !== ':') this.fail("expected ':'");
        this.pos++;
        entries.set(key, this.value(depth + 1));
        this.ws();
        const d = this.text[this.pos++];
        if (d === '}') return { kind: 'object', line, entries };
        if (d !== ',') this.fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      this.pos++;
      const items: JsonNode[] = [];
      this.ws();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { kind: 'array', line, items };
      }
      for (;;) {
        items.push(this.value(depth + 1));
        this.ws();
        const d = this.text[this.pos++];
        if (d === ']') return { kind: 'array', line, items };
        if (d !== ',') this.fail("expected ',' or ']'");
      }
    }
    if (c === '"') return { kind: 'string', line, value: this.string() };
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.pos, this.pos + 64));
    if (!m) this.fail(this.pos >= this.text.length ? 'unexpected end of file' : `unexpected character ${JSON.stringify(c)}`);
    this.pos += m[0].length;
    return { kind: 'other', line };
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    const t = this.text;
    for (;;) {
      const i = t.indexOf('"', this.pos);
      if (i < 0) this.fail('unterminated string');
      let backslashes = 0;
      for (let j = i - 1; j >= start && t[j] === '\\'; j--) backslashes++;
      this.pos = i + 1;
      if (backslashes % 2 === 0) break;
    }
    const raw = t.slice(start, this.pos);
    if (raw.includes('\n')) this.fail('line break inside a string');
    try {
      return JSON.parse(raw) as string;
    } catch {
      this.fail('invalid string escape');
    }
  }
}

function sourceLines(node: JsonNode | undefined): { text: string; lines: number[] } {
  if (!node) return { text: '', lines: [] };
  if (node.kind === 'string') {
    const count = node.value.replace(/\n$/, '').split('\n').length;
    return { text: node.value, lines: Array(count).fill(node.line) };
  }
  if (node.kind !== 'array') return { text: '', lines: [] };
  let text = '';
  const lines: number[] = [];
  for (const item of node.items) {
    if (item.kind !== 'string') continue;
    // Each element normally holds one line ending in \n; a line continues into the next element otherwise.
    const pieces = item.value.split('\n');
    pieces.forEach((_, i) => {
      if (i === 0 && text.length > 0 && !text.endsWith('\n')) return;
      if (i === pieces.length - 1 && pieces[i] === '') return;
      lines.push(item.line);
    });
    text += item.value;
  }
  if (lines.length === 0) lines.push(node.line);
  return { text, lines };
}

/** Code cells with the .ipynb line of each source line. Throws an Error naming the line on invalid JSON. */
export function notebookCells(text: string): NotebookCell[] {
  const doc = new JsonReader(text).document();
  if (doc.kind !== 'object') throw new Error('invalid notebook: the top level is not a JSON object');
  let cells = doc.entries.get('cells');
  let sourceKey = 'source';
  if (!cells) {
    // nbformat 3: worksheets[].cells[] with `input` as the source.
    const worksheets = doc.entries.get('worksheets');
    if (worksheets?.kind === 'array') {
      const all: JsonNode[] = [];
      for (const w of worksheets.items) {
        const c = w.kind === 'object' ? w.entries.get('cells') : undefined;
        if (c?.kind === 'array') all.push(...c.items);
      }
      cells = { kind: 'array', line: worksheets.line, items: all };
      sourceKey = 'input';
    }
  }
  if (!cells || cells.kind !== 'array') throw new Error('invalid notebook: no "cells" array');
  const out: NotebookCell[] = [];
  cells.items.forEach((cell, i) => {
    if (cell.kind !== 'object') return;
    const type = cell.entries.get('cell_type');
    if (type?.kind !== 'string' || type.value !== 'code') return;
    const src = cell.entries.get(sourceKey) ?? cell.entries.get('source');
    const { text: source, lines } = sourceLines(src);
    out.push({ cell: i + 1, source, line: lines[0] ?? src?.line ?? cell.line, lines });
  });
  return out;
}

/** The notebook's language when it declares one that is not Python. */
function foreignLanguage(text: string): string | null {
  try {
    const nb = JSON.parse(text) as { metadata?: { kernelspec?: { language?: string }; language_info?: { name?: string } } };
    const lang = (nb.metadata?.language_info?.name ?? nb.metadata?.kernelspec?.language ?? 'python').toLowerCase();
    return lang.includes('python') || lang === '' ? null : lang;
  } catch {
    return null;
  }
}

// Cell magics whose body is not Python.
const FOREIGN_CELL = /^\s*%%(bash|sh|script|writefile|file|html|javascript|js|latex|markdown|svg|perl|ruby|sql|R|cmd|powershell)\b/;

const SHELL_CELL = /^\s*%%(bash|sh|script\s+(ba)?sh)\b/;

/**
 * Blanks IPython syntax that is not Python (`!pip`, `%time`, `x = !ls`, `obj?`), keeping line
 * numbers, and hands back the shell commands (`!cmd`, `%%bash` cells) with their line index and
 * the column where the command starts.
 */
function pythonize(source: string): { python: string; shell: { line: number; column: number; text: string }[] } {
  let lines = source.split('\n');
  const shell: { line: number; column: number; text: string }[] = [];
  // `%%writefile app.py` cells hold Python (a script the notebook writes, then runs).
  const written = /^\s*%%writefile(\s+-a)?\s+(\S+)/.exec(lines[0] ?? '');
  if (written && /\.py$/.test(written[2])) {
    lines = ['', ...lines.slice(1)];
    source = lines.join('\n');
  } else if (written && /\.(sh|bash)$/.test(written[2])) {
    lines.forEach((text, i) => i > 0 && shell.push({ line: i, column: 0, text }));
    return { python: lines.map(() => '').join('\n'), shell };
  }
  if (FOREIGN_CELL.test(source)) {
    if (SHELL_CELL.test(source)) lines.forEach((text, i) => i > 0 && shell.push({ line: i, column: 0, text }));
    return { python: lines.map(() => '').join('\n'), shell };
  }
  const python = lines.map((line, i) => {
    const t = line.trimStart();
    const assigned = /^[\w.]+\s*=\s*[!%]/.exec(t);
    if (t.startsWith('!') || t.startsWith('%') || assigned || /^[\w.]+\?{1,2}$/.test(t) || /^\?{1,2}[\w.]+$/.test(t)) {
      const indent = line.slice(0, line.length - t.length);
      const bang = t.startsWith('!') ? 0 : assigned && assigned[0].endsWith('!') ? assigned[0].length - 1 : -1;
      if (bang >= 0) shell.push({ line: i, column: indent.length + bang + 1, text: t.slice(bang + 1) });
      // `%env MODEL_ID=org/name` sets an environment variable: read it as `export MODEL_ID=org/name`.
      const env = /^%env\s+([A-Za-z_]\w*)[=\s]\s*(\S.*)$/.exec(t);
      if (env) {
        const exported = `export ${env[1]}=${env[2]}`;
        shell.push({ line: i, column: indent.length + t.indexOf(env[2]) - exported.indexOf(env[2]), text: exported });
      }
      // Keep indented blocks valid: an indented magic becomes `pass`.
      return indent.length > 0 ? `${indent}pass` : '';
    }
    return line;
  });
  return { python: python.join('\n'), shell };
}

/**
 * A code cell's source as plain Python: IPython magics, shell escapes and non-Python cell magics
 * blanked, line numbers unchanged. For other analyses of notebook code (loading calls).
 */
export function cellPython(source: string): string {
  return pythonize(source.replace(/\r\n?/g, '\n')).python;
}

/** References in the notebook's shell commands, through the shell extractor. */
function shellCommandReferences(file: string, commands: { cell: NotebookCell; line: number; column: number; text: string }[]): ModelReference[] {
  if (commands.length === 0) return [];
  const { references } = extractShell({ path: file, text: commands.map((c) => c.text).join('\n') });
  const out: ModelReference[] = [];
  for (const ref of references) {
    const c = commands[ref.line - 1];
    if (!c) continue;
    out.push({ ...ref, file, line: c.cell.lines[c.line] ?? c.cell.line, column: ref.column + c.column, cell: c.cell.cell, cellLine: c.line + 1 });
  }
  return out;
}

/** Every model-hub reference in one notebook's code cells. */
export async function extractNotebook(file: SourceFile): Promise<ExtractResult> {
  let cells: NotebookCell[];
  try {
    cells = notebookCells(file.text);
  } catch (err) {
    const message = (err as Error).message;
    const line = /at line (\d+)/.exec(message);
    const problem: FileProblem = {
      file: file.path,
      ...(line ? { line: Number(line[1]) } : {}),
      message: `${message}; model references in this notebook were not checked`,
      fix: 'Repair the notebook JSON (open and save it in Jupyter), or exclude it with ignore-paths.',
    };
    return { references: [], problems: [problem] };
  }
  if (foreignLanguage(file.text)) return { references: [], problems: [] };
  // One module: cell after cell, each starting on a fresh line.
  const rows: { cell: number; cellLine: number; fileLine: number }[] = [];
  const chunks: string[] = [];
  const commands: { cell: NotebookCell; line: number; column: number; text: string }[] = [];
  for (const c of cells) {
    const { python, shell } = pythonize(c.source.replace(/\r\n?/g, '\n'));
    for (const cmd of shell) commands.push({ cell: c, ...cmd });
    const lines = python.split('\n');
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    lines.forEach((_, i) => rows.push({ cell: c.cell, cellLine: i + 1, fileLine: c.lines[i] ?? c.lines[c.lines.length - 1] ?? c.line }));
    chunks.push(lines.join('\n'));
  }
  const module = chunks.join('\n');
  const tree = await parsePython(module);
  try {
    const result = extractFromTree(tree, module, file.path, (row, column) => {
      const r = rows[row] ?? rows[rows.length - 1];
      if (!r) return { line: 1, column: column + 1 };
      return { line: r.fileLine, column: column + 1, cell: r.cell, cellLine: r.cellLine };
    });
    let shellRefs: ModelReference[] = [];
    try {
      shellRefs = shellCommandReferences(file.path, commands);
    } catch (err) {
      result.problems.push({ file: file.path, message: `could not read the notebook's shell commands: ${(err as Error).message}` });
    }
    result.references.push(...shellRefs);
    result.references.sort((a, b) => a.line - b.line || a.column - b.column);
    return result;
  } finally {
    tree.delete();
  }
}
