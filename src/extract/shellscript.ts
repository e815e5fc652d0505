// Shell scripts: every command in the file, with the script's own variable assignments
// expanded (`MODEL=org/name; vllm serve "$MODEL"`).
import type { ExtractResult, SourceFile } from '../types.js';
import { Positions } from './common.js';
import { shellReferences, Variables } from './shell.js';

/**
 * PowerShell continues lines with a backtick and batch files with `^`; both become the POSIX
 * `\`-newline (same length, so offsets hold). PowerShell `$env:X = "v"` and `$x = "v"`, and batch
 * `set X=v` become plain assignments.
 */
export function asPosixShell(path: string, text: string): string {
  if (/\.ps1$/i.test(path)) {
    return text
      .replace(/`(\r?\n)/g, '\\$1')
      .replace(/`/g, ' ')
      .replace(/\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/g, (m, name: string) => `${name}=`.padStart(m.length, ' '))
      // A script variable set at the start of a line: `$model = "org/name"`.
      .replace(/^(\s*)\$([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*/gm, (m, ind: string, name: string) => ind + `${name}=`.padStart(m.length - ind.length, ' '))
      .replace(/\$env:([A-Za-z_][A-Za-z0-9_]*)/g, (m, name: string) => `\${${name}}`.padEnd(m.length, ' '));
  }
  if (/\.(bat|cmd)$/i.test(path)) {
    return text
      .replace(/\^(\r?\n)/g, '\\$1')
      .replace(/^(\s*)set\s+"?([A-Za-z_][A-Za-z0-9_]*)=([^"\r\n]*)"?/gim, (m, ind: string, name: string, value: string) => `${ind}${name}=${value}`.padEnd(m.length, ' '))
      .replace(/%([A-Za-z_][A-Za-z0-9_]*)%/g, (m, name: string) => `$${name} `);
  }
  return text;
}

export function extractShell(file: SourceFile): ExtractResult {
  const positions = new Positions(file.text);
  const text = asPosixShell(file.path, file.text);
  const refs = shellReferences(text, 0, { file: file.path, at: (o) => positions.at(o), vars: new Variables() });
  return { references: refs, problems: [] };
}
