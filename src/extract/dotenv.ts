// `.env` files (`MODEL_ID=org/name`, `export HF_MODEL="..."`) and INI/cfg files
// (`model_name_or_path = org/name`): one assignment per line.
import type { ExtractResult, ModelReference, SourceFile } from '../types.js';
import { isCommandKey, isModelEnvName, isModelKey, makeReference, Positions } from './common.js';
import { explicitHubRef, shellReferences, Variables } from './shell.js';

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
  let offset = 0;
  for (const line of lines) {
    const m = lineRe.exec(line);
    if (m && !/^\s*[#;]/.test(line)) {
      const { value, shift } = unquote(m[4]);
      parsed.push({ name: m[2], value, offset: offset + m[1].length + m[2].length + m[3].length + shift });
      vars.set(m[2], value);
    }
    offset += line.length + 1;
  }
  const refs: ModelReference[] = [];
  const ctx = { file: file.path, at: (o: number) => positions.at(o) };
  for (const p of parsed) {
    const expanded = vars.expand(p.value);
    // supervisord `command=`, systemd `ExecStart=`: shell commands.
    if (commands && isCommandKey(p.name)) {
      refs.push(...shellReferences(p.value, p.offset, { ...ctx, vars }));
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
        unresolvedAllowed: true,
        confidence: expanded.names.length || expanded.usedDefault ? 'medium' : 'high',
      });
      if (ref) {
        if (ref.id === null) ref.raw = p.value;
        refs.push(ref);
      }
    } else {
      const ref = explicitHubRef(ctx, p.offset, expanded.value, kind, p.name);
      if (ref) refs.push(ref);
    }
  }
  return { references: refs, problems: [] };
}

export function extractDotenv(file: SourceFile): ExtractResult {
  return extractAssignments(file, ENV_LINE, isModelEnvName, 'env');
}

export function extractIni(file: SourceFile): ExtractResult {
  return extractAssignments(file, INI_LINE, (name) => isModelKey(name) || isModelEnvName(name), 'config', true);
}
