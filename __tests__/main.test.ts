// The action entry run as GitHub runs it (INPUT_*, event payload, step summary and output files)
// against the local GitHub API server, which rejects any request that is not in GitHub's
// OpenAPI description. The pipeline is mocked: these tests are about the GitHub side.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv04 from 'ajv-draft-04';
import type { Report, RunOptions } from '../src/types.js';
import { startGitHubServer, type GitHubServer } from '../testing/github-server/server.js';
import { emptyReport, failingReport, finding, largeReport, ref } from './report/sample-reports.js';
import { stepEnv, type StepEnv } from './report/step-env.js';

const runMock = jest.fn<(options: RunOptions) => Promise<Report>>();
const loadPolicyMock = jest.fn(() => ({ policy: { watch: { openIssue: true } }, policyFile: null }));
class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
jest.unstable_mockModule('../src/run.js', () => ({ run: runMock, loadPolicy: loadPolicyMock, ConfigError }));
const { runAction, scopeOf } = await import('../src/main.js');

const BASE = 'b'.repeat(40);
const HEAD = 'c'.repeat(40);
const GITHUB_TOKEN = 'ghs_S3cretGitHubTokenValue0123456789';
const HF_TOKEN = 'hf_S3cretHubTokenValue9876543210';

function prPayload(fork = false) {
  return {
    action: 'synchronize',
    number: 17,
    pull_request: {
      number: 17,
      base: { sha: BASE, ref: 'main', repo: { full_name: 'acme/ml-app' } },
      head: { sha: HEAD, ref: 'feature', repo: { full_name: fork ? 'stranger/ml-app' : 'acme/ml-app' } },
    },
  };
}

let server: GitHubServer;
let step: StepEnv | null = null;

function setup(event: string, payload: unknown, inputs: Record<string, string> = {}): StepEnv {
  step = stepEnv({ event, payload, apiUrl: server.url, inputs: { 'github-token': GITHUB_TOKEN, 'check-run': 'true', ...inputs } });
  return step;
}

const printed = () => step!.stdout.join('');
const commands = (kind: string) => printed().split('\n').filter((l) => l.startsWith(`::${kind}`));
/** Workflow-command annotations of one level that point at a file. */
const annotated = (level: string) => commands(`${level} `).filter((l) => /[ ,]file=/.test(l));

beforeEach(async () => {
  server = await startGitHubServer();
  runMock.mockReset();
});

afterEach(async () => {
  step?.restore();
  step = null;
  await server.close();
  // Every request the action made was a real GitHub operation with a valid body.
  expect(server.rejections).toEqual([]);
  expect(server.unhandled).toEqual([]);
  expect(server.responseProblems).toEqual([]);
});

describe('the action entry', () => {
  it('passes a clean full scan: outputs, summary, a successful check run', async () => {
    runMock.mockResolvedValue(emptyReport({ references: [ref('org/a', 'app.py', 3, { revision: 'a'.repeat(40) })], models: [{ id: 'org/a', revision: 'a'.repeat(40), resolvedId: 'org/a', resolvedSha: 'a'.repeat(40), exists: true, facts: {}, findings: [] }] }));
    const env = setup('schedule', { schedule: '0 3 * * *' });
    await runAction();
    const options = runMock.mock.calls[0][0];
    expect(options.base).toBeNull();
    expect(options.root).toBe(env.dir);
    expect(options.policyOverrides).toEqual({});
    expect(env.outputs()).toMatchObject({ verdict: 'pass', models: '1', findings: '0', blocking: '0' });
    expect(env.summary()).toContain('✅ modelgate: passed');
    expect(server.checkRuns).toHaveLength(1);
    expect(server.checkRuns[0].body.conclusion).toBe('success');
    expect(server.checkRuns[0].body.head_sha).toBe('f'.repeat(40));
    expect(process.exitCode).not.toBe(1);
  });

  it('fails a pull request: diff scope, input overrides, failing check run on the head commit', async () => {
    runMock.mockResolvedValue(failingReport());
    const env = setup('pull_request', prPayload(), { 'fail-on': 'medium', 'fail-only-introduced': 'false', offline: 'true', 'hf-token': HF_TOKEN });
    await runAction();
    const options = runMock.mock.calls[0][0];
    expect(options).toMatchObject({ base: BASE, head: HEAD, offline: true, token: HF_TOKEN });
    expect(options.policyOverrides).toEqual({ 'fail-on': 'medium', 'fail-only-introduced': false });
    const run = server.checkRuns[0];
    expect(run.body).toMatchObject({ name: 'modelgate', head_sha: HEAD, conclusion: 'failure' });
    expect(run.annotations.map((a) => a.annotation_level)).toEqual(['failure', 'notice', 'notice', 'notice']);
    expect(run.annotations[0]).toMatchObject({ path: 'src/train.py', start_line: 14, end_line: 14 });
    expect(env.outputs()).toMatchObject({ verdict: 'fail', findings: '4', blocking: '1', 'check-run-id': String(run.id) });
    expect(env.summary()).toContain('❌ modelgate: failed');
    expect(process.exitCode).toBe(1);
    expect(printed()).toContain('::error::modelgate: 1 blocking finding');
    // The check run carries the annotations; workflow commands would show them twice.
    expect(annotated('error')).toHaveLength(0);
    expect(server.requests.every((r) => r.authorization === `token ${GITHUB_TOKEN}`)).toBe(true);
  });

  it('warn-only: findings reported, job and check run do not fail', async () => {
    const report = failingReport();
    report.verdict = 'pass';
    for (const f of report.findings) f.blocking = false;
    runMock.mockResolvedValue(report);
    const env = setup('pull_request', prPayload(), { 'warn-only': 'true' });
    await runAction();
    expect(runMock.mock.calls[0][0].policyOverrides).toEqual({ 'warn-only': true });
    expect(server.checkRuns[0].body.conclusion).toBe('neutral');
    expect(env.outputs().verdict).toBe('pass');
    expect(env.summary()).toContain('passed with warnings');
    expect(process.exitCode).not.toBe(1);
  });

  it('sends check run annotations in batches of 50: 120 findings, 3 requests', async () => {
    runMock.mockResolvedValue(largeReport(40, 3));
    setup('push', { before: BASE, after: HEAD });
    await runAction();
    const checkRequests = server.requests.filter((r) => r.operationId?.startsWith('checks/'));
    expect(checkRequests.map((r) => r.operationId)).toEqual(['checks/create', 'checks/update', 'checks/update']);
    expect(checkRequests.map((r) => r.body.output.annotations.length)).toEqual([50, 50, 20]);
    expect(server.checkRuns[0].annotations).toHaveLength(120);
    expect(server.checkRuns[0].body.output.annotations_count).toBe(120);
    // Most important first: the first batch opens with blocking critical findings.
    expect(checkRequests[0].body.output.annotations[0].title).toMatch(/critical, blocking/);
    expect(runMock.mock.calls[0][0]).toMatchObject({ base: BASE, head: HEAD });
  });

  it('caps check run annotations at 1000 and says so', async () => {
    runMock.mockResolvedValue(largeReport(350, 3));
    const env = setup('schedule', {});
    await runAction();
    expect(server.requests.filter((r) => r.operationId?.startsWith('checks/'))).toHaveLength(20);
    expect(server.checkRuns[0].annotations).toHaveLength(1000);
    expect(env.summary()).toContain('The check run carries the 1000 most important annotations; 50 more findings are only listed below.');
  });

  it('degrades on a fork pull request: 403 on checks -> annotations, summary note, job failure', async () => {
    server.options.forbid = { checks: true, comments: true };
    runMock.mockResolvedValue(failingReport());
    const env = setup('pull_request', prPayload(true), { comment: 'always' });
    await runAction();
    expect(server.checkRuns).toHaveLength(0);
    expect(server.requests.find((r) => r.operationId === 'checks/create')?.status).toBe(403);
    expect(printed()).toMatch(/::warning::No check run: this pull request comes from a fork/);
    expect(env.summary()).toContain('No check run: this pull request comes from a fork');
    expect(annotated('error').filter((l) => l.includes('file=src/train.py,line=14'))).toHaveLength(1);
    expect(env.outputs()['check-run-id']).toBeUndefined();
    expect(process.exitCode).toBe(1);
    expect(printed()).toMatch(/The pull request comment was not posted \(HTTP 403/);
  });

  it('upserts one PR comment: created on the first run, updated on the next', async () => {
    server.seedComment(17, '> <!-- modelgate:pr-comment -->\nquoted by a human, not ours');
    for (let i = 0; i < 120; i++) server.seedComment(17, `chatter ${i}`);
    runMock.mockResolvedValue(failingReport());
    setup('pull_request', prPayload(), { comment: 'always' });
    await runAction();
    const ours = () => server.comments.filter((c) => c.body.startsWith('<!-- modelgate:pr-comment -->'));
    expect(ours()).toHaveLength(1);
    expect(ours()[0].body).toContain('❌ modelgate: failed');
    step!.restore();

    runMock.mockResolvedValue(emptyReport());
    setup('pull_request', prPayload(), { comment: 'always' });
    await runAction();
    expect(ours()).toHaveLength(1);
    expect(ours()[0].body).toContain('✅ modelgate: passed');
    expect(server.comments).toHaveLength(122);
    expect(server.comments[0].body).toContain('quoted by a human');
    const ops = server.requests.map((r) => r.operationId).filter((o) => o?.startsWith('issues/'));
    // Second run: our comment sat on page 2 of the listing.
    expect(ops.filter((o) => o === 'issues/list-comments').length).toBeGreaterThanOrEqual(3);
    expect(ops.filter((o) => o === 'issues/create-comment')).toHaveLength(1);
    expect(ops.filter((o) => o === 'issues/update-comment')).toHaveLength(1);
  });

  it('comment on-failure does not create a comment for a passing PR', async () => {
    runMock.mockResolvedValue(emptyReport());
    setup('pull_request', prPayload(), { comment: 'on-failure' });
    await runAction();
    expect(server.comments).toHaveLength(0);
  });

  it('keeps the job summary under 1 MiB and says it was truncated', async () => {
    runMock.mockResolvedValue(largeReport(3000, 5));
    const env = setup('schedule', {}, { 'check-run': 'false' });
    await runAction();
    const summary = env.summary();
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024);
    expect(Buffer.byteLength(summary)).toBeGreaterThan(900 * 1024);
    expect(summary).toContain('This report was truncated');
  });

  it('prioritises annotations: 10 per level, most severe first, the overflow summarised', async () => {
    const findings = [
      ...Array.from({ length: 6 }, (_, i) => finding('MG501', 'high', { file: `h${i}.py`, line: 1, blocking: true })),
      ...Array.from({ length: 9 }, (_, i) => finding('MG003', 'critical', { file: `c${i}.py`, line: 2, blocking: true })),
      ...Array.from({ length: 12 }, (_, i) => finding('MG004', 'medium', { file: `m${i}.py`, line: 3 })),
      ...Array.from({ length: 3 }, (_, i) => finding('MG301', 'low', { file: `l${i}.py`, line: 4 })),
    ];
    runMock.mockResolvedValue(emptyReport({ verdict: 'fail', findings }));
    const env = setup('workflow_dispatch', {}, { 'check-run': 'false' });
    await runAction();
    const errors = annotated('error');
    expect(errors).toHaveLength(9);
    expect(errors.every((l) => /file=c\d\.py/.test(l))).toBe(true); // all 9 critical before any high
    expect(commands('error title=modelgate%3A 6 more blocking findings')).toHaveLength(1);
    expect(annotated('warning')).toHaveLength(9);
    expect(commands('warning title=modelgate%3A 3 more warning findings')).toHaveLength(1);
    expect(annotated('notice')).toHaveLength(3);
    expect(env.summary()).toContain('9 more findings are only listed below');
  });

  it('never prints a token', async () => {
    runMock.mockImplementation(async (options) => {
      options.log.info('scanning');
      return failingReport();
    });
    const env = setup('pull_request', prPayload(), { 'hf-token': HF_TOKEN, comment: 'always' });
    await runAction();
    const lines = printed().split('\n');
    // The runner learns the secrets through add-mask; nothing else may carry them.
    expect(lines.filter((l) => l.startsWith('::add-mask::'))).toEqual([`::add-mask::${GITHUB_TOKEN}`, `::add-mask::${HF_TOKEN}`]);
    const rest = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n');
    expect(rest).not.toContain(GITHUB_TOKEN);
    expect(rest).not.toContain(HF_TOKEN);
    expect(env.summary()).not.toContain(GITHUB_TOKEN);
    expect(readFileSync(env.outputs()['sarif-file'], 'utf8')).not.toContain(HF_TOKEN);
    expect(JSON.stringify(env.outputs())).not.toContain(GITHUB_TOKEN);
    expect(JSON.stringify(server.comments)).not.toContain(GITHUB_TOKEN);
  });

  it('writes a valid SARIF file where the input says, and names it in the outputs', async () => {
    runMock.mockResolvedValue(failingReport());
    const env = setup('push', { before: '0'.repeat(40), after: HEAD }, { 'sarif-file': 'reports/modelgate.sarif', 'check-run': 'false' });
    await runAction();
    expect(runMock.mock.calls[0][0].base).toBeNull(); // new branch: full scan
    const file = env.outputs()['sarif-file'];
    expect(file).toBe(`${env.dir}/reports/modelgate.sarif`);
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const validate = new (Ajv04 as unknown as typeof Ajv04.default)({ strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    const log = JSON.parse(readFileSync(file, 'utf8'));
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results).toHaveLength(4);
  });

  it('defaults the SARIF file under RUNNER_TEMP', async () => {
    runMock.mockResolvedValue(emptyReport());
    const env = setup('schedule', {}, { 'check-run': 'false' });
    await runAction();
    expect(env.outputs()['sarif-file']).toBe(`${env.dir}/runner-temp/modelgate.sarif`);
  });

  it('says the check failed closed when only incomplete assessments block', async () => {
    runMock.mockResolvedValue(emptyReport({ verdict: 'fail', findings: [finding('MG020', 'high', { model: 'org/a', file: 'a.py', line: 1, message: 'the hub did not answer', blocking: true })] }));
    setup('schedule', {}, { 'check-run': 'false' });
    await runAction();
    expect(printed()).toContain('::error::modelgate: 1 required assessment could not be completed, so the check fails closed');
    expect(process.exitCode).toBe(1);
  });

  it('names a bad input as a configuration error and scans nothing', async () => {
    const env = setup('schedule', {}, { 'fail-on': 'severe' });
    await runAction();
    expect(runMock).not.toHaveBeenCalled();
    expect(printed()).toContain('::error::Configuration error: input "fail-on" must be one of critical, high, medium, low, info, got "severe"');
    expect(env.outputs().verdict).toBe('error');
    expect(process.exitCode).toBe(1);
  });

  it('names a policy problem from the pipeline as a configuration error', async () => {
    runMock.mockRejectedValue(new ConfigError('invalid policy file .github/modelgate.yml:\n  .github/modelgate.yml:3: fail-on: must be one of ...'));
    setup('schedule', {});
    await runAction();
    expect(printed()).toContain('::error::Configuration error: invalid policy file .github/modelgate.yml');
    expect(process.exitCode).toBe(1);
    expect(step!.summary()).toMatch(/^## ❌ modelgate: configuration error\n\ninvalid policy file \.github\/modelgate\.yml:(&#8203;)?<br>/);
    expect(server.requests).toHaveLength(0);
  });

  it('keeps the hub cache under RUNNER_TEMP, and none offline', async () => {
    runMock.mockResolvedValue(emptyReport());
    let env = setup('schedule', {}, { cache: 'true', 'check-run': 'false' });
    await runAction();
    // No Actions cache service in this environment: the file is still used within the run.
    expect(runMock.mock.calls[0][0].cacheFile).toBe(`${env.dir}/runner-temp/modelgate-cache/hub-cache.json`);
    step!.restore();
    env = setup('schedule', {}, { cache: 'true', offline: 'true', 'check-run': 'false' });
    await runAction();
    expect(runMock.mock.calls[1][0].cacheFile).toBeNull();
    expect(env.outputs().verdict).toBe('pass');
  });

  it('takes the hub token from HF_TOKEN when the input is empty, and masks it', async () => {
    runMock.mockResolvedValue(emptyReport());
    process.env.HF_TOKEN = HF_TOKEN;
    setup('schedule', {}, { 'check-run': 'false', 'hub-url': 'https://hub.internal.example' });
    await runAction();
    expect(runMock.mock.calls[0][0]).toMatchObject({ token: HF_TOKEN, hubUrl: 'https://hub.internal.example' });
    expect(printed()).toContain(`::add-mask::${HF_TOKEN}`);
    delete process.env.HF_TOKEN;
  });

  it.each([
    [{ 'warn-only': 'maybe' }, 'input "warn-only" must be true or false, got "maybe"'],
    [{ 'hub-url': 'ftp://hub' }, 'input "hub-url" must be an http(s) URL'],
    [{ comment: 'sometimes' }, 'input "comment" must be always, on-failure or never'],
  ])('rejects bad input %j', async (inputs, message) => {
    setup('schedule', {}, inputs);
    await runAction();
    expect(runMock).not.toHaveBeenCalled();
    expect(printed()).toContain(`::error::Configuration error: ${message}`);
  });

  it('reports a pipeline crash as such, not as a configuration error', async () => {
    runMock.mockRejectedValue(new Error('disk on fire'));
    const env = setup('schedule', {});
    await runAction();
    expect(printed()).toContain('::error::modelgate could not complete the scan: disk on fire');
    expect(env.outputs().verdict).toBe('error');
  });

  it('rebases paths when the scanned path is a subfolder', async () => {
    runMock.mockResolvedValue(failingReport());
    setup('pull_request', prPayload(), { path: 'services/api' });
    await runAction();
    expect(runMock.mock.calls[0][0].root).toMatch(/services\/api$/);
    expect(server.checkRuns[0].annotations[0].path).toBe('services/api/src/train.py');
  });

  it('keeps one check run name and one comment per scanned folder', async () => {
    runMock.mockResolvedValue(failingReport());
    setup('pull_request', prPayload(), { comment: 'always' });
    await runAction();
    step!.restore();
    setup('pull_request', prPayload(), { comment: 'always', path: 'services/api' });
    await runAction();
    expect(server.checkRuns.map((r) => r.body.name)).toEqual(['modelgate', 'modelgate (services/api)']);
    expect(server.comments.map((c) => c.body.split('\n')[0])).toEqual(['<!-- modelgate:pr-comment -->', '<!-- modelgate:pr-comment:services/api -->']);
  });

  it('lists watch-list look-alikes in one issue across scheduled runs', async () => {
    const lookalike = (id: string, imitates: string) => finding('MG221', 'high', { model: id, message: `${id} imitates ${imitates}`, evidence: { imitates } });
    runMock.mockResolvedValue(emptyReport({ findings: [lookalike('meta-llama-hf/Llama-3-8B', 'meta-llama/Meta-Llama-3-8B')] }));
    let env = setup('schedule', {});
    mkdirSync(`${env.dir}/.github`);
    writeFileSync(`${env.dir}/.github/modelgate.yml`, 'watch:\n  orgs: [meta-llama]\n  open-issue: true\n');
    await runAction();
    expect(printed()).not.toContain('::warning::');
    // In SARIF the look-alike is shown on the policy file that asked for the watch.
    const sarif = JSON.parse(readFileSync(env.outputs()['sarif-file'], 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('.github/modelgate.yml');
    expect(server.issues).toHaveLength(1);
    expect(env.outputs()['watch-issue']).toBe('1');
    step!.restore();
    runMock.mockResolvedValue(emptyReport({ findings: [lookalike('meta-llama-hf/Llama-3-8B', 'meta-llama/Meta-Llama-3-8B'), lookalike('rneta-llama/Llama-3-8B', 'meta-llama/Meta-Llama-3-8B')] }));
    env = setup('schedule', {});
    await runAction();
    expect(server.issues).toHaveLength(1);
    expect(server.issues[0].body.match(/watch-entry/g)).toHaveLength(2);
    expect(server.issues[0].labels).toEqual(['modelgate-watch']);
  });
});

describe('scopeOf', () => {
  it('maps each event to a scope', () => {
    expect(scopeOf('pull_request_target', prPayload(true), 'f')).toMatchObject({ mode: 'diff', base: BASE, head: HEAD, headSha: HEAD, pullRequest: 17, fork: true });
    expect(scopeOf('merge_group', { merge_group: { base_sha: BASE, head_sha: HEAD } }, 'f')).toMatchObject({ mode: 'diff', base: BASE, head: HEAD, headSha: HEAD });
    expect(scopeOf('push', { before: BASE, after: HEAD }, 'f')).toMatchObject({ mode: 'diff', base: BASE, head: HEAD });
    expect(scopeOf('push', { before: '0'.repeat(40), after: HEAD }, 'f')).toMatchObject({ mode: 'full', base: null, headSha: HEAD });
    expect(scopeOf('schedule', {}, 'abc')).toMatchObject({ mode: 'full', headSha: 'abc' });
    expect(scopeOf('workflow_dispatch', {}, 'abc')).toMatchObject({ mode: 'full' });
    expect(scopeOf('release', {}, 'abc')).toMatchObject({ mode: 'full' });
    expect(scopeOf('pull_request', {}, 'abc')).toMatchObject({ mode: 'full' });
  });
});
