// Python reference extraction entry point (the dispatcher in src/extract/index.ts calls this).
import type { ExtractResult, SourceFile } from '../../types.js';
import { extractFromTree } from './extract.js';
import { parsePython } from './parser.js';

/** Every model-hub reference in one Python file, plus problems reading it. */
export async function extractPython(file: SourceFile): Promise<ExtractResult> {
  let tree;
  try {
    tree = await parsePython(file.text);
  } catch (err) {
    return { references: [], problems: [{ file: file.path, message: `could not parse Python: ${(err as Error).message}`, fix: 'Report this file to the modelgate maintainers.' }] };
  }
  try {
    return extractFromTree(tree, file.text, file.path);
  } finally {
    tree.delete();
  }
}
