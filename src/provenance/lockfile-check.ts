// Compares what the hub serves today with what `modelgate lock` recorded: a moved commit
// (hosting) or different bytes at the same commit (download).
import { existsSync, readFileSync } from 'node:fs';
import type { FindingDraft, ModelFacts, ModelTarget } from '../types.js';
import { lockKey, type Lockfile } from './lockfile.js';

export class LockfileError extends Error {}

export function readLockfile(path: string): Lockfile | null {
  if (!existsSync(path)) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new LockfileError(`${path} is not valid JSON (${(error as Error).message}); regenerate it with \`modelgate lock\``);
  }
  const lock = data as Lockfile;
  if (!lock || lock.version !== 1 || typeof lock.models !== 'object' || lock.models === null) {
    throw new LockfileError(`${path} is not a modelgate lockfile (version 1); regenerate it with \`modelgate lock\``);
  }
  return lock;
}

export function checkLockfile(target: ModelTarget, facts: ModelFacts, lock: Lockfile, lockPath: string): FindingDraft[] {
  const key = lockKey(target.id, target.revision);
  const entry = lock.models[key];
  if (!entry) {
    return [
      {
        rule: 'MG311',
        message: `${key} is not in ${lockPath}, so nothing records which commit and files were reviewed.`,
        evidence: { lockfile: lockPath, key },
        fix: 'Run `modelgate lock` and commit the updated lockfile.',
      },
    ];
  }
  if (!facts.sha || (facts.status !== 'ok' && facts.status !== 'gated')) return [];
  const out: FindingDraft[] = [];
  if (entry.sha !== facts.sha) {
    out.push({
      rule: 'MG310',
      message: `${key} resolved to ${entry.sha.slice(0, 12)} when locked and resolves to ${facts.sha.slice(0, 12)} now: the model changed since it was reviewed.`,
      evidence: { lockedSha: entry.sha, currentSha: facts.sha, lockfile: lockPath },
      fix: `Review the change on the hub, then pin revision="${entry.sha}" (the reviewed commit) or re-run \`modelgate lock\`.`,
    });
    return out;
  }
  for (const file of facts.files ?? []) {
    const locked = entry.files[file.path];
    if (!locked) continue;
    const changed = (locked.sha256 && file.sha256 && locked.sha256 !== file.sha256) || (locked.oid && file.oid && locked.oid !== file.oid);
    if (changed) {
      out.push({
        rule: 'MG401',
        artifact: file.path,
        message: `${file.path} of ${key} at commit ${facts.sha.slice(0, 12)} has a different hash than when it was locked: the same commit now serves different bytes.`,
        evidence: { locked, current: { sha256: file.sha256, oid: file.oid, size: file.size }, sha: facts.sha },
        fix: 'Do not load this model until the difference is explained; report it to the hub. If the lockfile is wrong, regenerate it with `modelgate lock`.',
      });
    }
  }
  return out;
}
