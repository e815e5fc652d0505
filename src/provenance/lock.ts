// `modelgate lock`: resolve every referenced model to a commit and its file hashes, so later
// scans (and reviewers) can tell when what the hub serves changes.
import { writeFileSync } from 'node:fs';
import { createHubClient } from '../hub/client.js';
import { resolveHubEndpoint } from '../hub/endpoint.js';
import { loadPolicy, run } from '../run.js';
import type { ModelFacts, RunOptions } from '../types.js';

export interface LockedModel {
  id: string;
  revision: string | null;
  resolvedId: string;
  sha: string;
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

export function lockEntry(facts: ModelFacts): LockedModel | null {
  if (facts.status !== 'ok' || !facts.sha) return null;
  const files: LockedModel['files'] = {};
  for (const f of [...(facts.files ?? [])].sort((a, b) => a.path.localeCompare(b.path))) {
    files[f.path] = { size: f.size, ...(f.sha256 ? { sha256: f.sha256 } : {}), ...(f.oid ? { oid: f.oid } : {}) };
  }
  return { id: facts.id, revision: facts.revision, resolvedId: facts.resolvedId, sha: facts.sha, files };
}

export async function writeLockfile(
  options: Pick<RunOptions, 'root' | 'policyFile' | 'hubUrl' | 'token' | 'cacheFile' | 'log'>,
  file: string,
): Promise<{ locked: number; failed: string[] }> {
  const report = await run({ ...options, offline: true });
  const { policy } = loadPolicy(options);
  const endpoint = resolveHubEndpoint(options.hubUrl, policy.hub.url, process.env);
  const hub = createHubClient({ endpoint, token: options.token ?? null, cacheFile: options.cacheFile ?? null, log: options.log });
  const lock: Lockfile = { version: 1, hub: endpoint, models: {} };
  const failed: string[] = [];
  for (const model of report.models) {
    const facts = await hub.modelFacts(model.id, model.revision);
    const entry = lockEntry(facts);
    if (entry) lock.models[lockKey(model.id, model.revision)] = entry;
    else failed.push(`${lockKey(model.id, model.revision)} (${facts.status}${facts.error ? `: ${facts.error}` : ''})`);
  }
  await hub.saveCache();
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  return { locked: Object.keys(lock.models).length, failed };
}
