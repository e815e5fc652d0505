// Custom-code analysis of a model folder on disk (`modelgate inspect ./model-dir`): the same
// plan and scan as for a hub model, with files read from the folder. Reads never leave the
// folder (no `..`, no symbolic links pointing outside).
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { FindingDraft, HubClient, RemoteCodePlan } from '../types.js';
import { findCompiledFiles } from './evasion.js';
import { loadRoots } from './assess.js';
import { scanPythonCode } from './scan-python.js';
import { planRemoteCode } from './what-will-run.js';
import { REMOTE_CODE_FILES } from './rule-ids.js';

type TextSource = Pick<HubClient, 'fetchText'>;

/** A `fetchText` over one folder; other repositories (`org/repo--module.Class`) are absent. */
export function folderTextSource(root: string, id: string): TextSource {
  return {
    async fetchText(repo, _revision, path, maxBytes = 1024 * 1024) {
      if (repo !== id) throw new Error(`hub: HTTP 404 RepoNotFound (${repo} is not available when inspecting a local folder)`);
      if (path.split('/').some((p) => p === '..' || p === '') || path.startsWith('/')) return null;
      const base = await realpath(root);
      let abs: string;
      try {
        abs = await realpath(join(base, ...path.split('/')));
      } catch {
        return null;
      }
      if (abs !== base && !abs.startsWith(base + sep)) return null;
      const st = await lstat(abs);
      if (!st.isFile()) return null;
      const handle = await open(abs, 'r');
      try {
        const buf = Buffer.alloc(Math.min(st.size, maxBytes));
        const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
        return buf.subarray(0, bytesRead).toString('utf8');
      } finally {
        await handle.close();
      }
    },
  };
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 8 || out.length > 10_000) return;
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules') await walk(abs, depth + 1);
      else if (e.isFile()) out.push(relative(root, abs).split(sep).join('/'));
    }
  };
  await walk(root, 0);
  return out;
}

/** Plans and scans the custom code of a model folder. `id` names it in findings. */
export async function inspectLocalCode(root: string, id = 'local'): Promise<{ plan: RemoteCodePlan; findings: FindingDraft[] }> {
  const plan = await planRemoteCode(id, 'local', folderTextSource(root, id), {});
  const findings: FindingDraft[] = [...plan.findings];
  if (plan.files.length > 0) {
    findings.push({
      rule: REMOTE_CODE_FILES,
      message: `with trust_remote_code=True, loading this folder runs ${plan.files.length} Python file(s): ${plan.files.map((f) => (f.repo === id ? f.path : `${f.repo}:${f.path}`)).join(', ')}`,
      evidence: { files: plan.files.map((f) => ({ repo: f.repo, path: f.path, role: f.role, classes: f.classes, why: f.why })) },
    });
  }
  for (const f of plan.files) {
    if (f.text === null) continue;
    findings.push(...(await scanPythonCode(f.path, f.text, { role: f.role, classes: loadRoots(f) })));
  }
  const files = await listFiles(root);
  findings.push(...findCompiledFiles(files, (p) => {
    const base = p.split('/').pop()!.replace(/\.(so|pyd|dll|dylib|pyc|pyo).*$/i, '');
    return plan.files.find((f) => f.text !== null && base.length > 2 && f.text.includes(base))?.path ?? null;
  }));
  return { plan, findings };
}
