// Python written inside shell: `python -c "..."` and `python - <<'EOF' ... EOF` in scripts,
// Dockerfile RUN lines, Makefile recipes and CI `run:` blocks. Images often bake a model in this
// way (`RUN python -c "from transformers import AutoModel; AutoModel.from_pretrained('x')"`).
// The code is cut out with a map from each of its characters back to the file, read by the
// Python extractor, and its references placed where the code sits in the file.
import type { ModelReference } from '../types.js';
import { extractPython } from './python/index.js';
import { Positions } from './common.js';

export interface InlineCode {
  code: string;
  /** File offset of each character of `code`. */
  offsets: number[];
}

const TRIGGER = /\bpython[0-9.]*\s+(?:-u\s+)?(?:-c\s|-?\s*<<)/;

/** Whether a file may hold inline Python (cheap test before the real search). */
export function mayHoldInlinePython(text: string): boolean {
  return TRIGGER.test(text);
}

/** `python -c '...'` / `"..."` bodies, with shell double-quote escapes and continuations undone. */
function quotedSnippets(text: string, makefile: boolean): InlineCode[] {
  const out: InlineCode[] = [];
  const re = /\bpython[0-9.]*\s+(?:-u\s+)?-c\s+(["'])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const quote = m[1];
    let i = m.index + m[0].length;
    const code: string[] = [];
    const offsets: number[] = [];
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === quote) break;
      if (quote === '"' && c === '\\' && i + 1 < text.length) {
        const n = text[i + 1];
        if (n === '\n') {
          i++;
          continue;
        }
        if (n === '"' || n === '\\' || n === '$' || n === '`') {
          code.push(n);
          offsets.push(i + 1);
          i++;
          continue;
        }
      }
      if (makefile && c === '$' && text[i + 1] === '$') {
        code.push('$');
        offsets.push(i);
        i++;
        continue;
      }
      code.push(c);
      offsets.push(i);
    }
    re.lastIndex = i + 1;
    if (code.length) out.push({ code: code.join(''), offsets });
  }
  return out;
}

/** `python - <<'EOF'` heredoc bodies, dedented (CI blocks indent them). */
function heredocSnippets(text: string): InlineCode[] {
  const out: InlineCode[] = [];
  const re = /\bpython[0-9.]*\s+(?:-u\s+)?(?:-\s*)?<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1[^\n]*\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const delimiter = m[2];
    const lines: { text: string; offset: number }[] = [];
    let offset = m.index + m[0].length;
    while (offset < text.length) {
      let end = text.indexOf('\n', offset);
      if (end < 0) end = text.length;
      const line = text.slice(offset, end).replace(/\r$/, '');
      if (line.trim() === delimiter) break;
      lines.push({ text: line, offset });
      offset = end + 1;
    }
    re.lastIndex = offset;
    const indents = lines.filter((l) => l.text.trim()).map((l) => /^[ \t]*/.exec(l.text)![0].length);
    const dedent = indents.length ? Math.min(...indents) : 0;
    const code: string[] = [];
    const offsets: number[] = [];
    for (const l of lines) {
      const body = l.text.slice(Math.min(dedent, l.text.length));
      for (let k = 0; k < body.length; k++) {
        code.push(body[k]);
        offsets.push(l.offset + Math.min(dedent, l.text.length) + k);
      }
      code.push('\n');
      offsets.push(l.offset + l.text.length);
    }
    if (code.length) out.push({ code: code.join(''), offsets });
  }
  return out;
}

/** Every inline Python snippet in a file. */
export function inlinePythonSnippets(text: string, makefile = false): InlineCode[] {
  return [...quotedSnippets(text, makefile), ...heredocSnippets(text)];
}

/** References in a file's inline Python, placed in the file. Snippets that do not parse are skipped. */
export async function inlinePythonReferences(path: string, text: string, makefile = false): Promise<ModelReference[]> {
  if (!mayHoldInlinePython(text)) return [];
  const positions = new Positions(text);
  const refs: ModelReference[] = [];
  for (const snippet of inlinePythonSnippets(text, makefile).slice(0, 200)) {
    const lineStarts = [0];
    for (let i = 0; i < snippet.code.length; i++) if (snippet.code[i] === '\n') lineStarts.push(i + 1);
    // Through the Python extractor's public entry; its 1-based positions are in the snippet.
    const result = await extractPython({ path, text: snippet.code });
    for (const ref of result.references) {
      const at = (lineStarts[ref.line - 1] ?? 0) + ref.column - 1;
      const offset = snippet.offsets[Math.max(0, Math.min(at, snippet.offsets.length - 1))] ?? 0;
      refs.push({ ...ref, ...positions.at(offset) });
    }
  }
  return refs;
}
