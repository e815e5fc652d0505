// PR mode: which references the change introduces. A head reference is existing when the base
// version of its file (before a rename, if any) has a reference with the same identity; line
// numbers do not count, so moving code around introduces nothing.
import type { ModelReference } from '../types.js';

function identity(ref: ModelReference): string {
  return JSON.stringify([ref.id ?? `?${ref.raw}`, ref.revision, ref.repoType, ref.call, ref.flags]);
}

/**
 * Marks `introduced` on every head reference. `baseRefsByFile` holds the base references of
 * the files that changed, keyed by their base path; files that did not change keep all their
 * references as existing.
 */
export function markIntroduced(
  headRefs: ModelReference[],
  changed: Set<string>,
  renamedFrom: Map<string, string>,
  baseRefsByFile: Map<string, ModelReference[]>,
): ModelReference[] {
  const remaining = new Map<string, Map<string, number>>();
  for (const [file, refs] of baseRefsByFile) {
    const counts = new Map<string, number>();
    for (const ref of refs) counts.set(identity(ref), (counts.get(identity(ref)) ?? 0) + 1);
    remaining.set(file, counts);
  }
  return headRefs.map((ref) => {
    if (!changed.has(ref.file)) return { ...ref, introduced: false };
    const counts = remaining.get(renamedFrom.get(ref.file) ?? ref.file);
    const key = identity(ref);
    const left = counts?.get(key) ?? 0;
    if (left > 0) {
      counts!.set(key, left - 1);
      return { ...ref, introduced: false };
    }
    return { ...ref, introduced: true };
  });
}

/** Targets (id@revision) that the base already referenced somewhere. */
export function targetKey(id: string, revision: string | null): string {
  return `${id}@${revision ?? ''}`;
}
