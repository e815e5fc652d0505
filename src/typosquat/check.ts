// The typosquat check for one referenced model: name evidence from the popular index (and the
// hub's search when online), severity from the hub's facts, namespace reuse and owner changes.
import type { AssessContext, FindingDraft, ModelFacts, ModelTarget, PopularIndex, PopularModel, SquatSuspect } from '../types.js';
import { suspectFinding } from './evidence.js';
import { addHubCandidates } from './hub-candidates.js';
import { clonedNameSuspect, findSuspects, type Sensitivity } from './match.js';
import { namespaceReuse, ownerChange } from './namespace.js';

export interface TyposquatOptions {
  /** When the lockfile recorded this model (ISO date), for namespace-reuse detection. */
  lockedAt?: string | null;
  /** The owner's creation date as the lockfile recorded it: a different date now means the name was re-registered. */
  lockedOwnerCreatedAt?: string | null;
}

/** Suspects worth a finding at this sensitivity: low keeps only the strong ones. */
function keep(suspects: SquatSuspect[], sensitivity: Sensitivity): SquatSuspect[] {
  return sensitivity === 'low' ? suspects.filter((s) => s.strength === 'strong') : suspects;
}

async function popularFigures(suspect: SquatSuspect, ctx: AssessContext, index: PopularIndex): Promise<PopularModel | null> {
  const known = suspect.popular ?? null;
  if (suspect.intendedKind === 'org') {
    // For an imitated organisation, its own age is the yardstick for the imitator's.
    const org = index.orgs.get(suspect.intended.toLowerCase());
    if (org?.createdAt || !ctx.hub) return org?.createdAt ? { id: suspect.intended, createdAt: org.createdAt } : null;
    const author = await ctx.hub.authorFacts(suspect.intended);
    return author.exists && author.createdAt ? { id: suspect.intended, createdAt: author.createdAt } : null;
  }
  if (!ctx.hub) return known;
  if (known && known.downloads !== undefined && known.createdAt !== undefined) return known;
  // The curated snapshot has no figures for most models: ask the hub for the imitated one.
  const facts = await ctx.hub.modelFacts(suspect.intended, null);
  if (facts.status !== 'ok') return known;
  return { id: suspect.intended, downloads: facts.downloads ?? known?.downloads, likes: facts.likes ?? known?.likes, createdAt: facts.createdAt ?? known?.createdAt };
}

const CLONE_YOUNG_DAYS = 180;

/** Hub facts that make a same-name copy suspicious rather than a mirror. */
function cloneLooksHostile(facts: ModelFacts, clone: SquatSuspect, now: Date): boolean {
  if (facts.status === 'not-found') return true;
  if (facts.status !== 'ok' || facts.authorInfo?.verified) return false;
  if ((facts.baseModel ?? []).some((b) => b.toLowerCase() === clone.intended.toLowerCase())) return false;
  const ownerCreated = Date.parse(facts.authorInfo?.createdAt ?? '');
  if (!Number.isFinite(ownerCreated)) return false;
  if ((now.getTime() - ownerCreated) / 86_400_000 < CLONE_YOUNG_DAYS) return true;
  const popularCreated = Date.parse(clone.popular?.createdAt ?? '');
  return Number.isFinite(popularCreated) && ownerCreated > popularCreated;
}

export async function checkTyposquat(
  target: ModelTarget,
  facts: ModelFacts | null,
  ctx: AssessContext,
  index: PopularIndex,
  options: TyposquatOptions = {},
): Promise<FindingDraft[]> {
  if (target.repoType !== 'model') return [];
  const sensitivity = ctx.policy.typosquat.sensitivity;
  const out: FindingDraft[] = [];
  const ref = target.references[0];
  const anchor = (d: FindingDraft): FindingDraft => ({ ...d, file: d.file ?? ref?.file ?? null, line: d.line ?? ref?.line ?? null, column: d.column ?? ref?.column ?? null });

  if (ctx.hub) {
    try {
      await addHubCandidates(target.id, ctx, index);
    } catch (error) {
      out.push({
        rule: 'MG229',
        model: target.id,
        message: `The hub search for models near ${target.id} failed (${(error as Error).message}); only the bundled popular index was compared.`,
        evidence: { error: String((error as Error).message) },
        fix: 'Re-run when the hub is reachable.',
      });
    }
  }

  const suspects = keep(findSuspects(target.id, index, sensitivity), sensitivity);
  // A popular model's exact name under another owner is every mirror's name: it counts only when
  // the hub shows the copy has no history (missing, or a new unverified owner).
  if (suspects.length === 0 && facts) {
    const clone = clonedNameSuspect(target.id, index);
    if (clone && cloneLooksHostile(facts, clone, ctx.now)) suspects.push(clone);
  }
  // Report the best suspect per rule; more would repeat one problem.
  const seenRules = new Set<string>();
  for (const suspect of suspects.slice(0, 3)) {
    const popular = await popularFigures(suspect, ctx, index);
    const draft = suspectFinding(target.id, suspect, { facts, popular, now: ctx.now });
    if (!draft || seenRules.has(draft.rule)) continue;
    seenRules.add(draft.rule);
    out.push(draft);
  }

  if (facts && facts.status === 'ok') {
    const reuse = namespaceReuse(target.id, facts, index, options.lockedAt ?? null, options.lockedOwnerCreatedAt ?? null);
    if (reuse) out.push(reuse);
    const moved = ownerChange(target.id, facts, index);
    if (moved) {
      // A move to an owner that itself imitates a popular one is worse than a plain move.
      const newOwnerSuspects = findSuspects(facts.resolvedId, index, sensitivity);
      if (newOwnerSuspects.length > 0) {
        moved.severity = 'high';
        moved.evidence = { ...moved.evidence, newOwnerImitates: newOwnerSuspects[0].intended };
      }
      out.push(moved);
    }
  }
  return out.map(anchor);
}
