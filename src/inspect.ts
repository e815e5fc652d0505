// `modelgate inspect TARGET`: deep-scan one local file or folder, or one hub model, and report
// per file what was found. Same judge and report shape as scan, with artifacts instead of
// references.
import { existsSync, statSync } from 'node:fs';
import { relative, resolve as resolvePath } from 'node:path';
import { inspectLocal } from './artifacts/scan.js';
import { artifactDrafts, assessTarget } from './assess/assess-target.js';
import { inspectLocalCode } from './code/local.js';
import { createHubClient } from './hub/client.js';
import { resolveHubEndpoint } from './hub/endpoint.js';
import { judge } from './policy/judge.js';
import { parseModelId } from './resolve/model-id.js';
import { ConfigError, loadPolicy } from './run.js';
import { loadPopularIndex } from './typosquat/index.js';
import type { Logger, ModelTarget, Report, RunOptions } from './types.js';
import { VERSION } from './version.js';

export type InspectOptions = Pick<RunOptions, 'root' | 'hubUrl' | 'token' | 'offline' | 'cacheFile' | 'policyFile' | 'policyOverrides'> & { log: Logger; now?: Date };

export async function inspectTarget(target: string, options: InspectOptions): Promise<Report> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const { policy, policyFile } = loadPolicy(options);
  const local = resolvePath(options.root, target);
  const base = { version: 1 as const, tool: { name: 'modelgate' as const, version: VERSION }, mode: 'inspect' as const, references: [], datasets: [] };
  if (existsSync(local)) {
    const artifacts = await inspectLocal(local, policy.limits, relative(options.root, local) || '.');
    const drafts = artifactDrafts(artifacts, '').map((draft) => ({ draft: { ...draft, model: null } }));
    let codeFiles: string[] = [];
    if (statSync(local).isDirectory()) {
      // A model folder on disk: the custom code transformers would import from it.
      const code = await inspectLocalCode(local);
      codeFiles = code.plan.files.map((f) => f.path);
      drafts.push(...code.findings.map((draft) => ({ draft: { ...draft, model: null } })));
    }
    const judgement = judge(drafts, policy, { mode: 'inspect', now, policyFile });
    return {
      ...base,
      verdict: judgement.verdict,
      models: codeFiles.length
        ? [{ id: relative(options.root, local) || '.', revision: null, resolvedId: null, resolvedSha: null, exists: null, facts: {}, findings: judgement.findings.map((_, i) => i), codeFiles }]
        : [],
      findings: judgement.findings,
      artifacts,
      skipped: [],
      stats: { filesScanned: artifacts.length, bytesRead: artifacts.reduce((n, a) => n + a.bytesRead, 0), hubRequests: 0, durationMs: Date.now() - started },
    };
  }
  const parsed = parseModelId(target, 'model-arg') ?? parseModelId(target, 'free-text');
  if (!parsed) throw new ConfigError(`${target} is neither a local file or folder nor a hub model id (org/name[@revision])`);
  if (options.offline) throw new ConfigError(`inspecting ${parsed.id} needs the hub: drop --offline`);
  const hub = createHubClient({ endpoint: resolveHubEndpoint(options.hubUrl, policy.hub.url, process.env), token: options.token ?? null, cacheFile: options.cacheFile ?? null, log: options.log });
  const modelTarget: ModelTarget = { id: parsed.id, revision: parsed.revision, repoType: 'model', references: [] };
  const result = await assessTarget(modelTarget, { policy, hub, log: options.log, now }, loadPopularIndex());
  await hub.saveCache();
  const judgement = judge(
    result.drafts.map((draft) => ({ draft, target: { ...modelTarget, introduced: true } })),
    policy,
    { mode: 'inspect', now, policyFile },
  );
  return {
    ...base,
    verdict: judgement.verdict,
    models: [
      {
        id: parsed.id,
        revision: parsed.revision,
        resolvedId: result.facts?.resolvedId ?? null,
        resolvedSha: result.facts?.sha ?? null,
        exists: result.facts ? (result.facts.status === 'not-found' ? false : result.facts.status === 'error' ? null : true) : null,
        facts: result.facts ?? {},
        findings: judgement.findings.map((_, i) => i),
        codeFiles: result.codeFiles,
      },
    ],
    findings: judgement.findings,
    artifacts: result.artifacts,
    skipped: [],
    stats: { filesScanned: result.artifacts.length, bytesRead: result.artifacts.reduce((n, a) => n + a.bytesRead, 0), hubRequests: hub.requestCount(), durationMs: Date.now() - started },
  };
}
