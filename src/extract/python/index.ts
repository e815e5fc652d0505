// Python reference extraction entry point (the dispatcher in src/extract/index.ts calls this).
import type { ExtractResult, SourceFile } from '../../types.js';

/** Every model-hub reference in one Python file, plus problems reading it. */
export async function extractPython(file: SourceFile): Promise<ExtractResult> {
  void file;
  return { references: [], problems: [] };
}
