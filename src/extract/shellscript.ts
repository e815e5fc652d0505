// Shell scripts: every command in the file, with the script's own variable assignments
// expanded (`MODEL=org/name; vllm serve "$MODEL"`).
import type { ExtractResult, SourceFile } from '../types.js';
import { Positions } from './common.js';
import { shellReferences, Variables } from './shell.js';

export function extractShell(file: SourceFile): ExtractResult {
  const positions = new Positions(file.text);
  const refs = shellReferences(file.text, 0, { file: file.path, at: (o) => positions.at(o), vars: new Variables() });
  return { references: refs, problems: [] };
}
