// Dockerfiles and Containerfiles: ENV/ARG assignments, RUN/CMD/ENTRYPOINT commands (shell and
// exec form), with line continuations.
import type { ExtractResult, ModelReference, SourceFile } from '../types.js';
import { isModelVariableName, makeReference, Positions } from './common.js';
import { collectAssignments, commandReferences, envRevision, explicitHubRef, quantisedRepoRef, shellReferences, tokenizeShell, Variables, wordOffset, type Word } from './shell.js';

interface Instruction {
  keyword: string;
  /** Offset of the arguments (after the keyword) in the file. */
  offset: number;
  args: string;
}

/** Splits a Dockerfile into instructions, joining `\` continuations and skipping comments. */
export function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const re = /^[ \t]*([A-Za-z]+)[ \t]+/gm;
  let m: RegExpExecArray | null;
  const lineStarts: number[] = [];
  while ((m = re.exec(text))) {
    lineStarts.push(m.index);
    const offset = m.index + m[0].length;
    // The instruction runs to the first newline not preceded by a continuation backslash;
    // comment lines inside a continued instruction are skipped by the shell tokenizer.
    let end = offset;
    for (;;) {
      const nl = text.indexOf('\n', end);
      if (nl < 0) {
        end = text.length;
        break;
      }
      if (/\\[ \t]*\r?$/.test(text.slice(end, nl))) {
        end = nl + 1;
        continue;
      }
      end = nl;
      break;
    }
    out.push({ keyword: m[1].toUpperCase(), offset, args: text.slice(offset, end) });
    re.lastIndex = Math.max(end, re.lastIndex);
  }
  return out;
}

/** `KEY=value KEY2="v 2"` or the legacy `KEY value` form. */
function envPairs(ins: Instruction): { name: string; value: string; offset: number }[] {
  const words = tokenizeShell(ins.args, ins.offset).flat();
  if (words.length >= 2 && !words[0].text.includes('=')) {
    const rest = words[1];
    return [{ name: words[0].text, value: ins.args.slice(rest.offset - ins.offset).trim().replace(/^["']|["']$/g, ''), offset: rest.offset }];
  }
  const pairs: { name: string; value: string; offset: number }[] = [];
  for (const w of words) {
    const eq = w.text.indexOf('=');
    if (eq <= 0) continue;
    pairs.push({ name: w.text.slice(0, eq), value: w.text.slice(eq + 1), offset: wordOffset(w, eq + 1) });
  }
  return pairs;
}

/** Exec form `["vllm", "serve", "org/name"]` into words with offsets, or null for shell form. */
function execForm(ins: Instruction): Word[] | null {
  if (!ins.args.trimStart().startsWith('[')) return null;
  const words: Word[] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(ins.args))) words.push({ text: m[1].replace(/\\(.)/g, '$1'), offset: ins.offset + m.index + 1 });
  return words;
}

export function extractDockerfile(file: SourceFile): ExtractResult {
  const positions = new Positions(file.text);
  const vars = new Variables();
  const at = (o: number) => positions.at(o);
  const ctx = { file: file.path, at, vars };
  const list = instructions(file.text);
  for (const ins of list) {
    if (ins.keyword === 'ENV' || ins.keyword === 'ARG') for (const p of envPairs(ins)) vars.set(p.name, p.value);
  }
  const refs: ModelReference[] = [];
  for (const ins of list) {
    if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
      for (const p of envPairs(ins)) {
        if (isModelVariableName(p.name)) {
          const expanded = vars.expand(p.value);
          // `ENV MODEL_ID=${MODEL_ID}` re-exports an ARG already reported where it is written.
          if (expanded.names.length > 0 && expanded.names.every((n) => vars.reported.has(n))) continue;
          const ref = makeReference({
            file: file.path,
            ...at(p.offset),
            raw: expanded.value,
            kind: 'env',
            call: `${ins.keyword} ${p.name}`,
            context: 'config',
            revision: envRevision(vars, p.name),
            unresolvedAllowed: true,
            confidence: expanded.names.length || expanded.usedDefault ? 'medium' : 'high',
          });
          if (ref) {
            if (ref.id === null) ref.raw = p.value;
            refs.push(ref);
            vars.markReported(p.name, ref);
          }
        } else {
          const value = vars.expand(p.value).value;
          const ref = explicitHubRef(ctx, p.offset, value, 'env', `${ins.keyword} ${p.name}`) ?? quantisedRepoRef(ctx, p.offset, value, `${ins.keyword} ${p.name}`);
          if (ref) refs.push(ref);
        }
      }
    } else if (ins.keyword === 'RUN' || ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') {
      const exec = execForm(ins);
      if (exec) {
        refs.push(...commandReferences(exec, ctx));
        for (const w of exec) if (/\s/.test(w.text.trim())) refs.push(...shellReferences(w.text, w.offset, ctx));
      } else {
        const commands = tokenizeShell(ins.args.replace(/^(\s*--\S+)+/, (s) => ' '.repeat(s.length)), ins.offset);
        collectAssignments(commands, vars);
        for (const words of commands) refs.push(...commandReferences(words, ctx));
      }
    }
  }
  return { references: refs, problems: [] };
}

/** Ollama Modelfiles: `FROM hf.co/org/name:Q4_K_M` pulls a GGUF from the hub. */
export function extractModelfile(file: SourceFile): ExtractResult {
  const positions = new Positions(file.text);
  const ctx = { file: file.path, at: (o: number) => positions.at(o) };
  const refs: ModelReference[] = [];
  for (const ins of instructions(file.text)) {
    if (ins.keyword !== 'FROM' && ins.keyword !== 'ADAPTER') continue;
    const value = ins.args.trim();
    const ref = explicitHubRef(ctx, ins.offset + ins.args.indexOf(value), value, 'config', ins.keyword);
    if (ref) refs.push(ref);
  }
  return { references: refs, problems: [] };
}
