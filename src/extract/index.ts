// The extractor dispatcher: which repository files may hold model references, and which
// extractor reads each. extractFile never throws: every failure becomes a FileProblem.
import type { ExtractResult, FileProblem, ModelReference, SourceFile } from '../types.js';
import { binaryProblem, hugeLineProblem } from './common.js';
import { extractDockerfile, extractModelfile } from './dockerfile.js';
import { extractDotenv, extractIni } from './dotenv.js';
import { extractJavaScript } from './javascript.js';
import { extractJson } from './json.js';
import { extractMakefile } from './makefile.js';
import { inlinePythonReferences } from './inline-python.js';
import { extractModelCard } from './markdown.js';
import { extractNotebook } from './notebook.js';
import { extractPython } from './python/index.js';
import { extractShell } from './shellscript.js';
import { extractToml } from './toml.js';
import { extractYaml } from './yaml.js';

export type FileKind =
  | 'python'
  | 'notebook'
  | 'javascript'
  | 'yaml'
  | 'json'
  | 'toml'
  | 'dockerfile'
  | 'shell'
  | 'makefile'
  | 'justfile'
  | 'dotenv'
  | 'ini'
  | 'modelfile'
  | 'model-card';

// Folders of installed packages, build output, caches and VCS data: not the project's own files.
const SKIP_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', '.venv', 'venv', 'site-packages', '__pycache__', '.tox', '.nox',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', 'bower_components', '.next', '.nuxt', '.svelte-kit',
  '.turbo', '.parcel-cache', '.cache', '.yarn', '.pnpm-store', 'coverage', '.terraform', '.idea', '.vscode-test',
  '_build', '_site', 'htmlcov', '.docusaurus', 'storybook-static',
]);
// Build output folders: skipped for JavaScript only (bundles), configs there are still read.
const BUNDLE_DIRS = new Set(['dist', 'build', 'out', 'vendor', 'public/build', 'static/js', 'lib-cov']);

const LOCKFILES = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'poetry.lock',
  'Pipfile.lock', 'uv.lock', 'Cargo.lock', 'composer.lock', 'Gemfile.lock', 'pdm.lock', 'pixi.lock',
  'conda-lock.yml', 'flake.lock', 'deno.lock', 'go.sum', 'modelgate.lock.json',
]);

/** The kind of extractor for a path, or null when the path is not a candidate. */
export function fileKind(path: string): FileKind | null {
  const parts = path.split('/');
  const name = parts[parts.length - 1];
  const dirs = parts.slice(0, -1);
  if (dirs.some((d) => SKIP_DIRS.has(d))) return null;
  if (LOCKFILES.has(name)) return null;
  const lower = name.toLowerCase();
  if (lower.endsWith('.py') || lower.endsWith('.pyi')) return 'python';
  if (lower.endsWith('.ipynb')) return 'notebook';
  if (/\.(m|c)?(j|t)sx?$/.test(lower)) {
    if (/\.d\.(m|c)?ts$/.test(lower)) return null;
    if (/[.-](min|bundle|chunk|umd|esm\.min|prod)\.(m|c)?js$/.test(lower) || /\.[0-9a-f]{8,}\.(m|c)?js$/.test(lower)) return null;
    if (dirs.some((d) => BUNDLE_DIRS.has(d))) return null;
    return 'javascript';
  }
  // Pages and components: their <script> blocks (transformers.js demos load from a CDN this way).
  if (/\.(html?|vue|svelte|astro)$/.test(lower)) return dirs.some((d) => BUNDLE_DIRS.has(d) || d === 'coverage') ? null : 'javascript';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json') || lower.endsWith('.jsonc') || lower.endsWith('.json5')) {
    if (lower.endsWith('.map.json') || lower === 'tsconfig.tsbuildinfo') return null;
    return 'json';
  }
  if (lower.endsWith('.toml')) return 'toml';
  // Dockerfile, Dockerfile.gpu, Dockerfile-cuda, cuda.Dockerfile, Containerfile ...
  if ((/^(dockerfile|containerfile)([._-][\w.-]+)?$/.test(lower) && !/\.(md|txt|rst|j2|tmpl|template)$/.test(lower)) || lower.endsWith('.dockerfile'))
    return 'dockerfile';
  // Shell, cluster job scripts (Slurm/PBS), and Windows scripts (read with their own continuations).
  if (/\.(sh|bash|zsh|ksh|slurm|sbatch|pbs|qsub|lsf|ps1|bat|cmd)$/.test(lower) || lower === '.bashrc' || lower === '.envrc' || lower === 'entrypoint') return 'shell';
  if (lower === 'makefile' || lower === 'gnumakefile' || lower.endsWith('.mk') || lower.endsWith('.make')) return 'makefile';
  if (lower === 'justfile' || lower === '.justfile' || lower.endsWith('.just')) return 'justfile';
  if (lower === '.env' || lower.startsWith('.env.') || lower.endsWith('.env')) return 'dotenv';
  // Terraform/HCL `HF_MODEL_ID = "org/name"` (SageMaker endpoints) reads like INI lines.
  if (/\.(cfg|ini|conf|service|tf|tfvars|hcl)$/.test(lower) || lower === '.flaskenv') return 'ini';
  if (lower === 'readme.md') return 'model-card';
  if (lower === 'modelfile' || lower.endsWith('.modelfile')) return 'modelfile';
  return null;
}

/** Whether a repository file may hold model references (decided from its path only). */
export function isCandidatePath(path: string): boolean {
  return fileKind(path.replace(/\\/g, '/').replace(/^\.\//, '')) !== null;
}

function dispatch(kind: FileKind, file: SourceFile): ExtractResult | Promise<ExtractResult> {
  switch (kind) {
    case 'python':
      return extractPython(file);
    case 'notebook':
      return extractNotebook(file);
    case 'javascript':
      return extractJavaScript(file.path, file.text);
    case 'yaml':
      return extractYaml(file);
    case 'json':
      return extractJson(file);
    case 'toml':
      return extractToml(file);
    case 'dockerfile':
      return extractDockerfile(file);
    case 'shell':
      return extractShell(file);
    case 'makefile':
      return extractMakefile(file);
    case 'justfile':
      return extractMakefile(file, true);
    case 'dotenv':
      return extractDotenv(file);
    case 'ini':
      return extractIni(file);
    case 'model-card':
      return extractModelCard(file);
    case 'modelfile':
      return extractModelfile(file);
  }
}

// Files whose commands may run Python given inline (`python -c`, heredocs).
const INLINE_PYTHON_KINDS = new Set<FileKind>(['shell', 'dockerfile', 'makefile', 'justfile', 'yaml', 'ini']);

/** A shell script without an extension is recognised by its `#!` line. */
function kindFromContent(text: string): FileKind | null {
  const first = text.slice(0, 200).split('\n')[0];
  if (/^#!.*\b(ba|z|k|da)?sh\b/.test(first)) return 'shell';
  if (/^#!.*\bpython[0-9.]*\b/.test(first)) return 'python';
  if (/^#!.*\b(node|deno|bun)\b/.test(first)) return 'javascript';
  return null;
}

/** Every reference in one file, and the problems met reading it. Never throws. */
export async function extractFile(file: SourceFile): Promise<ExtractResult> {
  const path = file.path.replace(/\\/g, '/');
  const kind = fileKind(path) ?? kindFromContent(file.text);
  if (!kind) return { references: [], problems: [] };
  const binary = binaryProblem(path, file.text);
  if (binary) return { references: [], problems: [binary] };
  // Notebooks are JSON with long output lines; their extractor bounds its own work. A minified
  // HTML page is generated output: skipped without a problem (no one hand-writes its models).
  if (kind !== 'notebook' && kind !== 'json') {
    const huge = hugeLineProblem(path, file.text);
    if (huge && /\.html?$/i.test(path)) return { references: [], problems: [] };
    if (huge) return { references: [], problems: [huge] };
  }
  try {
    const result = await dispatch(kind, { path, text: file.text });
    const references = [...result.references];
    if (INLINE_PYTHON_KINDS.has(kind)) references.push(...(await inlinePythonReferences(path, file.text, kind === 'makefile')));
    return { references: sortReferences(references), problems: result.problems };
  } catch (err) {
    const problem: FileProblem = {
      file: path,
      line: 1,
      message: `${path} could not be searched for model references: ${(err as Error)?.message ?? String(err)}`,
      fix: 'Check that the file is valid for its type; if it is, report this as a modelgate bug with the file attached.',
    };
    return { references: [], problems: [problem] };
  }
}

function sortReferences(refs: ModelReference[]): ModelReference[] {
  // One object used by several calls (`downloadFile({repo})`, `listFiles({repo})`) is one
  // reference where the id is written: keep the first report of each place and id.
  const seen = new Set<string>();
  const unique = refs.filter((r) => {
    const key = `${r.line}:${r.column}:${r.id ?? r.raw}:${r.revision ?? ''}:${r.repoType}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.line - b.line || a.column - b.column);
}
