// Makefiles: variable assignments (`MODEL ?= org/name`) and recipe lines as shell commands,
// with `$(VAR)` expanded from the file's own assignments. Justfiles are read the same way:
// `name := "value"` assignments, indented recipe lines, `{{name}}` interpolations.
import type { ExtractResult, ModelReference, SourceFile } from '../types.js';
import { isModelEnvName, makeReference, Positions } from './common.js';
import { collectAssignments, commandReferences, explicitHubRef, quantisedRepoRef, tokenizeShell, Variables } from './shell.js';

const ASSIGN = /^(?:export[ \t]+|override[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(\?=|:::=|::=|:=|\+=|!=|=)[ \t]*(.*?)[ \t]*(?:#.*)?$/;

// just's `{{ name }}` interpolation, read as the `${name}` the variables understand.
const JUST_INTERPOLATION = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function extractMakefile(file: SourceFile, just = false): ExtractResult {
  const positions = new Positions(file.text);
  const at = (o: number) => positions.at(o);
  const vars = new Variables();
  const ctx = { file: file.path, at, vars };
  const lines = file.text.split('\n');
  const assignments: { name: string; value: string; offset: number }[] = [];
  const recipes: { text: string; offset: number }[] = [];
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const start = offset;
    let line = lines[i];
    offset += line.length + 1;
    // Join continuation lines (keep the backslash-newline: the tokenizer skips it).
    while (/\\\r?$/.test(line) && i + 1 < lines.length) {
      i++;
      line += '\n' + lines[i];
      offset += lines[i].length + 1;
    }
    if (line.startsWith('\t') || (just && /^ +\S/.test(line))) {
      let text = line.replace(/^[\t ]+[@+-]*/, (s) => ' '.repeat(s.length));
      if (just) text = text.replace(JUST_INTERPOLATION, (_m, name: string) => `\${${name}}`);
      recipes.push({ text, offset: start });
      continue;
    }
    const m = ASSIGN.exec(line.replace(/\r$/, ''));
    if (m && m[2] !== '!=') {
      const valueStart = start + line.indexOf(m[3], line.indexOf(m[2]) + m[2].length);
      assignments.push({ name: m[1], value: m[3].replace(/^["']|["']$/g, ''), offset: valueStart + (/^["']/.test(m[3]) ? 1 : 0) });
      vars.set(m[1], m[3].replace(/^["']|["']$/g, ''));
    }
  }
  const refs: ModelReference[] = [];
  for (const a of assignments) {
    const expanded = vars.expand(a.value);
    if (isModelEnvName(a.name)) {
      const ref = makeReference({
        file: file.path,
        ...at(a.offset),
        raw: expanded.value,
        kind: 'env',
        call: a.name,
        context: 'config',
        unresolvedAllowed: true,
        confidence: expanded.names.length || expanded.usedDefault ? 'medium' : 'high',
      });
      if (ref) {
        if (ref.id === null) ref.raw = a.value;
        refs.push(ref);
        vars.markReported(a.name, ref);
      }
    } else {
      const ref = explicitHubRef(ctx, a.offset, expanded.value, 'env', a.name) ?? quantisedRepoRef(ctx, a.offset, expanded.value, a.name);
      if (ref) {
        refs.push(ref);
        vars.markReported(a.name, ref);
      }
    }
  }
  for (const r of recipes) {
    // `$$VAR` (the shell's `$VAR` in a recipe) is expanded like `$VAR` by Variables.
    const commands = tokenizeShell(r.text, r.offset);
    collectAssignments(commands, vars);
    for (const words of commands) refs.push(...commandReferences(words, ctx));
  }
  return { references: refs, problems: [] };
}
