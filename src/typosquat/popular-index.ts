// Builds the lookup tables of the popular index from a snapshot. Pure: data in, maps out.
import type { PopularIndex, PopularModel, PopularOrg, PopularSnapshot } from '../types.js';
import { strippedForms } from './affixes.js';
import { familyKey, sortedTokenKey, visualKey } from './normalize.js';

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

/** Every string made by deleting one character (used for the symmetric-deletion lookup). */
export function deletions(key: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
  return [...out];
}

export function ownerAndName(id: string): { owner: string | null; name: string } {
  const slash = id.indexOf('/');
  return slash < 0 ? { owner: null, name: id } : { owner: id.slice(0, slash), name: id.slice(slash + 1) };
}

export function emptyIndex(meta: { date: string; source: string; curated: boolean }): PopularIndex {
  return {
    ...meta,
    models: new Map(),
    orgs: new Map(),
    modelsByOwner: new Map(),
    brands: new Map(),
    republishers: new Set(),
    orgByVisual: new Map(),
    orgDeletes: new Map(),
    orgByStripped: new Map(),
    nameByVisual: new Map(),
    nameDeletes: new Map(),
    nameBySorted: new Map(),
    nameByFamily: new Map(),
  };
}

/** Adds one organisation (idempotent). */
export function addOrg(index: PopularIndex, org: PopularOrg): void {
  const lower = org.name.toLowerCase();
  const known = index.orgs.get(lower);
  if (known) {
    if (org.verified !== undefined) known.verified = org.verified;
    if (org.createdAt && !known.createdAt) known.createdAt = org.createdAt;
    return;
  }
  index.orgs.set(lower, { ...org });
  const key = visualKey(org.name);
  push(index.orgByVisual, key, lower);
  for (const d of deletions(key)) push(index.orgDeletes, d, lower);
  for (const s of strippedForms(org.name)) push(index.orgByStripped, visualKey(s), lower);
}

/** Adds one model, and its owner as an organisation (idempotent). */
export function addModel(index: PopularIndex, model: PopularModel): void {
  const lower = model.id.toLowerCase();
  const known = index.models.get(lower);
  if (known) {
    for (const k of ['downloads', 'likes', 'createdAt'] as const) if (model[k] !== undefined && known[k] === undefined) (known as any)[k] = model[k];
    return;
  }
  const entry = { ...model };
  index.models.set(lower, entry);
  const { owner, name } = ownerAndName(model.id);
  if (owner) {
    addOrg(index, { name: owner });
    push(index.modelsByOwner, owner.toLowerCase(), entry);
  }
  const key = visualKey(name);
  push(index.nameByVisual, key, entry);
  if (key.length >= 3) for (const d of deletions(key)) push(index.nameDeletes, d, entry);
  push(index.nameBySorted, sortedTokenKey(name), entry);
  const family = familyKey(name);
  if (family) push(index.nameByFamily, family, entry);
}

export function buildPopularIndex(snapshot: PopularSnapshot): PopularIndex {
  const index = emptyIndex({ date: snapshot.date, source: snapshot.source, curated: snapshot.curated });
  for (const org of snapshot.orgs) addOrg(index, org);
  for (const model of snapshot.models) addModel(index, model);
  for (const [brand, owners] of Object.entries(snapshot.brands)) {
    index.brands.set(brand.toLowerCase(), new Set(owners.map((o) => o.toLowerCase())));
    // The owners of a brand are real organisations of that company (sibling orgs such as
    // `bytedance-research`): known, so neither flagged themselves nor missing as targets.
    for (const owner of owners) addOrg(index, { name: owner });
  }
  // Re-publishers are popular owners too: `mraWdermacher` imitates `mradermacher`.
  for (const r of snapshot.republishers) {
    index.republishers.add(r.toLowerCase());
    addOrg(index, { name: r });
  }
  // Downloads per org, summed from its models, where the org has no figure of its own.
  for (const [owner, models] of index.modelsByOwner) {
    const org = index.orgs.get(owner);
    const sum = models.reduce((s, m) => s + (m.downloads ?? 0), 0);
    if (org && org.downloads === undefined && sum > 0) org.downloads = sum;
  }
  return index;
}
