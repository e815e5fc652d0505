// `.env` files (`MODEL_ID=org/name`, `export HF_MODEL="..."`) and INI/cfg files
// (`model_name_or_path = org/name`): one assignment per line.
import type { ExtractResult, ModelReference, SourceFile } from '../types.js';
import { commaModelList, isCommandKey, isModelEnvName, isModelKey, isModelVariableName, makeReference, mayHoldModelList, Positions } from './common.js';
import { walkConfig } from './config-tree.js';
import { jsonTreeAt } from './json.js';
import { envRevision, explicitHubRef, quantisedRepoRef, shellReferences, Variables } from './shell.js';

const ENV_LINE = /^([ \t]*(?:export[ \t]+)?)([A-Za-z_][A-Za-z0-9_.]*)([ \t]*=[ \t]*)(.*)$/;
const INI_LINE = /^([ \t]*)([A-Za-z_][A-Za-z0-9_.-]*)([ \t]*[=:][ \t]*)(.*)$/;

function unquote(raw: string): { value: string; shift: number } {
  const t = raw.replace(/\r$/, '');
  const q = /^(["'])(.*?)\1/.exec(t);
  if (q) return { value: q[2], shift: 1 };
  return { value: t.replace(/[ \t]+#.*$/, '').trim(), shift: 0 };
}

function extractAssignments(
  file: SourceFile,
  lineRe: RegExp,
  isModelName: (name: string) => boolean,
  kind: 'env' | 'config',
  commands = false,
): ExtractResult {
  const positions = new Positions(file.text);
  const vars = new Variables();
  const lines = file.text.split('\n');
  const parsed: { name: string; value: string; offset: number }[] = [];
  const refs: ModelReference[] = [];
  let hclVariable: string | null = null;
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = lineRe.exec(line.replace(/\r$/, ''));
    const valueOffset = offset + (m ? m[1].length + m[2].length + m[3].length : 0);
    offset += line.length + 1;
    // HCL `variable "embedding_model" { default = "org/name" }`: the default belongs to the variable.
    const block = /^\s*variable\s+"([^"]+)"/.exec(line);
    if (block) hclVariable = block[1];
    else if (/^\s*}/.test(line)) hclVariable = null;
    if (!m || /^\s*[#;]/.test(line)) continue;
    if (m[2] === 'default' && hclVariable) m[2] = hclVariable;
    // supervisord `environment=KEY="v",KEY2="w"`
    if (commands && m[2] === 'environment') {
      for (const pair of m[4].matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|[^,]*)/g)) {
        const value = pair[3] ?? pair[2];
        const at = valueOffset + (pair.index ?? 0) + pair[1].length + 1 + (pair[3] !== undefined ? 1 : 0);
        parsed.push({ name: pair[1], value, offset: at });
        vars.set(pair[1], value);
      }
      continue;
    }
    // A quoted JSON value over several lines (chat-ui `MODELS=`[...]``): read it as JSON.
    const open = /^([`'"])\s*[[{]/.exec(m[4]);
    if (open && kind === 'env') {
      const close = file.text.indexOf(open[1], valueOffset + 1);
      if (close > valueOffset) {
        refs.push(...jsonValueReferences(file, positions, m[2], valueOffset + 1, close));
        while (i + 1 < lines.length && offset <= close) offset += lines[++i].length + 1;
        continue;
      }
    }
    const { value, shift } = unquote(m[4]);
    parsed.push({ name: m[2], value, offset: valueOffset + shift });
    vars.set(m[2], value);
  }
  const ctx = { file: file.path, at: (o: number) => positions.at(o) };
  for (const p of parsed) {
    const expanded = vars.expand(p.value);
    // supervisord `command=`, systemd `ExecStart=`: shell commands.
    if (commands && isCommandKey(p.name)) {
      refs.push(...shellReferences(p.value, p.offset, { ...ctx, vars }));
      continue;
    }
    // `HF_MODEL_CANDIDATES=org/a,org/b`: one reference per model of the list.
    const list = expanded.value === p.value && mayHoldModelList(p.name) ? commaModelList(p.value) : null;
    if (list) {
      for (const part of list) {
        const ref = makeReference({ file: file.path, ...positions.at(p.offset + part.offset), raw: part.text, kind, call: p.name, context: 'config' });
        if (ref) refs.push(ref);
      }
      continue;
    }
    if (isModelName(p.name)) {
      const ref = makeReference({
        file: file.path,
        ...positions.at(p.offset),
        raw: expanded.value,
        kind,
        call: p.name,
        context: 'config',
        revision: envRevision(vars, p.name),
        unresolvedAllowed: true,
        confidence: expanded.names.length || expanded.usedDefault ? 'medium' : 'high',
      });
      if (ref) {
        if (ref.id === null) ref.raw = p.value;
        refs.push(ref);
      }
    } else {
      const ref = explicitHubRef(ctx, p.offset, expanded.value, kind, p.name) ?? quantisedRepoRef(ctx, p.offset, expanded.value, p.name);
      if (ref) refs.push(ref);
    }
  }
  return { references: refs, problems: [] };
}

/**
 * Model lists held as JSON in one variable (`MODELS`, `TEXT_EMBEDDING_MODELS`): each entry's
 * `name`/`id` is the model id, plus any model keys nested inside (endpoints' `model`).
 */
function jsonValueReferences(file: SourceFile, positions: Positions, name: string, start: number, end: number): ModelReference[] {
  const tree = jsonTreeAt(file.text, start, end);
  if (!tree) return [];
  const refs = walkConfig(tree, { file: file.path, text: file.text, positions, vars: new Variables() });
  if (!/MODELS?$/.test(name) || tree.t !== 'seq') return refs;
  for (const item of tree.items) {
    if (item.t !== 'map') continue;
    const entry = item.entries.find((e) => e.key === 'id') ?? item.entries.find((e) => e.key === 'name');
    if (!entry || entry.value.t !== 'scalar' || typeof entry.value.value !== 'string') continue;
    const ref = makeReference({
      file: file.path,
      ...positions.at(entry.value.textOffset),
      raw: entry.value.value,
      kind: 'env',
      call: `${name}[].${entry.key}`,
      context: 'config',
    });
    if (ref && ref.id?.includes('/')) refs.push(ref);
  }
  return refs;
}

export function extractDotenv(file: SourceFile): ExtractResult {
  return extractAssignments(file, ENV_LINE, isModelVariableName, 'env');
}

export function extractIni(file: SourceFile): ExtractResult {
  return extractAssignments(file, INI_LINE, (name) => isModelKey(name) || isModelEnvName(name), 'config', true);
}
