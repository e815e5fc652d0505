// Everything modelgate learns about one model: hub facts, its artifacts, the code it would run,
// and whether its name imitates another. Each check is isolated: one that throws becomes an
// MG007 finding for this model (fail closed) and the others still run.
import { scanModelArtifacts } from '../artifacts/scan.js';
import { assessRemoteCode } from '../code/assess.js';
import { assessHub } from '../hub/assess.js';
import { checkLockfile } from '../provenance/lockfile-check.js';
import { lockKey, type Lockfile } from '../provenance/lockfile.js';
import { checkTyposquat } from '../typosquat/index.js';
import type { PopularIndex } from '../typosquat/index.js';
import type { ArtifactReport, AssessContext, FindingDraft, ModelFacts, ModelTarget } from '../types.js';
import { listDecision } from './reference-checks.js';

export interface TargetAssessment {
  facts: ModelFacts | null;
  drafts: FindingDraft[];
  artifacts: ArtifactReport[];
  codeFiles: string[];
}

async function guarded(what: string, target: ModelTarget, drafts: FindingDraft[], fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    drafts.push({
      rule: 'MG007',
      model: target.id,
      message: `${what} for ${target.id} failed: ${(error as Error).message}`,
      evidence: { check: what, error: String((error as Error).stack ?? error).slice(0, 2000) },
      fix: 'Re-run the scan; if it keeps failing, report the error to the modelgate maintainers with this message.',
    });
  }
}

/** Artifact findings carry the path of the file inside the model repo. */
export function artifactDrafts(reports: ArtifactReport[], model: string): FindingDraft[] {
  const out: FindingDraft[] = [];
  const visit = (report: ArtifactReport) => {
    for (const f of report.findings) out.push({ ...f, model: f.model ?? model, artifact: f.artifact ?? report.path });
    for (const member of report.members ?? []) visit(member);
  };
  for (const r of reports) visit(r);
  return out;
}

export interface AssessExtras {
  lock?: { data: Lockfile; path: string } | null;
}

export async function assessTarget(target: ModelTarget, ctx: AssessContext, index: PopularIndex, extras: AssessExtras = {}): Promise<TargetAssessment> {
  const drafts: FindingDraft[] = [];
  const result: TargetAssessment = { facts: null, drafts, artifacts: [], codeFiles: [] };
  if (!ctx.hub) {
    drafts.push({
      rule: 'MG006',
      model: target.id,
      message: `${target.id} was not looked up on the hub (offline): existence, publisher, weights formats, artifacts and custom code were not checked.`,
      evidence: { skipped: ['hub facts', 'artifact scan', 'remote code', 'typosquat hub evidence'] },
      fix: 'Run without --offline to assess the model on the hub.',
    });
    await guarded('the typosquat check', target, drafts, async () => {
      drafts.push(...(await checkTyposquat(target, null, ctx, index)));
    });
    return result;
  }
  await guarded('the hub lookup', target, drafts, async () => {
    const hub = await assessHub(target, ctx);
    result.facts = hub.facts;
    drafts.push(...hub.findings);
  });
  const facts = result.facts;
  if (facts && facts.resolvedId !== target.id) {
    const listed = listDecision(facts.resolvedId, ctx.policy);
    if (listed) drafts.push({ ...listed, message: `${target.id} now resolves to ${facts.resolvedId}: ${listed.message}` });
  }
  if (facts && extras.lock) drafts.push(...checkLockfile(target, facts, extras.lock.data, extras.lock.path));
  if (facts && facts.status === 'ok' && facts.sha) {
    await guarded('the artifact scan', target, drafts, async () => {
      result.artifacts = await scanModelArtifacts(facts, ctx.hub!, ctx.policy.limits);
      drafts.push(...artifactDrafts(result.artifacts, target.id));
    });
    // assessRemoteCode decides itself whether there is code that could run (auto_map, custom_code
    // tag, or a reference that allows remote code); it returns nothing otherwise.
    await guarded('the remote code analysis', target, drafts, async () => {
      const code = await assessRemoteCode(target, facts, ctx);
      result.codeFiles = (code.plan?.files ?? []).map((f) => `${f.repo}@${f.revision}:${f.path}`);
      // The hub facts already report code taken from another repository (MG523, from
      // config.json auto_map); the code plan finds the same repository again (MG582): keep one.
      const reportedRepos = new Set(drafts.filter((d) => d.rule === 'MG523').map((d) => d.evidence?.codeRepo));
      drafts.push(...code.findings.filter((d) => !(d.rule === 'MG582' && reportedRepos.has(d.evidence?.codeRepo))));
    });
  }
  const locked = extras.lock?.data.models[lockKey(target.id, target.revision)];
  await guarded('the typosquat check', target, drafts, async () => {
    drafts.push(...(await checkTyposquat(target, facts, ctx, index, { lockedAt: locked?.lockedAt ?? null, lockedOwnerCreatedAt: locked?.ownerCreatedAt ?? null })));
  });
  return result;
}
