// The lockfile's shape and how facts become an entry: pure, shared by `lock` and the drift check.
import type { ModelFacts } from '../types.js';

export interface LockedModel {
  id: string;
  revision: string | null;
  resolvedId: string;
  sha: string;
  /** When `modelgate lock` recorded it, and when the owner account was created then: a later
   * owner creation date means the namespace was deleted and registered again. */
  lockedAt?: string;
  ownerCreatedAt?: string;
  files: Record<string, { size: number; sha256?: string; oid?: string }>;
}

export interface Lockfile {
  version: 1;
  hub: string;
  models: Record<string, LockedModel>;
}

export function lockKey(id: string, revision: string | null): string {
  return revision ? `${id}@${revision}` : id;
}

export function lockEntry(facts: ModelFacts, lockedAt?: Date): LockedModel | null {
  // A gated model's commit and file list are public even when its files are not.
  if (!facts.sha || (facts.status !== 'ok' && facts.status !== 'gated')) return null;
  const files: LockedModel['files'] = {};
  for (const f of [...(facts.files ?? [])].sort((a, b) => a.path.localeCompare(b.path))) {
    files[f.path] = { size: f.size, ...(f.sha256 ? { sha256: f.sha256 } : {}), ...(f.oid ? { oid: f.oid } : {}) };
  }
  return {
    id: facts.id,
    revision: facts.revision,
    resolvedId: facts.resolvedId,
    sha: facts.sha,
    ...(lockedAt ? { lockedAt: lockedAt.toISOString() } : {}),
    ...(facts.authorInfo?.createdAt ? { ownerCreatedAt: facts.authorInfo.createdAt } : {}),
    files,
  };
}
