// Public surface of the typosquat stage (issue 6). See docs/typosquat.md.
import snapshot from '../../data/popular-models.json' with { type: 'json' };
import type { PopularIndex, PopularSnapshot } from '../types.js';
import { buildPopularIndex } from './popular-index.js';

export type { PopularIndex, PopularModel, PopularOrg, PopularSnapshot, SquatSuspect, SquatTechnique } from '../types.js';
export { checkTyposquat, type TyposquatOptions } from './check.js';
export { watchLookalikes, generateLookalikes } from './watch.js';
export { renderWatchIssue, WATCH_ISSUE_TITLE, type WatchIssue } from './watch-issue.js';
export { findSuspects, compareStrings, type Sensitivity } from './match.js';
export { buildPopularIndex, addModel, addOrg } from './popular-index.js';
export { refreshPopularIndex } from './hub-candidates.js';
export { skeleton } from './confusables.js';

/** The bundled snapshot as stored (date, source, models, orgs, brands, re-publishers). */
export function popularSnapshot(): PopularSnapshot {
  return snapshot as unknown as PopularSnapshot;
}

/**
 * A fresh index over the bundled snapshot. Fresh on every call because the check adds the
 * hub's search results to it during a run; build it once per run.
 */
export function loadPopularIndex(): PopularIndex {
  return buildPopularIndex(popularSnapshot());
}
