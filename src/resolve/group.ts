// Groups references into the unique models to assess: one target per (id, revision, repo type).
import type { ModelReference, ModelTarget } from '../types.js';

/**
 * One target per unique (id, revision, repoType), in order of first appearance. Unresolved
 * references (id null) and datasets are not models to assess and are left out.
 */
export function groupTargets(refs: ModelReference[]): ModelTarget[] {
  const byKey = new Map<string, ModelTarget>();
  for (const ref of refs) {
    if (ref.id === null || ref.repoType === 'dataset' || ref.kind === 'dataset') continue;
    const key = JSON.stringify([ref.id, ref.revision, ref.repoType]);
    let target = byKey.get(key);
    if (!target) {
      target = { id: ref.id, revision: ref.revision, repoType: ref.repoType, references: [] };
      byKey.set(key, target);
    }
    target.references.push(ref);
  }
  return [...byKey.values()];
}
