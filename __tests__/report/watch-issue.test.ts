import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { getOctokit } from '@actions/github';
import { upsertWatchIssue, WATCH_LABEL } from '../../src/report/watch-issue.js';
import { startGitHubServer, type GitHubServer } from '../../testing/github-server/server.js';
import { finding } from './sample-reports.js';

let server: GitHubServer;
beforeEach(async () => {
  server = await startGitHubServer();
});
afterEach(async () => {
  await server.close();
  expect(server.rejections).toEqual([]);
  expect(server.responseProblems).toEqual([]);
});

const lookalike = (id: string, imitates = 'meta-llama/Meta-Llama-3-8B') => finding('MG221', 'high', { model: id, message: `${id} imitates ${imitates}`, evidence: { imitates } });

describe('upsertWatchIssue', () => {
  it('creates nothing when there is nothing to report', async () => {
    const octokit = getOctokit('t', { baseUrl: server.url });
    expect(await upsertWatchIssue(octokit, 'o', 'r', [])).toBeNull();
    expect(server.issues).toHaveLength(0);
  });

  it('creates one labelled issue, then appends only new look-alikes, keeping ticked entries', async () => {
    const octokit = getOctokit('t', { baseUrl: server.url });
    const now = new Date('2026-11-01T03:00:00Z');
    expect(await upsertWatchIssue(octokit, 'o', 'r', [lookalike('meta-1lama/Llama-3'), lookalike('meta-1lama/Llama-3')], now)).toEqual({ number: 1, created: true });
    const issue = server.issues[0];
    expect(issue.labels).toEqual([WATCH_LABEL]);
    expect(issue.body.match(/watch-entry/g)).toHaveLength(1);
    expect(issue.body).toContain('`meta-1lama/Llama-3` looks like `meta-llama/Meta-Llama-3-8B`');
    expect(issue.body).toContain('first seen 2026-11-01');
    // A maintainer ticks the entry off.
    issue.body = issue.body.replace('- [ ]', '- [x]');

    const result = await upsertWatchIssue(octokit, 'o', 'r', [lookalike('META-1LAMA/Llama-3'), lookalike('rneta-llama/Llama-3')], new Date('2026-11-02T03:00:00Z'));
    expect(result).toEqual({ number: 1, created: false });
    expect(server.issues).toHaveLength(1);
    expect(issue.body).toContain('- [x] `meta-1lama/Llama-3`');
    expect(issue.body.match(/watch-entry/g)).toHaveLength(2);
    expect(issue.body).toContain('`rneta-llama/Llama-3`');

    const updates = () => server.requests.filter((r) => r.operationId === 'issues/update').length;
    const before = updates();
    await upsertWatchIssue(octokit, 'o', 'r', [lookalike('rneta-llama/Llama-3')]);
    expect(updates()).toBe(before); // nothing new: no write
  });

  it('ignores a closed issue and an issue without the marker', async () => {
    server.seedIssue({ title: 'old', body: '<!-- modelgate:watch-issue -->', labels: [WATCH_LABEL], state: 'closed' });
    server.seedIssue({ title: 'someone else', body: 'uses our label', labels: [WATCH_LABEL] });
    const octokit = getOctokit('t', { baseUrl: server.url });
    const result = await upsertWatchIssue(octokit, 'o', 'r', [lookalike('x/y')]);
    expect(result).toEqual({ number: 3, created: true });
  });

  it('escapes hostile text from the hub', async () => {
    const octokit = getOctokit('t', { baseUrl: server.url });
    await upsertWatchIssue(octokit, 'o', 'r', [finding('MG221', 'high', { model: 'evil/x', message: '<img src=x> @octocat', evidence: { imitates: 'a`b' } })]);
    const body = server.issues[0].body;
    expect(body).not.toContain('<img');
    expect(body).not.toMatch(/@octocat/);
  });
});
