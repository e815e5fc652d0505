// Namespace reuse and owner changes: the name is right but who answers to it changed. Pure.
import type { FindingDraft, ModelFacts, PopularIndex } from '../types.js';
import { ownerAndName } from './popular-index.js';

function time(iso: string | undefined | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

/**
 * MG226: the owner account was created after the model it serves was created (per the hub or
 * the popular index) or after the lockfile recorded the model: the original owner was deleted
 * or renamed and someone registered the name again.
 */
export function namespaceReuse(id: string, facts: ModelFacts, index: PopularIndex, lockedAt: string | null, lockedOwnerCreatedAt: string | null = null): FindingDraft | null {
  const owner = facts.authorInfo;
  const ownerCreated = time(owner?.createdAt);
  if (!owner || ownerCreated === null) return null;
  const recordedOwner = time(lockedOwnerCreatedAt);
  if (recordedOwner !== null && Math.abs(recordedOwner - ownerCreated) > 86_400_000) {
    return {
      rule: 'MG226',
      severity: 'critical',
      model: id,
      message: `The lockfile recorded ${owner.name} as created on ${lockedOwnerCreatedAt}; the hub now says ${owner.createdAt}: the name was deleted and registered again.`,
      evidence: { owner: owner.name, ownerCreatedAt: owner.createdAt, lockedOwnerCreatedAt, verified: owner.verified },
      fix: `Do not load ${id} until you have confirmed who now owns ${owner.name}; keep the pinned commit you audited.`,
    };
  }
  const popular = index.models.get(id.toLowerCase()) ?? index.models.get(facts.resolvedId.toLowerCase());
  const claims: { what: string; at: number }[] = [];
  const repoCreated = time(facts.createdAt);
  if (repoCreated !== null) claims.push({ what: `the repository was created (${facts.createdAt})`, at: repoCreated });
  const popularCreated = time(popular?.createdAt);
  if (popularCreated !== null) claims.push({ what: `the popular index records ${popular!.id} from ${popular!.createdAt}`, at: popularCreated });
  const locked = time(lockedAt);
  if (locked !== null) claims.push({ what: `the lockfile recorded it (${lockedAt})`, at: locked });
  // A day of slack: hub timestamps of an org and its first repo can be minutes apart.
  const earlier = claims.filter((c) => c.at + 86_400_000 < ownerCreated);
  if (earlier.length === 0) return null;
  const severity = popular || locked !== null ? 'critical' : 'high';
  return {
    rule: 'MG226',
    severity,
    model: id,
    message: `${owner.type === 'org' ? 'The organisation' : 'The user'} ${owner.name} was created on ${owner.createdAt}, after ${earlier.map((c) => c.what).join(' and ')}: the name was probably re-registered by someone else.`,
    evidence: { owner: owner.name, ownerCreatedAt: owner.createdAt, verified: owner.verified, repoCreatedAt: facts.createdAt ?? null, popularCreatedAt: popular?.createdAt ?? null, lockedAt },
    fix: `Do not load ${id} until you have confirmed who now owns ${owner.name}; pin the commit you audited, or switch to the original publisher's new location.`,
  };
}

/**
 * MG227: the hub redirects the id to a repository under another owner. Renames into a popular
 * organisation (the legacy `bert-base-uncased` -> `google-bert/bert-base-uncased` moves) are
 * context only; a move to an unknown owner means someone else now serves the name.
 */
export function ownerChange(id: string, facts: ModelFacts, index: PopularIndex): FindingDraft | null {
  if (facts.status !== 'ok' || !facts.resolvedId) return null;
  const before = ownerAndName(id).owner?.toLowerCase() ?? null;
  const after = ownerAndName(facts.resolvedId).owner?.toLowerCase() ?? null;
  if (before === after || after === null) return null;
  const known = index.orgs.has(after) || index.models.has(facts.resolvedId.toLowerCase()) || index.republishers.has(after);
  // Moves into a known publisher are renames; MG209 (hub facts) already reports the redirect.
  if (known) return null;
  return {
    rule: 'MG227',
    severity: before === null ? 'low' : 'medium',
    model: id,
    message: `${id} redirects to ${facts.resolvedId}: the repository now belongs to ${ownerAndName(facts.resolvedId).owner}, an owner not among the known publishers.`,
    evidence: { from: id, to: facts.resolvedId, previousOwner: before, newOwner: after, knownPublisher: known },
    fix: `Reference ${facts.resolvedId} directly, pinned to a commit, after checking that its new owner is who you expect.`,
  };
}
