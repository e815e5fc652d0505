// Finds the popular models and organisations a referenced id imitates, and how. Pure.
//
// Order of reasoning (docs/typosquat.md explains each step):
// 1. The id itself is popular, or its owner publishes popular models, or is a known
//    re-publisher: nothing to imitate (same owner).
// 2. The owner imitates a popular organisation: look-alike characters, separators, a typo,
//    an affix (`-official`, `the-`), or a brand token in an org that does not own the brand.
// 3. Otherwise the model name imitates a popular model name published by someone else:
//    look-alike characters, a typo, reordered tokens, dropped version or size tokens. Names
//    that are the same family (other size, version, variant) or a declared kind of derivative
//    (-GGUF, -AWQ ...) are not imitations.
import type { PopularIndex, PopularModel, SquatSuspect, SquatTechnique } from '../types.js';
import { FILLER_TOKENS, strippedForms } from './affixes.js';
import { hasNonAscii } from './confusables.js';
import { classifyTypo, damerauLevenshtein, lookalikeSubstitution, type TypoKind } from './distance.js';
import { deletions, ownerAndName } from './popular-index.js';
import { classifyToken, familyKey, looseKey, nameShape, nameTokens, sortedTokenKey, splitTrailingVersion, tokens, visualKey, withoutDerivativeTokens } from './normalize.js';

/** How strict the matcher is (policy `typosquat.sensitivity`). */
export type Sensitivity = 'low' | 'medium' | 'high';

/** Edits allowed between two folded names of this length, per sensitivity. */
export function nameBudget(length: number, sensitivity: Sensitivity = 'medium'): number {
  const shift = sensitivity === 'high' ? 1 : sensitivity === 'low' ? -1 : 0;
  let base: number;
  if (length <= 3) base = 0;
  else if (length <= 9) base = 1;
  else if (length <= 17) base = 2;
  else base = 3;
  return Math.max(0, Math.min(base + shift, length <= 3 ? 0 : 3));
}

/** Single-edit typo kinds squatters use; a generic substitution is only accepted on long names. */
function typoAllowed(kind: TypoKind | null, length: number): boolean {
  if (kind === null) return length >= 10;
  if (length <= 3) return false;
  if (length <= 5) return kind === 'transposition' || kind === 'repetition' || kind === 'keyboard-adjacent';
  if (kind === 'substitution') return length >= 8;
  return true;
}

/** Describes what makes two names that share a skeleton different. */
function lookalikeTechnique(written: string): SquatTechnique {
  return hasNonAscii(written) ? 'unicode-confusable' : 'ascii-lookalike';
}

function describeLookalike(intended: string, written: string): string {
  // Report the first differing run of characters, which is what a reviewer needs to see.
  let i = 0;
  while (i < intended.length && i < written.length && intended[i].toLowerCase() === written[i].toLowerCase()) i++;
  let j = 0;
  while (j < intended.length - i && j < written.length - i && intended[intended.length - 1 - j].toLowerCase() === written[written.length - 1 - j].toLowerCase()) j++;
  const a = intended.slice(i, intended.length - j);
  const b = written.slice(i, written.length - j);
  return `"${b}" written for "${a}"`;
}

interface Relation {
  techniques: SquatTechnique[];
  distance: number;
  detail: string;
}

/**
 * How the written string imitates the intended one, comparing folded keys: null when they are
 * the same (case only) or unrelated.
 */
export function compareStrings(intended: string, written: string, sensitivity: Sensitivity = 'medium'): Relation | null {
  if (intended.toLowerCase() === written.toLowerCase()) return null;
  const li = looseKey(intended);
  const lw = looseKey(written);
  const vi = visualKey(intended);
  const vw = visualKey(written);
  if (li === lw) return { techniques: ['separator'], distance: 0, detail: `separators differ ("${written}" for "${intended}")` };
  if (vi === vw) {
    const techniques: SquatTechnique[] = [lookalikeTechnique(written)];
    if (intended.replace(/[-_.]/g, '').length !== written.replace(/[-_.]/g, '').length || /[-_.]/.test(intended) !== /[-_.]/.test(written)) {
      if (intended.toLowerCase().replace(/[-_.]/g, '') !== intended.toLowerCase()) techniques.push('separator');
    }
    return { techniques, distance: 0, detail: describeLookalike(intended, written) };
  }
  const budget = nameBudget(vi.length, sensitivity);
  if (vi.length < 3) return null;
  const d = damerauLevenshtein(vi, vw, Math.max(budget, 1));
  if (d === 0 || d > Math.max(budget, 1)) return null;
  // Look-alike characters helped only when the plain spellings are further apart than the skeletons.
  const usedLookalike = damerauLevenshtein(li, lw, d + 1) > d;
  if (d === 1 && lookalikeSubstitution(vi, vw)) {
    return { techniques: [lookalikeTechnique(written)], distance: 1, detail: describeLookalike(intended, written) };
  }
  if (d === 1) {
    const kind = classifyTypo(vi, vw);
    if (!typoAllowed(kind, vi.length)) return null;
    const techniques: SquatTechnique[] = [kind ?? 'edit-distance'];
    if (usedLookalike) techniques.push(lookalikeTechnique(written));
    return { techniques, distance: 1, detail: `${kind ?? 'one edit'}: "${written}" for "${intended}"` };
  }
  if (!typoAllowed(null, vi.length)) return null;
  const techniques: SquatTechnique[] = ['edit-distance'];
  if (usedLookalike) techniques.push(lookalikeTechnique(written));
  return { techniques, distance: d, detail: `${d} edits: "${written}" for "${intended}"` };
}

// --- organisations -------------------------------------------------------------------------------

/** A bare version in an organisation name: `3`, `2.5`, `r1`, `v2`. */
const VERSION_TAG = /^[rv]?\d+(\.\d+)*$/;

function brandSuspects(org: string, index: PopularIndex): SquatSuspect[] {
  // Version tags (`r1`, `v2`, `3.5`) stay whole; glued versions come off (`qwen2.5` -> `qwen` `2.5`).
  const split = tokens(org).flatMap((t) => (VERSION_TAG.test(t) ? [t] : t.split(/(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])/)));
  // Case splitting cuts `OpenAI` into `open` + `ai`: rejoin neighbours that spell a brand.
  const toks: string[] = [];
  for (let i = 0; i < split.length; i++) {
    if (i + 1 < split.length && index.brands.has(split[i] + split[i + 1])) toks.push(split[i] + split[++i]);
    else toks.push(split[i]);
  }
  const brandTokens = toks.filter((t) => index.brands.has(t));
  if (brandTokens.length === 0) return [];
  // Only an org made of brands and filler words presents itself as the brand.
  // Version tags add nothing either: `llama3`, `deepseek-r1`, `qwen2.5`.
  if (!toks.every((t) => index.brands.has(t) || FILLER_TOKENS.has(t) || VERSION_TAG.test(t))) return [];
  const lower = org.toLowerCase();
  const out: SquatSuspect[] = [];
  for (const brand of new Set(brandTokens)) {
    const owners = index.brands.get(brand)!;
    if (owners.has(lower)) return [];
    // A brand with no organisation on the hub (`anthropic`, `claude`): every org using it pretends.
    const owner = [...owners].find((o) => index.orgs.has(o)) ?? [...owners][0] ?? brand;
    const ownerName = index.orgs.get(owner)?.name ?? owner;
    const belongs = owners.size > 0 ? `belongs to ${[...owners].map((o) => index.orgs.get(o)?.name ?? o).join(', ')}` : 'is not published on the hub by its owner';
    out.push({
      intended: ownerName,
      intendedKind: 'org',
      part: 'org',
      techniques: ['brand-token'],
      detail: `"${org}" carries the brand "${brand}", which ${belongs}`,
      distance: 0,
      strength: 'weak',
    });
  }
  return out;
}

/** Does the popular org publish a model with this name (same spelling up to case and look-alikes)? */
function publishesName(popularLower: string, name: string | null, index: PopularIndex): boolean {
  if (name === null) return false;
  const key = visualKey(name);
  return (index.modelsByOwner.get(popularLower) ?? []).some((m) => visualKey(ownerAndName(m.id).name) === key);
}

/** One edit between two short keys, of any kind (used only with a matching model name). */
function contextualRelation(intended: string, written: string): Relation | null {
  const vi = visualKey(intended);
  const vw = visualKey(written);
  if (vi === vw || vi.length < 2) return null;
  const d = damerauLevenshtein(vi, vw, 2);
  if (d > (vi.length >= 8 ? 2 : 1)) return null;
  const kind = d === 1 ? classifyTypo(vi, vw) : null;
  return { techniques: [kind ?? 'edit-distance'], distance: d, detail: `${kind ?? `${d} edits`}: "${written}" for "${intended}", which publishes a model of this name` };
}

/**
 * Popular organisations that `org` imitates (empty when it is one of them). `name` is the model
 * name of the reference: short organisation names and looser matches count only when the
 * popular organisation publishes a model of that name, which keeps short legitimate orgs quiet.
 */
export function orgSuspects(org: string, index: PopularIndex, sensitivity: Sensitivity = 'medium', name: string | null = null): SquatSuspect[] {
  const lower = org.toLowerCase();
  if (index.orgs.has(lower) || index.republishers.has(lower)) return [];
  const found = new Map<string, SquatSuspect>();
  const consider = (popularLower: string, rel: Relation | null, extra: SquatTechnique[] = []) => {
    if (!rel) return;
    const popular = index.orgs.get(popularLower);
    if (!popular) return;
    // Two or more generic edits on an org name reach too many real organisations on their own.
    if (rel.techniques[0] === 'edit-distance' && !publishesName(popularLower, name, index)) return;
    const prev = found.get(popularLower);
    if (prev && prev.distance <= rel.distance) return;
    found.set(popularLower, {
      intended: popular.name,
      intendedKind: 'org',
      part: 'org',
      techniques: [...new Set([...extra, ...rel.techniques])],
      detail: rel.detail,
      distance: rel.distance,
      strength: 'strong',
    });
  };
  const key = visualKey(org);
  // Look-alikes and separators: same visual key.
  for (const p of index.orgByVisual.get(key) ?? []) consider(p, compareStrings(index.orgs.get(p)!.name, org, sensitivity));
  // Typos: symmetric one-deletion neighbourhood (covers one insertion, omission, substitution or transposition).
  const near = new Set<string>();
  for (const p of index.orgByVisual.get(key) ?? []) near.add(p);
  for (const p of index.orgDeletes.get(key) ?? []) near.add(p);
  for (const d of deletions(key)) {
    for (const p of index.orgByVisual.get(d) ?? []) near.add(p);
    for (const p of index.orgDeletes.get(d) ?? []) near.add(p);
  }
  for (const p of near) consider(p, compareStrings(index.orgs.get(p)!.name, org, sensitivity));
  // Short names: any single edit counts when the popular org publishes exactly this model.
  if (found.size === 0 && name !== null) {
    for (const p of near) if (publishesName(p, name, index)) consider(p, contextualRelation(index.orgs.get(p)!.name, org));
  }
  // Affixes: `openai-official` -> `openai`; `deepseek` -> `deepseek-ai`; `the-mistral` -> `mistral-ai`.
  const mine = [org, ...strippedForms(org)];
  for (const form of mine) {
    const v = visualKey(form);
    const viaOrg = form === org ? [] : index.orgByVisual.get(v) ?? [];
    const viaStripped = index.orgByStripped.get(v) ?? [];
    for (const p of [...viaOrg, ...viaStripped]) {
      if (p === lower || found.has(p)) continue;
      const popular = index.orgs.get(p)!;
      if (visualKey(popular.name).length < 4 && !publishesName(p, name, index)) continue;
      found.set(p, {
        intended: popular.name,
        intendedKind: 'org',
        part: 'org',
        techniques: ['org-affix'],
        detail: `"${org}" is "${popular.name}" with a word added or removed`,
        distance: 0,
        strength: 'strong',
      });
    }
  }
  if (found.size > 0) return [...found.values()];
  return brandSuspects(org, index);
}

// --- model names ---------------------------------------------------------------------------------

export type NameVerdict =
  | { kind: 'benign'; reason: 'same-name' | 'family-variant' | 'derivative'; popular: PopularModel }
  | { kind: 'suspect'; suspects: SquatSuspect[] }
  | { kind: 'unrelated' };

function sameFamily(a: string, b: string): boolean {
  const fa = familyKey(a);
  return fa.length > 0 && fa === familyKey(b);
}

/**
 * Another member of the same family: same identifying words, a different size, version or
 * variant. A name with no size or version at all is not a member but a stripped name (MG220
 * dropped-version), and a pure spelling difference is not a variant.
 */
function familyVariant(written: string, popularName: string): boolean {
  if (!sameFamily(written, popularName)) return false;
  if (looseKey(written) === looseKey(popularName)) return false;
  const w = nameShape(written);
  const p = nameShape(popularName);
  return w.sizes.length + w.versions.length > 0 || p.sizes.length + p.versions.length === 0;
}

/** The same tokens in another order (`Instruct-Llama-3.1-8B`, `Llama-2-7b-hf-chat`). */
function isReordered(written: string, popularName: string): boolean {
  return nameTokens(written).length >= 2 && sortedTokenKey(written) === sortedTokenKey(popularName) && visualKey(written) !== visualKey(popularName);
}

/**
 * Test fixtures of the libraries (`tiny-random-bert`, `tiny-random-LlamaForCausalLM`): random
 * weights, dozens of names one edit apart (`tiny-random-ibert`), so typos do not count for them.
 */
const TEST_FIXTURE_NAME = /^(tiny|dummy)[-_](random|dummy|testing)|[-_]tiny[-_]random$/i;

const VOCABULARY = new WeakMap<PopularIndex, { size: number; words: Set<string> }>();

/** Every word of every popular model name (cached per index, rebuilt when it grows). */
function vocabulary(index: PopularIndex): Set<string> {
  const cached = VOCABULARY.get(index);
  if (cached && cached.size === index.models.size) return cached.words;
  const words = new Set<string>();
  for (const m of index.models.values()) for (const t of nameTokens(ownerAndName(m.id).name)) words.add(t);
  VOCABULARY.set(index, { size: index.models.size, words });
  return words;
}

/** The two names differ in exactly one word, and the written word is itself a known model word. */
function swapsKnownWord(written: string, popularName: string, index: PopularIndex): boolean {
  const w = nameTokens(written);
  const p = nameTokens(popularName);
  if (w.length !== p.length) return false;
  const diff = w.map((t, i) => [t, p[i]] as const).filter(([a, b]) => a !== b);
  if (diff.length !== 1) return false;
  const [mine] = diff[0];
  return mine.length >= 3 && classifyToken(mine) === 'word' && vocabulary(index).has(mine);
}

/** Size and version tokens of a name, sorted: a model with other numbers is another model. */
function numbersOf(name: string): string {
  return splitTokens(name)
    .filter((t) => {
      const cls = classifyToken(t);
      return cls === 'size' || cls === 'version';
    })
    .sort()
    .join(' ');
}

function isDerivativeName(written: string, popularName: string): boolean {
  const stripped = withoutDerivativeTokens(written);
  const base = withoutDerivativeTokens(popularName);
  return stripped !== looseKey(written) && (stripped === base || sameFamily(stripped, base));
}

/** Tokens of a name with glued trailing versions split (`qwen3` -> `qwen`, `3`). */
function splitTokens(name: string): string[] {
  return nameTokens(name).flatMap(splitTrailingVersion);
}

/**
 * Version and size tokens dropped: the written name is the popular one with one or more of its
 * size or version tokens (and nothing else) removed.
 */
function droppedVersion(written: string, popularName: string): boolean {
  const w = splitTokens(written);
  const rest = splitTokens(popularName);
  if (w.length === 0 || w.length >= rest.length) return false;
  for (const t of w) {
    const i = rest.indexOf(t);
    if (i < 0) return false;
    rest.splice(i, 1);
  }
  return rest.every((t) => {
    const cls = classifyToken(t);
    return cls === 'size' || cls === 'version';
  }) && w.some((t) => classifyToken(t) === 'word');
}

function nameCandidates(name: string, index: PopularIndex): Set<PopularModel> {
  const key = visualKey(name);
  const out = new Set<PopularModel>();
  const add = (list: PopularModel[] | undefined) => list?.forEach((m) => out.add(m));
  add(index.nameByVisual.get(key));
  add(index.nameDeletes.get(key));
  const dels = deletions(key);
  for (const d of dels) {
    add(index.nameByVisual.get(d));
    add(index.nameDeletes.get(d));
  }
  // Two deletions on the written side reach popular names two characters shorter or one
  // substitution plus one deletion away (long names only: budget 2+).
  if (key.length >= 10) for (const d of dels) for (const dd of deletions(d)) add(index.nameDeletes.get(dd));
  add(index.nameBySorted.get(sortedTokenKey(name)));
  const family = familyKey(name);
  if (family) add(index.nameByFamily.get(family));
  // Dropped versions: the family key of a name without size/version tokens is its words.
  return out;
}

/**
 * How a model name (the part after the owner) relates to popular names published by owners
 * other than `owner`.
 */
export function judgeName(name: string, owner: string | null, index: PopularIndex, sensitivity: Sensitivity = 'medium'): NameVerdict {
  const ownerLower = owner?.toLowerCase() ?? null;
  const candidates = [...nameCandidates(name, index)].filter((m) => ownerAndName(m.id).owner?.toLowerCase() !== ownerLower || ownerLower === null);
  const suspects: SquatSuspect[] = [];
  // A derivative named as such (-GGUF ...) explains a name unless a look-alike was also found;
  // a family variant explains it only when no closer imitation was found.
  let strongBenign: NameVerdict | null = null;
  let benign: NameVerdict | null = null;
  // The exact name of a popular model, re-published: it is that model's name, whatever it resembles.
  // Re-published with other separators (`Qwen3_8B`) is still that name, not a sibling with a word dropped.
  const same =
    candidates.find((m) => ownerAndName(m.id).name.toLowerCase() === name.toLowerCase()) ??
    (owner !== null ? candidates.find((m) => looseKey(ownerAndName(m.id).name) === looseKey(name)) : undefined);
  if (same) return { kind: 'benign', reason: 'same-name', popular: same };
  for (const popular of candidates) {
    const popularName = ownerAndName(popular.id).name;
    const written = name;
    let rel = compareStrings(popularName, written, sensitivity);
    // One word swapped for another word that popular models use is another model, not a typo:
    // `tiny-random-mbart` is not `tiny-random-bert` misspelt.
    const lookalikeRel = rel?.techniques.some((t) => t === 'ascii-lookalike' || t === 'unicode-confusable') ?? false;
    if (rel && !lookalikeRel && rel.distance >= 2 && swapsKnownWord(written, popularName, index)) rel = null;
    // A library's test fixture is only imitated with look-alike characters; its typos are other fixtures.
    if (rel && !lookalikeRel && TEST_FIXTURE_NAME.test(popularName)) rel = null;
    // Several edits that also change the sizes or versions name a different model, not a typo.
    if (rel && rel.distance >= 2 && numbersOf(written) !== numbersOf(popularName)) rel = null;
    // So does a typo that needs look-alike folding (`1` read as `l`) to reach another size:
    // `Qwen3-14B-Instruct` is not `Qwen3-VL-4B-Instruct` with a letter left out.
    if (rel && rel.distance >= 1 && rel.techniques.length > 1 && numbersOf(written) !== numbersOf(popularName)) rel = null;
    const looksAlike = rel && (rel.techniques.includes('ascii-lookalike') || rel.techniques.includes('unicode-confusable'));
    if (!looksAlike) {
      if (isDerivativeName(written, popularName)) {
        strongBenign ??= { kind: 'benign', reason: 'derivative', popular };
        continue;
      }
      if (!isReordered(written, popularName) && !droppedVersion(written, popularName) && familyVariant(written, popularName)) {
        benign ??= { kind: 'benign', reason: 'family-variant', popular };
        continue;
      }
    }
    if (!looksAlike && isReordered(written, popularName)) {
      suspects.push({
        intended: popular.id,
        intendedKind: 'model',
        part: owner === null ? 'id' : 'name',
        techniques: ['reordered-tokens'],
        detail: `the tokens of "${popularName}" in another order`,
        distance: 0,
        popular,
        strength: 'weak',
      });
      continue;
    }
    if (!looksAlike && droppedVersion(written, popularName)) {
      suspects.push({
        intended: popular.id,
        intendedKind: 'model',
        part: owner === null ? 'id' : 'name',
        techniques: ['dropped-version'],
        detail: `"${popularName}" without its version or size`,
        distance: 0,
        popular,
        strength: 'weak',
      });
      continue;
    }
    if (rel && !(rel.techniques.length === 1 && rel.techniques[0] === 'separator' && owner !== null)) {
      suspects.push({
        intended: popular.id,
        intendedKind: 'model',
        part: owner === null ? 'id' : 'name',
        techniques: rel.techniques,
        detail: rel.detail,
        distance: rel.distance,
        popular,
        strength: looksAlike || owner === null ? 'strong' : 'weak',
      });
      continue;
    }
  }
  const strong = suspects.some((s) => s.strength === 'strong');
  if (strongBenign && !strong) return strongBenign;
  if (benign && !strong && !suspects.some((s) => s.distance === 0)) return benign;
  if (suspects.length === 0) return benign ?? { kind: 'unrelated' };
  return { kind: 'suspect', suspects: rankSuspects(suspects) };
}

function rankSuspects(list: SquatSuspect[]): SquatSuspect[] {
  const score = (s: SquatSuspect) => (s.strength === 'strong' ? 0 : 10) + s.distance - Math.log10((s.popular?.downloads ?? 0) + 1) / 100;
  return [...list].sort((a, b) => score(a) - score(b));
}

// --- whole ids -----------------------------------------------------------------------------------

/**
 * The popular models or organisations `id` imitates, best first; empty when it imitates none
 * (it is popular itself, its owner publishes popular models, or it is a benign variant).
 */
export function findSuspects(id: string, index: PopularIndex, sensitivity: Sensitivity = 'medium'): SquatSuspect[] {
  if (index.models.has(id.toLowerCase())) return [];
  const { owner, name } = ownerAndName(id);
  if (owner !== null) {
    const ownerLower = owner.toLowerCase();
    if (index.orgs.has(ownerLower) || index.republishers.has(ownerLower)) return [];
    const orgs = orgSuspects(owner, index, sensitivity, name);
    if (orgs.length > 0) return orgs.map((s) => withIntendedModel(s, name, index)).sort((a, b) => Number(b.intendedKind === 'model') - Number(a.intendedKind === 'model'));
  }
  const verdict = judgeName(name, owner, index, sensitivity);
  return verdict.kind === 'suspect' ? verdict.suspects : [];
}

/** For an org imitation, the popular model of that org the name points at, when there is one. */
function withIntendedModel(suspect: SquatSuspect, name: string, index: PopularIndex): SquatSuspect {
  const models = index.modelsByOwner.get(suspect.intended.toLowerCase()) ?? [];
  let best: { model: PopularModel; rank: number } | null = null;
  for (const m of models) {
    const popularName = ownerAndName(m.id).name;
    let rank: number;
    if (popularName.toLowerCase() === name.toLowerCase()) rank = 0;
    else if (visualKey(popularName) === visualKey(name)) rank = 1;
    else if (compareStrings(popularName, name)) rank = 2;
    else if (sameFamily(popularName, name) || isDerivativeName(name, popularName)) rank = 3;
    else continue;
    if (!best || rank < best.rank) best = { model: m, rank };
  }
  if (!best) return { ...suspect, strength: suspect.techniques.includes('brand-token') ? 'weak' : suspect.strength };
  return {
    ...suspect,
    intended: best.model.id,
    intendedKind: 'model',
    popular: best.model,
    strength: 'strong',
  };
}

/**
 * The referenced model re-uses the exact name of a popular model published by someone else
 * (`Open-OSS/privacy-filter` for `openai/privacy-filter`). On its own that is what every mirror
 * and quantiser does, so it is only a suspect: the check reports it when the hub shows the owner
 * is new or the repository does not exist. Null for known owners and re-publishers.
 */
export function clonedNameSuspect(id: string, index: PopularIndex): SquatSuspect | null {
  const { owner, name } = ownerAndName(id);
  if (owner === null || index.models.has(id.toLowerCase())) return null;
  const ownerLower = owner.toLowerCase();
  if (index.orgs.has(ownerLower) || index.republishers.has(ownerLower)) return null;
  const wanted = looseKey(name);
  const originals = (index.nameByVisual.get(visualKey(name)) ?? []).filter((m) => {
    const other = ownerAndName(m.id);
    return other.owner !== null && other.owner.toLowerCase() !== ownerLower && looseKey(other.name) === wanted;
  });
  if (originals.length === 0) return null;
  const popular = [...originals].sort((a, b) => (b.downloads ?? 0) - (a.downloads ?? 0))[0];
  return {
    intended: popular.id,
    intendedKind: 'model',
    part: 'name',
    techniques: ['cloned-name'],
    detail: `"${name}" is the name of ${popular.id}, published here by "${owner}"`,
    distance: 0,
    popular,
    strength: 'weak',
  };
}

