// Turns a suspect plus what the hub says into a rule, a severity and the evidence. Pure.
import type { FindingDraft, ModelFacts, PopularModel, Severity, SquatSuspect, SquatTechnique } from '../types.js';

const ORDER: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
const DAY = 86_400_000;
/** An owner or repo younger than this is "new" for popularity-asymmetry purposes. */
const YOUNG_DAYS = 180;

export const TECHNIQUE_WORDS: Record<SquatTechnique, string> = {
  separator: 'different separators',
  'ascii-lookalike': 'look-alike characters',
  'unicode-confusable': 'Unicode confusable characters',
  omission: 'a character left out',
  repetition: 'a character doubled',
  insertion: 'an extra character',
  transposition: 'two characters swapped',
  'keyboard-adjacent': 'a neighbouring key',
  substitution: 'a character replaced',
  'edit-distance': 'a few characters changed',
  'reordered-tokens': 'the words in another order',
  'dropped-version': 'the version or size left out',
  'org-affix': 'an official-sounding word added to or removed from the organisation',
  'brand-token': 'a brand the organisation does not own',
  'cloned-name': 'the exact name of a popular model under another, new owner',
};

/** The rule a suspect falls under. */
export function ruleFor(suspect: SquatSuspect): string {
  const t = suspect.techniques;
  if (t.includes('ascii-lookalike') || t.includes('unicode-confusable')) return 'MG221';
  if (t.includes('org-affix')) return 'MG223';
  if (t.includes('brand-token')) return 'MG224';
  if (suspect.part === 'org') return 'MG222';
  return 'MG220';
}

export interface HubEvidence {
  /** Facts about the referenced model; null offline. */
  facts: ModelFacts | null;
  /** Figures of the model it imitates, from the index or the hub. */
  popular: PopularModel | null;
  now: Date;
}

function ageDays(iso: string | undefined, now: Date): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? (now.getTime() - t) / DAY : null;
}

/** Does the referenced model declare the imitated one as its base model? */
export function declaresBase(facts: ModelFacts | null, intended: string): boolean {
  const want = intended.toLowerCase();
  return (facts?.baseModel ?? []).some((b) => b.toLowerCase() === want);
}

function shift(severity: Severity, by: number, max: Severity): Severity {
  const i = Math.max(0, Math.min(ORDER.indexOf(severity) + by, ORDER.indexOf(max)));
  return ORDER[i];
}

/**
 * The finding for one suspect, or null when the hub shows the look-alike is benign (a
 * declared derivative of the intended model under a look-alike name only).
 */
export function suspectFinding(id: string, suspect: SquatSuspect, ev: HubEvidence): FindingDraft | null {
  const { facts, popular, now } = ev;
  const reasons: string[] = [];
  let points = 0;
  const evidence: Record<string, unknown> = {
    imitates: suspect.intended,
    imitatesKind: suspect.intendedKind,
    part: suspect.part,
    technique: suspect.techniques[0],
    techniques: suspect.techniques,
    difference: suspect.detail,
    editDistance: suspect.distance,
    strength: suspect.strength,
    confidence: facts ? 'hub' : 'name-only',
  };
  if (popular) evidence.popular = { id: popular.id, downloads: popular.downloads ?? null, likes: popular.likes ?? null, createdAt: popular.createdAt ?? null };
  else if (suspect.popular) evidence.popular = { id: suspect.popular.id, downloads: null, likes: null, createdAt: null };
  let rule = ruleFor(suspect);
  let severity: Severity = suspect.strength === 'strong' ? 'high' : 'medium';
  let max: Severity = suspect.strength === 'strong' ? 'critical' : 'high';

  if (facts && facts.status === 'not-found') {
    rule = 'MG225';
    severity = 'high';
    max = 'high';
    reasons.push('it does not exist on the hub, so anyone can register it and serve whatever they like under this name');
    evidence.exists = false;
  } else if (facts && facts.status === 'ok') {
    evidence.exists = true;
    evidence.referenced = {
      downloads: facts.downloads ?? null,
      likes: facts.likes ?? null,
      createdAt: facts.createdAt ?? null,
      author: facts.authorInfo ? { name: facts.authorInfo.name, verified: facts.authorInfo.verified, createdAt: facts.authorInfo.createdAt ?? null } : null,
      baseModel: facts.baseModel ?? [],
    };
    if (suspect.intendedKind === 'model' && declaresBase(facts, suspect.intended)) {
      // A declared derivative: only the name (not the owner) looked like the original.
      if (suspect.part !== 'org') return null;
      reasons.push(`it declares ${suspect.intended} as its base model but publishes under a look-alike owner`);
    }
    if (facts.authorInfo?.verified) {
      points -= 2;
      reasons.push(`its publisher ${facts.authorInfo.name} is verified`);
    }
    const ownerAge = ageDays(facts.authorInfo?.createdAt, now);
    const repoAge = ageDays(facts.createdAt, now);
    const popularAge = ageDays(popular?.createdAt, now);
    if ((ownerAge !== null && ownerAge < YOUNG_DAYS) || (repoAge !== null && repoAge < YOUNG_DAYS)) {
      points += 1;
      reasons.push(`it is new (${ownerAge !== null && ownerAge < YOUNG_DAYS ? `owner created ${Math.round(ownerAge)} days ago` : `repo created ${Math.round(repoAge!)} days ago`})`);
    } else if (ownerAge !== null && popularAge !== null && ownerAge < popularAge) {
      points += 1;
      reasons.push(`its owner was created after ${suspect.intended}`);
    }
    const mine = facts.downloads ?? 0;
    const theirs = popular?.downloads;
    if (theirs !== undefined && theirs > 0) {
      const ratio = mine / theirs;
      evidence.downloadRatio = Number(ratio.toPrecision(3));
      if (ratio < 0.01) {
        points += 1;
        reasons.push(`it has ${mine} downloads against ${theirs} for ${suspect.intended}`);
      } else if (ratio >= 0.1 && !suspect.techniques.includes('cloned-name')) {
        // (Downloads of a same-name copy prove nothing: the Open-OSS clone had them inflated.)
        points -= 1;
        reasons.push(`it is about as popular as ${suspect.intended} (${mine} against ${theirs} downloads)`);
      }
    } else if (mine >= 100_000 && !suspect.techniques.includes('cloned-name')) {
      points -= 1;
      reasons.push(`it is widely used itself (${mine} downloads)`);
    }
  }
  // One step up with any sign of an attack, down with signs of a legitimate publisher.
  if (points > 0) severity = shift(severity, 1, max);
  else if (points < 0) severity = shift(severity, points, max);

  const what = TECHNIQUE_WORDS[suspect.techniques[0]];
  const target = suspect.intendedKind === 'model' ? `the popular model ${suspect.intended}` : `the organisation ${suspect.intended}`;
  const message =
    `${id} looks like an imitation of ${target} (${what}: ${suspect.detail})` + (reasons.length ? `; ${reasons.join('; ')}.` : '.');
  const fix =
    suspect.intendedKind === 'model'
      ? `If you meant ${suspect.intended}, reference it instead and pin a commit: "${suspect.intended}" with revision="<commit sha>". If ${id} is really intended, add a policy exception with the reason.`
      : `Check who publishes ${id}; if you meant a model from ${suspect.intended}, use ${suspect.intended}/<name> pinned to a commit. If ${id} is really intended, add a policy exception with the reason.`;
  return { rule, severity, model: id, message, evidence: { ...evidence, reasons }, fix };
}
