// Asks the hub for popular names near a referenced id, so squats of models outside the bundled
// snapshot are caught too. One search per distinctive name token, cached for the run.
import type { AssessContext, HubClient, HubModelSearchResult, PopularIndex } from '../types.js';
import { addModel, ownerAndName } from './popular-index.js';
import { clonedNameSuspect, findSuspects } from './match.js';
import { nameShape } from './normalize.js';

const CACHE = new WeakMap<HubClient, Map<string, Promise<HubModelSearchResult[]>>>();
/** A search result counts as "popular" from this many downloads on. */
export const POPULAR_DOWNLOADS = 10_000;
const RESULTS_PER_SEARCH = 30;

/** The token a hub search should use: the longest identifying word of the name. */
export function searchTerm(id: string): string | null {
  const { name } = ownerAndName(id);
  const words = nameShape(name).words.filter((w) => /[a-z]{3,}/.test(w));
  if (words.length === 0) return null;
  return words.sort((a, b) => b.length - a.length)[0];
}

function cached(hub: HubClient, term: string): Promise<HubModelSearchResult[]> {
  let perHub = CACHE.get(hub);
  if (!perHub) CACHE.set(hub, (perHub = new Map()));
  let hit = perHub.get(term);
  if (!hit) {
    hit = hub.searchModels({ search: term, sort: 'downloads', limit: RESULTS_PER_SEARCH });
    perHub.set(term, hit);
    // A failed search must not poison the cache for later targets.
    hit.catch(() => perHub!.delete(term));
  }
  return hit;
}

/**
 * Adds popular hub models that share a word with `id` to the index. Returns how many were
 * added; throws when the hub search fails (the caller reports it).
 */
export async function addHubCandidates(id: string, ctx: AssessContext, index: PopularIndex): Promise<number> {
  if (!ctx.hub) return 0;
  const term = searchTerm(id);
  if (!term) return 0;
  const results = await cached(ctx.hub, term);
  let added = 0;
  for (const r of results) {
    if (r.id.toLowerCase() === id.toLowerCase()) continue;
    // Never let the referenced owner's own models vouch for it.
    if (ownerAndName(r.id).owner?.toLowerCase() === ownerAndName(id).owner?.toLowerCase()) continue;
    if ((r.downloads ?? 0) < POPULAR_DOWNLOADS) continue;
    // A popular look-alike of a known model must not become a reference point that vouches for its owner.
    if (!index.models.has(r.id.toLowerCase()) && (findSuspects(r.id, index).length > 0 || clonedNameSuspect(r.id, index))) continue;
    if (!index.models.has(r.id.toLowerCase())) added++;
    addModel(index, { id: r.id, downloads: r.downloads, likes: r.likes, createdAt: r.createdAt });
  }
  return added;
}

/**
 * Brings the bundled snapshot up to date at run time: one listing of the hub's most downloaded
 * models (the hub client caches it with its other responses), added to the index. Look-alikes
 * of models already in the index are left out so a popular squat cannot vouch for itself.
 * Returns how many models were new.
 */
export async function refreshPopularIndex(index: PopularIndex, hub: HubClient, limit = 1000): Promise<number> {
  const results = await hub.searchModels({ sort: 'downloads', limit });
  let added = 0;
  for (const r of results) {
    if ((r.downloads ?? 0) < POPULAR_DOWNLOADS) continue;
    const known = index.models.has(r.id.toLowerCase());
    // Nor a copy of a known model's exact name: inflated downloads must not make a clone a reference.
    if (!known && (findSuspects(r.id, index).length > 0 || clonedNameSuspect(r.id, index))) continue;
    if (!known) added++;
    addModel(index, { id: r.id, downloads: r.downloads, likes: r.likes, createdAt: r.createdAt });
  }
  return added;
}
