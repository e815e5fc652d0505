// `modelgate lock`: resolve every referenced model to a commit and its file hashes, so later
// scans (and reviewers) can tell when what the hub serves changes.
import { writeFileSync } from 'node:fs';
import { createHubClient } from '../hub/client.js';
import { resolveHubEndpoint } from '../hub/endpoint.js';
import { loadPolicy, run } from '../run.js';
import type { RunOptions } from '../types.js';
import { lockEntry, lockKey, type Lockfile } from './lockfile.js';

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
    const entry = lockEntry(facts, new Date());
    if (entry) lock.models[lockKey(model.id, model.revision)] = entry;
    else failed.push(`${lockKey(model.id, model.revision)} (${facts.status}${facts.error ? `: ${facts.error}` : ''})`);
  }
  await hub.saveCache();
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  return { locked: Object.keys(lock.models).length, failed };
}
