// Loads tree-sitter and the Python grammar once. The .wasm files are found next to the bundle
// (dist/) when bundled, or in node_modules when running from source.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser, type Tree } from 'web-tree-sitter';

let ready: Promise<Parser> | null = null;

function locate(file: string, packageName: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, file);
  if (existsSync(beside)) return beside;
  // From source: walk up to the nearest node_modules that has the package.
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', packageName, file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`cannot find ${file} (package ${packageName})`);
  }
}

async function init(): Promise<Parser> {
  const runtime = locate('tree-sitter.wasm', 'web-tree-sitter');
  await Parser.init({ locateFile: () => runtime });
  const language = await Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python'));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Parses Python source. The caller must call `tree.delete()` when done (wasm memory). */
export async function parsePython(source: string): Promise<Tree> {
  ready ??= init();
  const parser = await ready;
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
