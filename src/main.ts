// The GitHub Action entry: inputs and the triggering event -> run() -> the GitHub-facing reports
// (annotations, job summary, check run, PR comment, SARIF file, watch issue), outputs and the
// job status. The pipeline itself knows nothing about GitHub.
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { appendFileSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pipeline from './run.js';
import type { Finding, Logger, Report, RunOptions, Severity } from './types.js';
import { SEVERITIES } from './types.js';
import { planAnnotations } from './report/annotations.js';
import { publishCheckRun, type CheckRunOutcome } from './report/check-run.js';
import { COMMENT_MAX, upsertPullRequestComment, type CommentOutcome } from './report/comment.js';
import { escapeText } from './report/escape.js';
import { exitCodeOf } from './report/exit-code.js';
import { describeApiError, type GitHubClient } from './report/github-client.js';
import { toMarkdown } from './report/markdown.js';
import { toSarif } from './report/sarif.js';
import { jobSummary } from './report/summary.js';
import { upsertWatchIssue } from './report/watch-issue.js';

/** A wrong input: named, and the job fails before anything is scanned. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export type CommentMode = 'always' | 'on-failure' | 'never';

export interface ActionInputs {
  path: string;
  policy: string | null;
  failOn: Severity | undefined;
  warnOnly: boolean | undefined;
  failOnlyIntroduced: boolean | undefined;
  hubUrl: string | null;
  hfToken: string | null;
  githubToken: string | null;
  offline: boolean;
  lockfile: string | null;
  sarifFile: string | null;
  checkRun: boolean;
  comment: CommentMode;
  cache: boolean;
}

function optionalBoolean(name: string): boolean | undefined {
  const raw = core.getInput(name).trim().toLowerCase();
  if (raw === '') return undefined;
  if (['true', 'yes', 'on', '1'].includes(raw)) return true;
  if (['false', 'no', 'off', '0'].includes(raw)) return false;
  throw new InputError(`input "${name}" must be true or false, got "${core.getInput(name).trim()}"`);
}

function optionalString(name: string): string | null {
  return core.getInput(name).trim() || null;
}

/** Reads and checks every input. Tokens are masked before anything else can print them. */
export function readInputs(): ActionInputs {
  const githubToken = optionalString('github-token');
  const hfToken = optionalString('hf-token');
  if (githubToken) core.setSecret(githubToken);
  if (hfToken) core.setSecret(hfToken);

  const failOnRaw = optionalString('fail-on');
  if (failOnRaw && !SEVERITIES.includes(failOnRaw as Severity)) {
    throw new InputError(`input "fail-on" must be one of ${SEVERITIES.join(', ')}, got "${failOnRaw}"`);
  }
  const hubUrl = optionalString('hub-url');
  if (hubUrl && !/^https?:\/\/[^\s/]+/i.test(hubUrl)) throw new InputError(`input "hub-url" must be an http(s) URL, got "${hubUrl}"`);
  const commentRaw = (optionalString('comment') ?? 'never').toLowerCase();
  const comment: CommentMode | undefined = ({ always: 'always', true: 'always', 'on-failure': 'on-failure', never: 'never', false: 'never' } as const)[
    commentRaw as 'always'
  ];
  if (!comment) throw new InputError(`input "comment" must be always, on-failure or never, got "${commentRaw}"`);

  return {
    path: optionalString('path') ?? '.',
    policy: optionalString('policy'),
    failOn: (failOnRaw as Severity | null) ?? undefined,
    warnOnly: optionalBoolean('warn-only'),
    failOnlyIntroduced: optionalBoolean('fail-only-introduced'),
    hubUrl,
    hfToken,
    githubToken,
    offline: optionalBoolean('offline') ?? false,
    lockfile: optionalString('lockfile'),
    sarifFile: optionalString('sarif-file'),
    checkRun: optionalBoolean('check-run') ?? true,
    comment,
    cache: optionalBoolean('cache') ?? false,
  };
}

/** Inputs that are policy keys, in the policy file's spelling; empty inputs leave the file alone. */
export function policyOverrides(inputs: ActionInputs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (inputs.failOn !== undefined) out['fail-on'] = inputs.failOn;
  if (inputs.warnOnly !== undefined) out['warn-only'] = inputs.warnOnly;
  if (inputs.failOnlyIntroduced !== undefined) out['fail-only-introduced'] = inputs.failOnlyIntroduced;
  return out;
}

export interface EventScope {
  event: string;
  mode: 'full' | 'diff';
  base: string | null;
  head: string | null;
  /** The commit the check run and links belong to (the PR head, not the merge commit). */
  headSha: string;
  pullRequest: number | null;
  /** A pull request from a fork: its GITHUB_TOKEN is read-only. */
  fork: boolean;
  /** One sentence for the log and summary. */
  description: string;
}

const ZERO_SHA = /^0+$/;

/** What to scan for the triggering event: the change (base..head) or the whole tree. */
export function scopeOf(eventName: string, payload: any, sha: string): EventScope {
  const full = (description: string, headSha = sha): EventScope => ({ event: eventName, mode: 'full', base: null, head: null, headSha, pullRequest: null, fork: false, description });
  switch (eventName) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = payload?.pull_request;
      if (!pr?.base?.sha || !pr?.head?.sha) return full(`Event ${eventName} without base and head commits: full scan`);
      const fork = !pr.head.repo || (pr.head.repo.full_name ?? '') !== (pr.base.repo?.full_name ?? '');
      return {
        event: eventName,
        mode: 'diff',
        base: pr.base.sha,
        head: pr.head.sha,
        headSha: pr.head.sha,
        pullRequest: typeof pr.number === 'number' ? pr.number : null,
        fork,
        description: `Pull request #${pr.number}: what ${String(pr.head.sha).slice(0, 7)} changes over ${String(pr.base.sha).slice(0, 7)}`,
      };
    }
    case 'merge_group': {
      const mg = payload?.merge_group;
      if (!mg?.base_sha || !mg?.head_sha) return full('Event merge_group without base and head commits: full scan');
      return { event: eventName, mode: 'diff', base: mg.base_sha, head: mg.head_sha, headSha: mg.head_sha, pullRequest: null, fork: false, description: `Merge queue: what ${String(mg.head_sha).slice(0, 7)} changes over ${String(mg.base_sha).slice(0, 7)}` };
    }
    case 'push': {
      const before = typeof payload?.before === 'string' ? payload.before : '';
      const after = typeof payload?.after === 'string' && !ZERO_SHA.test(payload.after) ? payload.after : sha;
      if (!before || ZERO_SHA.test(before)) return full('Push of a new branch: full scan', after);
      return { event: eventName, mode: 'diff', base: before, head: after, headSha: after, pullRequest: null, fork: false, description: `Push: what ${after.slice(0, 7)} changes over ${before.slice(0, 7)}` };
    }
    case 'schedule':
    case 'workflow_dispatch':
      return full(eventName === 'schedule' ? 'Scheduled run: full scan' : 'Manual run: full scan');
    default:
      return full(`Event ${eventName || '(none)'}: full scan`);
  }
}

function readPayload(env: NodeJS.ProcessEnv): any {
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    core.warning(`could not read the event payload ${file}: ${(error as Error).message}; scanning the whole repository`);
    return {};
  }
}

/** Report paths are relative to the scanned folder; GitHub wants them relative to the repository. */
export function rebaseReport(report: Report, prefix: string): Report {
  if (!prefix) return report;
  const p = (file: string) => `${prefix}/${file}`;
  return {
    ...report,
    references: report.references.map((r) => ({ ...r, file: p(r.file) })),
    datasets: report.datasets.map((r) => ({ ...r, file: p(r.file) })),
    findings: report.findings.map((f) => (f.file ? { ...f, file: p(f.file) } : f)),
  };
}

const actionsLog: Logger = {
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
  debug: (m) => core.debug(m),
};

function emitAnnotations(report: Report): number {
  const plan = planAnnotations(report);
  for (const a of plan.annotations) {
    const props: core.AnnotationProperties = { title: a.title, ...(a.file ? { file: a.file, startLine: a.startLine, startColumn: a.startColumn } : {}) };
    if (a.level === 'error') core.error(a.message, props);
    else if (a.level === 'warning') core.warning(a.message, props);
    else core.notice(a.message, props);
  }
  return plan.omitted;
}

/** Look-alikes found by the watch-list search: typosquat rules, not tied to a repository line. */
function watchFindings(report: Report): Finding[] {
  return report.findings.filter((f) => /^MG2[23]\d$/.test(f.rule) && !f.file && f.model && typeof f.evidence?.imitates === 'string');
}

function watchIssueWanted(options: RunOptions): boolean {
  try {
    return pipeline.loadPolicy(options).policy.watch.openIssue;
  } catch {
    return false;
  }
}

async function withCache<T>(inputs: ActionInputs, env: NodeJS.ProcessEnv, body: (cacheFile: string | null) => Promise<T>): Promise<T> {
  if (!inputs.cache || inputs.offline) return body(null);
  const dir = join(env.RUNNER_TEMP || join(env.GITHUB_WORKSPACE || process.cwd(), '.modelgate'), 'modelgate-cache');
  const file = join(dir, 'hub-cache.json');
  const key = `modelgate-hub-v1-${env.GITHUB_RUN_ID ?? Date.now()}-${env.GITHUB_RUN_ATTEMPT ?? 1}`;
  let cache: typeof import('@actions/cache') | null = null;
  try {
    cache = await import('@actions/cache');
    if (!cache.isFeatureAvailable()) cache = null;
    else await cache.restoreCache([dir], key, ['modelgate-hub-v1-']);
  } catch (error) {
    core.warning(`hub cache not restored: ${(error as Error).message}`);
  }
  mkdirSync(dir, { recursive: true });
  const result = await body(file);
  if (cache) {
    try {
      await cache.saveCache([dir], key);
    } catch (error) {
      core.info(`hub cache not saved: ${(error as Error).message}`);
    }
  }
  return result;
}

/** The policy file, repository-relative, for SARIF results that point at no repository line. */
function policyAnchor(workspace: string, root: string, policyFile: string | null | undefined): string | null {
  const file = policyFile ?? join(root, pipeline.DEFAULT_POLICY_FILE ?? '.github/modelgate.yml');
  const rel = relative(workspace, file).split(sep).join('/');
  return existsSync(file) && !rel.startsWith('..') && !isAbsolute(rel) ? rel : null;
}

/** Appended directly: core.summary remembers the first file it saw for the life of the process. */
function writeSummary(env: NodeJS.ProcessEnv, markdown: string): void {
  try {
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);
  } catch (error) {
    core.warning(`could not write the job summary: ${(error as Error).message}`);
  }
}

/** The summary when no report exists; the message can quote repository content, so it is escaped. */
function errorSummary(title: string, message: string, advice: string): string {
  const lines = message.split('\n').map((l) => escapeText(l, 1000)).filter(Boolean);
  return `## ❌ modelgate: ${title}\n\n${lines.join('<br>\n')}\n\n${advice}\n`;
}

export interface ActionResult {
  report: Report | null;
  checkRun: CheckRunOutcome | null;
  comment: CommentOutcome | null;
  sarifFile: string | null;
}

export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<ActionResult> {
  const result: ActionResult = { report: null, checkRun: null, comment: null, sarifFile: null };
  let inputs: ActionInputs;
  try {
    inputs = readInputs();
  } catch (error) {
    core.setOutput('verdict', 'error');
    core.setFailed(`Configuration error: ${(error as Error).message}`);
    writeSummary(env, errorSummary('configuration error', (error as Error).message, 'Fix the input in the workflow file.'));
    return result;
  }

  const workspace = resolve(env.GITHUB_WORKSPACE || process.cwd());
  const root = resolve(workspace, inputs.path);
  const scope = scopeOf(env.GITHUB_EVENT_NAME ?? '', readPayload(env), env.GITHUB_SHA ?? '');
  core.info(`modelgate: ${scope.description}`);

  const options: RunOptions = {
    root,
    policyFile: inputs.policy ? resolve(workspace, inputs.policy) : undefined,
    policyOverrides: policyOverrides(inputs),
    base: scope.base,
    head: scope.head,
    hubUrl: inputs.hubUrl,
    token: inputs.hfToken ?? env.HF_TOKEN ?? null,
    offline: inputs.offline,
    lockfile: inputs.lockfile ? resolve(workspace, inputs.lockfile) : null,
    log: actionsLog,
  };
  if (env.HF_TOKEN) core.setSecret(env.HF_TOKEN);

  let report: Report;
  try {
    report = await withCache(inputs, env, (cacheFile) => pipeline.run({ ...options, cacheFile }));
  } catch (error) {
    const e = error as Error;
    core.setOutput('verdict', 'error');
    const message = e?.message ?? String(error);
    if (e?.name === 'ConfigError' || e?.name === 'PolicyError') {
      core.setFailed(`Configuration error: ${message}`);
      writeSummary(env, errorSummary('configuration error', message, 'Fix the policy file or the inputs named above; nothing was scanned.'));
    } else {
      core.setFailed(`modelgate could not complete the scan: ${message}`);
      writeSummary(env, errorSummary('could not complete the scan', message, 'The check fails closed: nothing is reported as clean.'));
    }
    return result;
  }
  const relativeRoot = relative(workspace, root).split(sep).join('/');
  const prefix = relativeRoot.startsWith('..') || isAbsolute(relativeRoot) ? '' : relativeRoot;
  report = rebaseReport(report, prefix);
  // Names this scan apart from others in the same workflow (check run name, comment marker).
  const scanLabel = prefix || null;
  result.report = report;

  const blocking = report.findings.filter((f) => f.blocking).length;
  core.info(`modelgate: ${report.models.length} models, ${report.references.length} references, ${report.findings.length} findings (${blocking} blocking): ${report.verdict}`);

  // SARIF first: it is the complete record and the upload step needs it even if the API fails.
  const sarifFile = resolve(workspace, inputs.sarifFile ?? join(env.RUNNER_TEMP || workspace, 'modelgate.sarif'));
  try {
    mkdirSync(dirname(sarifFile), { recursive: true });
    writeFileSync(sarifFile, `${JSON.stringify(toSarif(report, { anchorFile: policyAnchor(workspace, root, options.policyFile) }), null, 2)}\n`);
    result.sarifFile = sarifFile;
  } catch (error) {
    core.warning(`could not write the SARIF file ${sarifFile}: ${(error as Error).message}`);
  }

  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const blobUrl = owner && repo && scope.headSha ? `${server}/${owner}/${repo}/blob/${scope.headSha}` : undefined;
  const notes: string[] = [];
  let octokit: GitHubClient | null = null;
  if (inputs.githubToken && owner && repo) {
    octokit = getOctokit(inputs.githubToken, env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {});
  } else if (inputs.checkRun || inputs.comment !== 'never') {
    notes.push('No github-token (or no GITHUB_REPOSITORY): no check run or comment was posted.');
  }

  if (octokit && inputs.checkRun && scope.headSha) {
    const detailsUrl = env.GITHUB_RUN_ID ? `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    result.checkRun = await publishCheckRun(octokit, report, { owner, repo, headSha: scope.headSha, detailsUrl, blobUrl, name: scanLabel ? `modelgate (${scanLabel})` : 'modelgate' });
    if (result.checkRun.status === 'created') {
      core.info(`modelgate: check run ${result.checkRun.url} with ${result.checkRun.annotations} annotations (${result.checkRun.requests} requests)`);
      core.setOutput('check-run-id', String(result.checkRun.id));
      core.setOutput('check-run-url', result.checkRun.url);
      if (result.checkRun.omitted) notes.push(`The check run carries the ${result.checkRun.annotations} most important annotations; ${result.checkRun.omitted} more findings are only listed below.`);
    } else if (result.checkRun.status === 'forbidden') {
      const why = scope.fork
        ? 'this pull request comes from a fork, and GitHub gives fork pull requests a read-only token'
        : 'the token may not write checks (add `checks: write` to the workflow permissions)';
      const msg = `No check run: ${why} (${result.checkRun.message}). The job status and this summary carry the result instead.`;
      core.warning(msg);
      notes.push(msg);
    } else {
      const msg = `The check run could not be created (${result.checkRun.message}); the job status and this summary carry the result instead.`;
      core.warning(msg);
      notes.push(msg);
    }
  }

  // Annotations from workflow commands only when no check run carries them all (both would show
  // each finding twice in the pull request's diff).
  if (result.checkRun?.status !== 'created') {
    const omitted = emitAnnotations(report);
    if (omitted) notes.push(`GitHub shows 10 annotations per level per step: ${omitted} more findings are only listed below.`);
  }

  if (octokit && scope.pullRequest && inputs.comment !== 'never') {
    const body = toMarkdown(report, { maxBytes: COMMENT_MAX - 2000, blobUrl, headingLevel: 3 });
    result.comment = await upsertPullRequestComment(octokit, { owner, repo, issueNumber: scope.pullRequest, body, create: inputs.comment === 'always' || report.verdict === 'fail', scope: scanLabel });
    if (result.comment.status === 'created' || result.comment.status === 'updated') {
      core.info(`modelgate: ${result.comment.status} comment ${result.comment.url}`);
      core.setOutput('comment-url', result.comment.url);
    } else if (result.comment.status === 'forbidden' || result.comment.status === 'failed') {
      const msg = `The pull request comment was not posted (${result.comment.message})${scope.fork ? ': fork pull requests get a read-only token' : '; it needs `pull-requests: write`'}.`;
      core.warning(msg);
      notes.push(msg);
    }
  }

  if (octokit && (scope.event === 'schedule' || scope.event === 'workflow_dispatch')) {
    const found = watchFindings(report);
    if (found.length > 0 && watchIssueWanted(options)) {
      try {
        const issue = await upsertWatchIssue(octokit, owner, repo, found);
        if (issue) {
          core.info(`modelgate: look-alikes ${issue.created ? 'listed in new' : 'kept in'} issue #${issue.number}`);
          core.setOutput('watch-issue', String(issue.number));
        }
      } catch (error) {
        core.warning(`The watch issue was not updated: ${describeApiError(error)} (it needs \`issues: write\`).`);
      }
    }
  }

  writeSummary(env, jobSummary(report, { blobUrl, notes: [scope.description, ...notes] }));

  core.setOutput('verdict', report.verdict);
  core.setOutput('models', String(report.models.length));
  core.setOutput('findings', String(report.findings.length));
  core.setOutput('blocking', String(blocking));
  if (result.sarifFile) core.setOutput('sarif-file', result.sarifFile);

  if (report.verdict === 'fail') {
    const where = `see the ${result.checkRun?.status === 'created' ? 'check run and ' : ''}job summary`;
    // Exit status 3 in the CLI: only assessments that could not be completed block (fail closed).
    if (exitCodeOf(report) === 3) core.setFailed(`modelgate: ${blocking} required assessment${blocking === 1 ? '' : 's'} could not be completed, so the check fails closed (${where})`);
    else core.setFailed(`modelgate: ${blocking} blocking finding${blocking === 1 ? '' : 's'} (${where})`);
  }
  return result;
}

/**
 * True when node was started on this module, or on the bundle's entry (dist/index.js) that
 * contains it: rollup may place this module in a chunk beside the entry (dist/chunks/...).
 * False under a test runner, which imports the module to call runAction itself.
 */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    const started = realpathSync(entry);
    const self = realpathSync(fileURLToPath(import.meta.url));
    return started === self || (basename(started) === 'index.js' && self.startsWith(dirname(started) + sep));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  runAction().catch((error: unknown) => core.setFailed(`modelgate crashed: ${(error as Error)?.message ?? String(error)}`));
}
