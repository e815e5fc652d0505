// Watch-list monitoring: generate the look-alike names of your own organisations and models
// (the detector's transformations run in reverse), ask the hub which exist, report them.
import type { AssessContext, FindingDraft, PopularIndex } from '../types.js';
import { ORG_PREFIXES, ORG_SUFFIXES } from './affixes.js';
import { neighbours } from './keyboard.js';
import { compareStrings } from './match.js';
import { ownerAndName } from './popular-index.js';

/** ASCII look-alike swaps (both directions). */
const LOOKALIKE_SWAPS: [string, string][] = [
  ['l', 'I'], ['l', '1'], ['I', 'l'], ['i', '1'], ['o', '0'], ['O', '0'], ['0', 'o'], ['m', 'rn'], ['rn', 'm'], ['w', 'vv'], ['vv', 'w'], ['e', '3'], ['a', '4'], ['s', '5'],
];

export interface Lookalike {
  name: string;
  technique: string;
}

/** Look-alike spellings of `name`, most dangerous first, at most `limit`. */
export function generateLookalikes(name: string, limit = 60): Lookalike[] {
  const out = new Map<string, string>();
  const add = (n: string, technique: string) => {
    if (n && n !== name && n.toLowerCase() !== name.toLowerCase() && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(n) && !out.has(n)) out.set(n, technique);
  };
  for (const [from, to] of LOOKALIKE_SWAPS) {
    for (let i = name.indexOf(from); i >= 0; i = name.indexOf(from, i + 1)) add(name.slice(0, i) + to + name.slice(i + from.length), 'ascii-lookalike');
  }
  if (/[-_.]/.test(name)) {
    add(name.replace(/[-_.]/g, ''), 'separator');
    add(name.replace(/[-_.]/g, '_'), 'separator');
    add(name.replace(/[-_.]/g, '-'), 'separator');
  } else {
    for (let i = 2; i < name.length - 1; i++) add(`${name.slice(0, i)}-${name.slice(i)}`, 'separator');
  }
  for (const s of ORG_SUFFIXES.slice(0, 10)) add(`${name}-${s}`, 'org-affix');
  for (const p of ORG_PREFIXES.slice(0, 3)) add(`${p}-${name}`, 'org-affix');
  for (let i = 0; i < name.length; i++) add(name.slice(0, i) + name.slice(i + 1), 'omission');
  for (let i = 0; i < name.length - 1; i++) add(name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2), 'transposition');
  for (let i = 0; i < name.length; i++) add(name.slice(0, i + 1) + name[i] + name.slice(i + 1), 'repetition');
  for (let i = 0; i < name.length; i++) for (const k of neighbours(name[i])) add(name.slice(0, i) + k + name.slice(i + 1), 'keyboard-adjacent');
  return [...out].slice(0, limit).map(([n, technique]) => ({ name: n, technique }));
}

/** Requests per watched entry and in total: a scheduled run must stay polite and bounded. */
export const WATCH_LIMITS = { perEntry: 40, total: 400 };

/**
 * MG228 findings for look-alikes of the policy's watched organisations and models that exist
 * on the hub. Needs ctx.hub; returns [] offline. A hub failure becomes an MG229 finding.
 */
export async function watchLookalikes(ctx: AssessContext, index: PopularIndex): Promise<FindingDraft[]> {
  const hub = ctx.hub;
  if (!hub) return [];
  const out: FindingDraft[] = [];
  let budget = WATCH_LIMITS.total;
  const seen = new Set<string>();
  const report = (found: string, watched: string, technique: string, kind: 'org' | 'model', extra: Record<string, unknown>) => {
    if (seen.has(found.toLowerCase())) return;
    // A look-alike that is itself a known popular publisher or model is a neighbour, not a squat.
    if (index.orgs.has(found.toLowerCase()) || index.models.has(found.toLowerCase())) return;
    seen.add(found.toLowerCase());
    out.push({
      rule: 'MG228',
      model: kind === 'model' ? found : null,
      message: `A look-alike of your watched ${kind} ${watched} exists on the hub: ${found} (${technique}).`,
      evidence: { watched, lookalike: found, kind, technique, ...extra },
      fix: `Check who publishes ${found}; if it impersonates ${watched}, report it to the hub and warn your users to reference ${watched} pinned to a commit.`,
    });
  };
  const failed = (what: string, error: unknown) =>
    out.push({ rule: 'MG229', message: `The watch-list check of ${what} could not complete: ${(error as Error).message}`, evidence: { watched: what }, fix: 'Re-run when the hub is reachable.' });

  for (const org of ctx.policy.watch.orgs.filter((o) => !/[*?[\]{}]/.test(o))) {
    for (const candidate of generateLookalikes(org, WATCH_LIMITS.perEntry)) {
      if (budget-- <= 0) break;
      try {
        const author = await hub.authorFacts(candidate.name);
        if (author.exists) report(candidate.name, org, candidate.technique, 'org', { type: author.type, verified: author.verified, createdAt: author.createdAt ?? null });
      } catch (error) {
        failed(org, error);
        break;
      }
    }
  }
  for (const model of ctx.policy.watch.models.filter((m) => !/[*?[\]{}]/.test(m))) {
    const { owner, name } = ownerAndName(model);
    // 1. One search on the name finds copies under any owner, including look-alike owners.
    if (budget-- > 0) {
      try {
        const results = await hub.searchModels({ search: name, limit: 100 });
        for (const r of results) {
          const other = ownerAndName(r.id);
          if (r.id.toLowerCase() === model.toLowerCase() || (owner && other.owner?.toLowerCase() === owner.toLowerCase())) continue;
          const ownerRel = owner && other.owner ? compareStrings(owner, other.owner) : null;
          const nameRel = compareStrings(name, other.name);
          if (ownerRel || nameRel) {
            const technique = ownerRel?.techniques[0] ?? nameRel?.techniques[0] ?? 'lookalike';
            report(r.id, model, technique, 'model', { downloads: r.downloads ?? null, createdAt: r.createdAt ?? null });
          }
        }
      } catch (error) {
        failed(model, error);
      }
    }
    // 2. Look-alike owners with the exact name (search does not match confusable spellings).
    if (owner) {
      for (const candidate of generateLookalikes(owner, WATCH_LIMITS.perEntry / 2)) {
        if (budget-- <= 0) break;
        const id = `${candidate.name}/${name}`;
        const facts = await hub.modelFacts(id, null);
        if (facts.status === 'ok') report(id, model, candidate.technique, 'model', { downloads: facts.downloads ?? null, createdAt: facts.createdAt ?? null });
        else if (facts.status === 'error') {
          failed(model, new Error(facts.error ?? 'hub error'));
          break;
        }
      }
    }
  }
  if (budget < 0) ctx.log.warn(`watch-list: stopped after ${WATCH_LIMITS.total} hub requests; some look-alikes were not checked`);
  return out;
}
