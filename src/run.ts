// The pipeline, shared by the action and the CLI: discover -> extract -> resolve -> assess ->
// judge -> report data. Side effects are limited to reading the repository and asking the hub.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve as resolvePath } from 'node:path';
import { parseDocument } from 'yaml';
import { assessTarget, type TargetAssessment } from './assess/assess-target.js';
import { referenceChecks } from './assess/reference-checks.js';
import { findLoadingCalls } from './code/loading-calls.js';
import { changedFiles } from './discover/diff.js';
import { fetchCommit, isGitRepo, resolveCommit } from './discover/git.js';
import { readSources, selectEntries } from './discover/read-sources.js';
import { gitTree, workTree, type TreeReader } from './discover/tree.js';
import { isPushTarget } from './extract/common.js';
import { extractFile, isCandidatePath } from './extract/index.js';
import { cellPython, notebookCells } from './extract/notebook.js';
import { createHubClient } from './hub/client.js';
import { resolveHubEndpoint } from './hub/endpoint.js';
import { judge, type AnchoredDraft } from './policy/judge.js';
import { LockfileError, readLockfile } from './provenance/lockfile-check.js';
import { parsePolicy, PolicyError } from './policy/load.js';
import { bySeverityDesc } from './policy/severity.js';
import { groupTargets } from './resolve/group.js';
import { markIntroduced, targetKey } from './resolve/introduced.js';
import { loadPopularIndex, refreshPopularIndex, watchLookalikes } from './typosquat/index.js';
import { VERSION } from './version.js';
import type {
  AssessContext,
  FileProblem,
  Finding,
  FindingDraft,
  LoadingCall,
  ModelReference,
  ModelSummary,
  ModelTarget,
  Policy,
  Report,
  RunOptions,
  SourceFile,
} from './types.js';

/** A problem with how modelgate was called or configured: exit status 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_POLICY_FILE = '.github/modelgate.yml';

/** Applies overrides (policy-file spelling, dotted keys allowed) onto the file's YAML text. */
function withOverrides(text: string, overrides: Record<string, unknown> | undefined): string {
  if (!overrides || Object.keys(overrides).length === 0) return text;
  const doc = parseDocument(text || '{}');
  if (doc.errors.length > 0) return text; // the parser reports the file's own error
  if (!doc.contents || !("setIn" in (doc.contents as object))) doc.contents = doc.createNode({}) as typeof doc.contents;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined || value === null || value === '') continue;
    doc.setIn(key.split('.'), value);
  }
  return doc.toString();
}

export function loadPolicy(options: Pick<RunOptions, 'root' | 'policyFile' | 'policyOverrides'>): { policy: Policy; policyFile: string | null } {
  let file: string | null = null;
  if (options.policyFile) {
    file = isAbsolute(options.policyFile) ? options.policyFile : resolvePath(options.root, options.policyFile);
    if (!existsSync(file)) throw new ConfigError(`policy file ${options.policyFile} does not exist (create it, or drop --policy to use the defaults)`);
  } else if (existsSync(join(options.root, DEFAULT_POLICY_FILE))) {
    file = join(options.root, DEFAULT_POLICY_FILE);
  }
  const shown = file ? relative(options.root, file) || file : '(defaults)';
  const text = file ? readFileSync(file, 'utf8') : '{}';
  try {
    return { policy: parsePolicy(withOverrides(text, options.policyOverrides), shown), policyFile: file ? shown : null };
  } catch (error) {
    if (error instanceof PolicyError) throw new ConfigError(error.message);
    throw error;
  }
}

interface Extraction {
  references: ModelReference[];
  problems: FileProblem[];
  loadingCalls: LoadingCall[];
}

async function loadingCallsOf(file: SourceFile): Promise<LoadingCall[]> {
  if (file.path.endsWith('.py')) return findLoadingCalls(file);
  if (!file.path.endsWith('.ipynb')) return [];
  let cells: ReturnType<typeof notebookCells>;
  try {
    cells = notebookCells(file.text);
  } catch {
    return []; // the notebook extractor already reports the broken notebook
  }
  const out: LoadingCall[] = [];
  for (const cell of cells) {
    // IPython syntax (!cmd, %magic) is blanked so the cell parses; line numbers are kept.
    for (const call of await findLoadingCalls({ path: file.path, text: cellPython(cell.source) })) {
      out.push({ ...call, file: file.path, cell: cell.cell, cellLine: call.line, line: cell.lines[call.line - 1] ?? cell.line });
    }
  }
  return out;
}

async function extractAll(files: SourceFile[]): Promise<Extraction> {
  const out: Extraction = { references: [], problems: [], loadingCalls: [] };
  for (const file of files) {
    const result = await extractFile(file);
    out.references.push(...result.references);
    out.problems.push(...result.problems);
    try {
      out.loadingCalls.push(...(await loadingCallsOf(file)));
    } catch (error) {
      out.problems.push({ file: file.path, message: `loading-call analysis failed: ${(error as Error).message}` });
    }
  }
  return out;
}

async function extractTree(reader: TreeReader, policy: Policy, only?: Set<string>) {
  const selection = { isCandidate: isCandidatePath, ignorePaths: policy.ignorePaths, maxBytes: policy.limits.maxSourceFileBytes };
  let entries = selectEntries(await reader.list(), selection);
  if (only) entries = entries.filter((e) => only.has(e.path));
  const read = await readSources(reader, entries, selection.maxBytes);
  const extraction = await extractAll(read.files);
  extraction.problems.unshift(...read.problems);
  return { ...extraction, filesScanned: read.files.length, bytesRead: read.bytesRead };
}

/** Loading calls and problems in PR mode: introduced when the base version of the file has fewer. */
function markByCount<T>(items: T[], changed: Set<string>, fileOf: (t: T) => string, base: T[], key: (t: T) => string, renamedFrom: Map<string, string>): Map<T, boolean> {
  const counts = new Map<string, number>();
  for (const b of base) counts.set(`${fileOf(b)}|${key(b)}`, (counts.get(`${fileOf(b)}|${key(b)}`) ?? 0) + 1);
  const out = new Map<T, boolean>();
  for (const item of items) {
    const file = fileOf(item);
    if (!changed.has(file)) {
      out.set(item, false);
      continue;
    }
    const k = `${renamedFrom.get(file) ?? file}|${key(item)}`;
    const left = counts.get(k) ?? 0;
    counts.set(k, left - 1);
    out.set(item, left <= 0);
  }
  return out;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}

export async function run(options: RunOptions): Promise<Report> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const root = resolvePath(options.root);
  if (!existsSync(root)) throw new ConfigError(`${options.root} does not exist`);
  const { policy, policyFile } = loadPolicy({ ...options, root });
  const log = options.log;
  const skipped: string[] = [];

  // --- discover + extract -------------------------------------------------------------------
  const diffMode = !!options.base;
  let headReader: TreeReader = workTree(root);
  let baseCommit: string | null = null;
  let headCommit: string | null = null;
  if (diffMode || options.head) {
    if (!(await isGitRepo(root))) {
      throw new ConfigError(`${options.root} is not a git repository, so --base/--head cannot be compared; run a full scan without --base, or scan a git checkout`);
    }
    if (options.base) {
      baseCommit = (await resolveCommit(root, options.base)) ?? ((await fetchCommit(root, options.base)) ? await resolveCommit(root, options.base) : null);
      if (!baseCommit)
        throw new ConfigError(
          `base ref ${options.base} is not in this repository; fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0)`,
        );
    }
    if (options.head) {
      headCommit = (await resolveCommit(root, options.head)) ?? ((await fetchCommit(root, options.head)) ? await resolveCommit(root, options.head) : null);
      if (!headCommit) throw new ConfigError(`head ref ${options.head} is not in this repository; fetch it first`);
      headReader = gitTree(root, headCommit);
    }
  }
  const head = await extractTree(headReader, policy);
  let references = head.references;
  const introducedCall = new Map<LoadingCall, boolean>();
  const introducedProblem = new Map<FileProblem, boolean>();
  const baseTargets = new Set<string>();
  let bytesRead = head.bytesRead;
  if (baseCommit) {
    const change = await changedFiles(root, baseCommit, headCommit);
    const baseOnly = new Set([...change.changed].map((p) => change.renamedFrom.get(p) ?? p));
    const base = await extractTree(gitTree(root, baseCommit), policy, baseOnly);
    bytesRead += base.bytesRead;
    const baseByFile = new Map<string, ModelReference[]>();
    for (const ref of base.references) baseByFile.set(ref.file, [...(baseByFile.get(ref.file) ?? []), ref]);
    references = markIntroduced(references, change.changed, change.renamedFrom, baseByFile);
    for (const ref of references) if (!ref.introduced && ref.id) baseTargets.add(targetKey(ref.id, ref.revision));
    for (const ref of base.references) if (ref.id) baseTargets.add(targetKey(ref.id, ref.revision));
    const callKey = (c: LoadingCall) => `${c.rule}|${c.call}|${c.model ?? ''}`;
    for (const [c, v] of markByCount(head.loadingCalls, change.changed, (c) => c.file, base.loadingCalls, callKey, change.renamedFrom)) introducedCall.set(c, v);
    for (const [p, v] of markByCount(head.problems, change.changed, (p) => p.file, base.problems, (p) => p.message, change.renamedFrom)) introducedProblem.set(p, v);
  }
  const modelRefs = references.filter((r) => r.repoType !== 'dataset');
  const datasets = references.filter((r) => r.repoType === 'dataset');
  // Spaces are recorded as references but are apps, not models: nothing to assess as a model.
  // Push targets (hub_model_id, `hf upload` destinations) are where the user publishes: nothing
  // is loaded from them, so they are reported as references but not assessed.
  const targets: ModelTarget[] = groupTargets(modelRefs.filter((r) => !isPushTarget(r))).filter((t) => t.repoType === 'model');

  // --- assess ---------------------------------------------------------------------------------
  const hub = options.offline
    ? null
    : createHubClient({ endpoint: resolveHubEndpoint(options.hubUrl, policy.hub.url, process.env), token: options.token ?? null, cacheFile: options.cacheFile ?? null, log });
  if (options.offline) skipped.push(`offline: hub facts, artifact scans, remote code and hub-side typosquat evidence were not checked for ${targets.length} model(s)`);
  const ctx: AssessContext = { policy, hub, log, now };
  const index = loadPopularIndex();
  if (hub && targets.length > 0) {
    // One listing of today's most downloaded models, so squats of models newer than the
    // bundled snapshot are caught too. A failure leaves the snapshot, which is still checked.
    try {
      await refreshPopularIndex(index, hub);
    } catch (error) {
      log.warn(`could not refresh the popular-model index from the hub: ${(error as Error).message}`);
    }
  }
  const lockPath = options.lockfile ?? 'modelgate.lock.json';
  let lock: { data: NonNullable<ReturnType<typeof readLockfile>>; path: string } | null = null;
  try {
    const data = readLockfile(resolvePath(root, lockPath));
    if (data) lock = { data, path: lockPath };
    else if (options.lockfile) throw new ConfigError(`lockfile ${options.lockfile} does not exist; create it with \`modelgate lock\``);
  } catch (error) {
    if (error instanceof LockfileError) throw new ConfigError(error.message);
    throw error;
  }

  const drafts: AnchoredDraft[] = [];
  for (const problem of head.problems) {
    drafts.push({
      introduced: introducedProblem.get(problem),
      draft: {
        rule: 'MG001',
        // Some extractors already name the file in their message; say it once.
        message: problem.message.includes(problem.file) ? problem.message : `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`,
        file: problem.file,
        line: problem.line ?? null,
        fix: problem.fix,
        evidence: {},
      },
    });
  }
  for (const call of head.loadingCalls) {
    drafts.push({
      introduced: introducedCall.get(call),
      draft: { rule: call.rule, message: call.message, file: call.file, line: call.line, column: call.column, model: call.model ?? null, fix: call.fix, evidence: { call: call.call, ...(call.cell ? { cell: call.cell, cellLine: call.cellLine } : {}), ...call.evidence } },
    });
  }
  drafts.push(...referenceChecks(references, policy));

  const assessed: TargetAssessment[] = await mapLimit(targets, 4, async (target) => {
    const t0 = Date.now();
    const result = await assessTarget(target, ctx, index, { lock });
    log.debug(`assessed ${target.id}${target.revision ? `@${target.revision}` : ''} in ${Date.now() - t0} ms`);
    return result;
  });
  targets.forEach((target, i) => {
    const introduced = !baseCommit || !baseTargets.has(targetKey(target.id, target.revision));
    const pins = assessed[i].drafts.filter((d) => d.rule === 'MG301');
    if (pins.length > 0) enrichPinFindings(drafts, target, pins[0]);
    for (const draft of assessed[i].drafts) if (draft.rule !== 'MG301') drafts.push({ draft, target: { ...target, introduced } });
    for (const a of assessed[i].artifacts) bytesRead += a.bytesRead;
  });
  if (hub && !diffMode && (policy.watch.orgs.length > 0 || policy.watch.models.length > 0)) {
    try {
      for (const draft of await watchLookalikes(ctx, index)) drafts.push({ draft });
    } catch (error) {
      drafts.push({ draft: { rule: 'MG007', message: `the watch-list look-alike search failed: ${(error as Error).message}`, evidence: {} } });
    }
  }
  if (hub) {
    try {
      await (hub as { saveCache?: () => Promise<void> }).saveCache?.();
    } catch (error) {
      log.warn(`could not save the hub cache: ${(error as Error).message}`);
    }
  }

  // --- judge ----------------------------------------------------------------------------------
  const judgement = judge(drafts, policy, { mode: diffMode ? 'diff' : 'full', now, policyFile });
  return buildReport({
    mode: diffMode ? 'diff' : 'full',
    judgement,
    drafts,
    targets,
    assessed,
    references,
    datasets,
    skipped,
    stats: { filesScanned: head.filesScanned, bytesRead, hubRequests: hub?.requestCount() ?? 0, durationMs: Date.now() - started },
  });
}

/**
 * The hub knows the commit an unpinned reference resolves to today: that turns each line's
 * MG301 into an exact fix. One finding per line stays (annotations belong on lines); the
 * hub's model-level MG301 is folded into them.
 */
function enrichPinFindings(drafts: AnchoredDraft[], target: ModelTarget, hubPin: FindingDraft): void {
  const sha = (hubPin.evidence as { resolvedSha?: string } | undefined)?.resolvedSha;
  for (const a of drafts) {
    if (a.draft.rule !== 'MG301' || !a.reference || !target.references.includes(a.reference)) continue;
    a.draft = {
      ...a.draft,
      message: sha ? `${a.draft.message} Today it resolves to commit ${sha}.` : a.draft.message,
      evidence: { ...a.draft.evidence, ...hubPin.evidence },
      fix: sha ? `revision="${sha}"` : a.draft.fix,
    };
  }
}

function findingOrder(a: Finding, b: Finding): number {
  if (a.blocking !== b.blocking) return a.blocking ? -1 : 1;
  return bySeverityDesc(a, b) || (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule);
}

function buildReport(input: {
  mode: 'full' | 'diff';
  judgement: ReturnType<typeof judge>;
  drafts: AnchoredDraft[];
  targets: ModelTarget[];
  assessed: TargetAssessment[];
  references: ModelReference[];
  datasets: ModelReference[];
  skipped: string[];
  stats: Report['stats'];
}): Report {
  const { judgement, drafts, targets } = input;
  const order = judgement.findings.map((_, i) => i).sort((a, b) => findingOrder(judgement.findings[a], judgement.findings[b]));
  const findings = order.map((i) => judgement.findings[i]);
  const modelFindings: number[][] = targets.map(() => []);
  order.forEach((original, position) => {
    const origin = judgement.origins[original];
    const anchored = origin >= 0 ? drafts[origin] : undefined;
    let t: number | undefined;
    if (anchored?.target) t = targets.findIndex((x) => x.id === anchored.target!.id && x.revision === anchored.target!.revision);
    else if (anchored?.reference) t = targets.findIndex((x) => x.references.includes(anchored.reference!));
    if (t !== undefined && t >= 0) modelFindings[t].push(position);
  });
  const models: ModelSummary[] = targets.map((target, i) => {
    const facts = input.assessed[i].facts;
    return {
      id: target.id,
      revision: target.revision,
      resolvedId: facts?.resolvedId ?? null,
      resolvedSha: facts?.sha ?? null,
      exists: facts ? (facts.status === 'not-found' ? false : facts.status === 'error' ? null : true) : null,
      facts: facts ?? {},
      findings: modelFindings[i],
    };
  });
  return {
    version: 1,
    tool: { name: 'modelgate', version: VERSION },
    verdict: judgement.verdict,
    mode: input.mode,
    references: input.references.filter((r) => r.repoType !== 'dataset'),
    datasets: input.datasets,
    models,
    findings,
    skipped: input.skipped,
    stats: input.stats,
  };
}
