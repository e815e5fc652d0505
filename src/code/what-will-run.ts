// Which Python files transformers would import for a model loaded with trust_remote_code=True:
// every auto_map entry (config.json, tokenizer_config.json, processor/preprocessor configs),
// custom_pipelines, and the relative imports of each module, transitively. Entries written
// `org/repo--module.Class` come from another repository, at code_revision or its default branch
// (transformers' get_class_from_dynamic_module), so pinning the model does not pin them.
import { Buffer } from 'node:buffer';
import { posix } from 'node:path';
import { parsePython } from '../extract/python/parser.js';
import type { FindingDraft, HubClient, RemoteCodeFile, RemoteCodePlan } from '../types.js';
import { CODE_NOT_ANALYSED, REMOTE_CODE_MISSING, REMOTE_CODE_OTHER_REPO } from './rule-ids.js';

const CONFIG_FILES = ['config.json', 'tokenizer_config.json', 'processor_config.json', 'preprocessor_config.json', 'video_preprocessor_config.json'];
const MAX_CONFIG_BYTES = 1024 * 1024;
export const MAX_CODE_BYTES = 2 * 1024 * 1024;
const MAX_FILES = 64;
const DEFAULT_BRANCH = 'main';

/** One `module.Class` reference found in a config, with where it was written. */
export interface ClassReference {
  repo: string | null; // null: the model repository itself
  module: string;
  className: string;
  source: string; // e.g. "config.json auto_map.AutoModel"
}

/** Parses `module.Class` or `org/repo--module.Class`; null for anything else. */
export function parseClassReference(ref: string, source: string): ClassReference | null {
  let repo: string | null = null;
  let rest = ref.trim();
  const dash = rest.indexOf('--');
  if (dash >= 0) {
    repo = rest.slice(0, dash);
    rest = rest.slice(dash + 2);
  }
  const dot = rest.lastIndexOf('.');
  if (dot <= 0 || dot === rest.length - 1) return null;
  const module = rest.slice(0, dot);
  const className = rest.slice(dot + 1);
  if (!/^[\w.]+$/.test(module) || !/^\w+$/.test(className)) return null;
  if (repo !== null && !/^[\w.-]+(\/[\w.-]+)?$/.test(repo)) return null;
  return { repo, module, className, source };
}

/** Every class reference of one parsed config file. */
export function classReferencesOf(config: unknown, file: string): ClassReference[] {
  const out: ClassReference[] = [];
  if (!config || typeof config !== 'object') return out;
  const c = config as Record<string, unknown>;
  const push = (value: unknown, source: string): void => {
    if (typeof value === 'string') {
      const r = parseClassReference(value, source);
      if (r) out.push(r);
    } else if (Array.isArray(value)) value.forEach((v, i) => push(v, `${source}[${i}]`));
  };
  const autoMap = c.auto_map;
  if (Array.isArray(autoMap)) push(autoMap, `${file} auto_map`); // old tokenizer_config style
  else if (autoMap && typeof autoMap === 'object') for (const [k, v] of Object.entries(autoMap)) push(v, `${file} auto_map.${k}`);
  const pipelines = c.custom_pipelines;
  if (pipelines && typeof pipelines === 'object') {
    for (const [task, spec] of Object.entries(pipelines as Record<string, unknown>)) {
      if (spec && typeof spec === 'object') push((spec as Record<string, unknown>).impl, `${file} custom_pipelines.${task}.impl`);
    }
  }
  return out;
}

/** Relative imports of a module, as repository paths (relative to the importing file). */
export interface RelativeImport {
  path: string;
  statement: string;
  /** `from . import z`: z may be a name in a package rather than a module file. */
  optional: boolean;
  /** Names imported from the module (`from .x import a, b` -> a, b). */
  names: string[];
}

export async function relativeImports(path: string, text: string): Promise<RelativeImport[]> {
  const tree = await parsePython(text);
  try {
    const out: RelativeImport[] = [];
    const dir = posix.dirname(path);
    for (const node of tree.rootNode.descendantsOfType('import_from_statement')) {
      if (!node) continue;
      const mod = node.childForFieldName('module_name');
      if (mod?.type !== 'relative_import') continue;
      const raw = mod.text.replace(/\s/g, '');
      const dots = /^\.+/.exec(raw)![0].length;
      let base = dir === '.' ? '' : dir;
      for (let i = 1; i < dots; i++) base = posix.dirname(base) === '.' ? '' : posix.dirname(base);
      const rest = raw.slice(dots);
      const statement = node.text.replace(/\s+/g, ' ').slice(0, 160);
      if (rest) {
        const names = node.childrenForFieldName('name').flatMap((n) => {
          const id = n?.type === 'aliased_import' ? n.childForFieldName('name')?.text : n?.text;
          return id ? [id] : [];
        });
        out.push({ path: posix.join(base, ...rest.split('.')) + '.py', statement, optional: false, names });
      } else {
        // `from . import z`: z is a sibling module when such a file exists
        for (const name of node.childrenForFieldName('name')) {
          if (!name) continue;
          const n = name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
          if (n) out.push({ path: posix.join(base, ...n.split('.')) + '.py', statement, optional: true, names: [] });
        }
      }
    }
    return out;
  } finally {
    tree.delete();
  }
}

export async function planRemoteCode(id: string, revision: string, hub: Pick<HubClient, 'fetchText'>, options: { codeRevision?: string }): Promise<RemoteCodePlan> {
  const codeRevision = options.codeRevision ?? null;
  const findings: FindingDraft[] = [];
  const references: ClassReference[] = [];

  for (const file of CONFIG_FILES) {
    let text: string | null;
    try {
      text = await hub.fetchText(id, revision, file, MAX_CONFIG_BYTES);
    } catch (e) {
      findings.push({ rule: CODE_NOT_ANALYSED, severity: 'high', model: id, artifact: file, message: `could not fetch ${file} of ${id}@${revision}: ${(e as Error).message}; the custom code it names was not analysed`, evidence: { file } });
      continue;
    }
    if (text === null) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      findings.push({ rule: CODE_NOT_ANALYSED, severity: 'medium', model: id, artifact: file, message: `${file} of ${id} is not valid JSON; the custom code it may name was not analysed`, evidence: { file } });
      continue;
    }
    references.push(...classReferencesOf(parsed, file));
  }

  const files = new Map<string, RemoteCodeFile>();
  const queue: RemoteCodeFile[] = [];
  const otherRepos = new Set<string>();
  const enqueue = (repo: string, rev: string, path: string, why: string, role: 'entry' | 'module', className: string | null): RemoteCodeFile => {
    const key = `${repo}@${rev}:${path}`;
    let f = files.get(key);
    if (!f) {
      f = { repo, revision: rev, path, why: [], classes: [], role, text: null };
      files.set(key, f);
      queue.push(f);
    }
    if (!f.why.includes(why)) f.why.push(why);
    if (className && !f.classes.includes(className)) f.classes.push(className);
    if (role === 'entry') f.role = 'entry';
    return f;
  };

  for (const r of references) {
    const path = r.module.split('.').join('/') + '.py';
    const why = `${r.source} -> ${r.repo ? `${r.repo}--` : ''}${r.module}.${r.className}`;
    if (r.repo && r.repo !== id) {
      const rev = codeRevision ?? DEFAULT_BRANCH;
      if (!otherRepos.has(r.repo)) {
        otherRepos.add(r.repo);
        findings.push({
          rule: REMOTE_CODE_OTHER_REPO,
          severity: codeRevision ? 'low' : 'medium',
          model: id,
          artifact: r.source.split(' ')[0],
          message: codeRevision
            ? `${id} runs code from another repository, ${r.repo}, at code_revision ${codeRevision}`
            : `${id} runs code from another repository, ${r.repo}, at its default branch: pinning ${id} to a revision does not pin that code (pass code_revision= to pin it)`,
          evidence: { codeRepo: r.repo, codeRevision: rev, pinned: codeRevision !== null, reference: why },
          fix: `Pass code_revision="<reviewed commit of ${r.repo}>" to from_pretrained, or vendor the code.`,
        });
      }
      enqueue(r.repo, rev, path, why, 'entry', r.className);
    } else enqueue(id, codeRevision ?? revision, path, why, 'entry', r.className);
  }

  while (queue.length > 0) {
    const f = queue.shift()!;
    if (files.size > MAX_FILES) {
      findings.push({ rule: CODE_NOT_ANALYSED, severity: 'medium', model: id, artifact: f.path, message: `more than ${MAX_FILES} custom-code files: stopped planning at ${f.path}`, evidence: { limit: MAX_FILES } });
      break;
    }
    const optional = f.why.every((w) => w.startsWith('optional:'));
    f.why = f.why.map((w) => w.replace(/^optional:/, ''));
    try {
      f.text = await hub.fetchText(f.repo, f.revision, f.path, MAX_CODE_BYTES);
    } catch (e) {
      const missingRepo = /RepoNotFound|HTTP 40[14]/.test((e as Error).message) && f.repo !== id;
      findings.push({
        rule: missingRepo ? REMOTE_CODE_MISSING : CODE_NOT_ANALYSED,
        severity: 'high',
        model: id,
        artifact: f.path,
        message: missingRepo
          ? `${id} names code in ${f.repo}, which does not exist or is not accessible: whoever registers it decides what runs`
          : `could not fetch ${f.repo}/${f.path}@${f.revision}: ${(e as Error).message}`,
        evidence: { repo: f.repo, revision: f.revision, path: f.path, why: f.why },
      });
      continue;
    }
    if (f.text === null) {
      if (optional) {
        files.delete(`${f.repo}@${f.revision}:${f.path}`);
        continue;
      }
      findings.push({
        rule: REMOTE_CODE_MISSING,
        model: id,
        artifact: f.path,
        message: `${f.path} is named (${f.why.join('; ')}) but ${f.repo}@${f.revision} has no such file`,
        evidence: { repo: f.repo, revision: f.revision, path: f.path, why: f.why },
      });
      continue;
    }
    if (Buffer.byteLength(f.text, 'utf8') >= MAX_CODE_BYTES) {
      findings.push({ rule: CODE_NOT_ANALYSED, severity: 'high', model: id, artifact: f.path, message: `${f.path} is larger than ${MAX_CODE_BYTES} bytes; only the start was analysed`, evidence: { limit: MAX_CODE_BYTES } });
    }
    let imports: RelativeImport[] = [];
    try {
      imports = await relativeImports(f.path, f.text);
    } catch {
      // the scanner reports the parse problem (MG583)
    }
    for (const imp of imports) {
      const target = enqueue(f.repo, f.revision, imp.path, `${imp.optional ? 'optional:' : ''}imported by ${f.path} (${imp.statement})`, 'module', null);
      for (const n of imp.names) if (!(target.importedNames ??= []).includes(n)) target.importedNames.push(n);
    }
  }
  return { id, revision, codeRevision, files: [...files.values()], findings };
}
