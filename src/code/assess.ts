// Custom-code assessment of one model: plan the files trust_remote_code would run, scan each,
// then look across files (credentials read in one, sent in another) and at compiled files.
import type { AssessContext, FindingDraft, ModelFacts, ModelTarget, RemoteCodeFile, RemoteCodePlan } from '../types.js';
import { findCompiledFiles } from './evasion.js';
import { CODE_EXFILTRATION, REMOTE_CODE_FILES } from './rule-ids.js';
import { scanPythonCode } from './scan-python.js';
import { planRemoteCode } from './what-will-run.js';

/**
 * Names whose code runs on load: the classes transformers instantiates and the names other files
 * import. A module imported whole (`from . import z`) gives no names: every constructor counts.
 */
export function loadRoots(f: RemoteCodeFile): string[] | undefined {
  const names = [...f.classes, ...(f.importedNames ?? [])];
  return f.role === 'module' && names.length === 0 ? undefined : names;
}

/** Whether the model ships custom code, by the hub's facts. */
export function hasCustomCode(facts: ModelFacts): boolean {
  return (facts.autoMap !== undefined && Object.keys(facts.autoMap).length > 0) || (facts.tags ?? []).includes('custom_code');
}

/** References that let remote code run (explicitly or through a value we could not resolve). */
export function allowsRemoteCode(target: ModelTarget): boolean {
  return target.references.some((r) => r.flags.trustRemoteCode === true || r.flags.trustRemoteCode === 'unknown');
}

export async function assessRemoteCode(target: ModelTarget, facts: ModelFacts, ctx: AssessContext): Promise<{ plan: RemoteCodePlan | null; findings: FindingDraft[] }> {
  const allowed = allowsRemoteCode(target);
  if (!ctx.hub || facts.status !== 'ok' || (!hasCustomCode(facts) && !allowed)) return { plan: null, findings: [] };
  const model = target.id;
  const id = facts.resolvedId || target.id;
  const revision = facts.sha ?? target.revision ?? 'main';
  const codeRevision = target.references.find((r) => r.flags.codeRevision)?.flags.codeRevision;
  const plan = await planRemoteCode(id, revision, ctx.hub, { codeRevision });
  const findings: FindingDraft[] = plan.findings.map((f) => ({ ...f, model }));

  if (plan.files.length > 0) {
    const listed = plan.files.map((f) => `${f.repo === id ? '' : `${f.repo}:`}${f.path}`);
    findings.push({
      rule: REMOTE_CODE_FILES,
      model,
      message: `with trust_remote_code=True, loading ${model} runs ${plan.files.length} Python file(s): ${listed.join(', ')}`,
      evidence: { files: plan.files.map((f) => ({ repo: f.repo, revision: f.revision, path: f.path, role: f.role, classes: f.classes, why: f.why })), remoteCodeAllowed: allowed },
    });
  }

  // Scan only when the code can run: no reference (inspect) or a reference that allows it.
  const scan = target.references.length === 0 || allowed;
  if (scan) {
    const perFile: FindingDraft[][] = [];
    for (const f of plan.files) {
      if (f.text === null) continue;
      const artifact = f.repo === id ? f.path : `${f.repo}/${f.path}`;
      // names other files import are likely called at load: treat them like instantiated classes
      const drafts = await scanPythonCode(artifact, f.text, { role: f.role, classes: loadRoots(f) });
      const withModel = drafts.map((d) => ({ ...d, model, artifact, evidence: { ...d.evidence, repo: f.repo, revision: f.revision } }));
      perFile.push(withModel);
      findings.push(...withModel);
    }
    findings.push(...crossFileExfiltration(model, perFile));
    const paths = (facts.files ?? []).map((f) => f.path);
    const referencedBy = (path: string): string | null => {
      const base = path.split('/').pop()!.replace(/\.(so|pyd|dll|dylib|pyc|pyo).*$/i, '');
      const user = plan.files.find((f) => f.text !== null && base.length > 2 && f.text.includes(base));
      return user ? user.path : null;
    };
    findings.push(...findCompiledFiles(paths, referencedBy).map((f) => ({ ...f, model })));
  }
  return { plan, findings };
}

/** A credential read in one file and network use in another still make exfiltration. */
function crossFileExfiltration(model: string, perFile: FindingDraft[][]): FindingDraft[] {
  if (perFile.some((fs) => fs.some((f) => f.rule === CODE_EXFILTRATION))) return [];
  // across files only what runs on load pairs up (within a file, scanPythonCode pairs by function too)
  const all = perFile.flat().filter((f) => f.evidence?.runs === 'on load');
  const cred = all.find((f) => f.evidence?.capability === 'credential');
  const net = all.find((f) => f.evidence?.capability === 'network');
  if (!cred || !net) return [];
  return [
    {
      rule: CODE_EXFILTRATION,
      severity: 'critical',
      model,
      artifact: cred.artifact ?? null,
      line: cred.line ?? null,
      message: `the custom code reads credentials (${cred.artifact}:${cred.line}) and talks to the network (${net.artifact}:${net.line}): this is how tokens and keys are stolen`,
      evidence: { credential: { artifact: cred.artifact, line: cred.line }, network: { artifact: net.artifact, line: net.line } },
      fix: 'Do not load this model with trust_remote_code=True; rotate any credential the code could read if it already ran.',
    },
  ];
}
