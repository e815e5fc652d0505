// The local GitHub API server must be strict, or the action tests prove nothing: requests that
// are not GitHub operations, undeclared query parameters and bodies that break the operation's
// schema are rejected; what it answers satisfies the response schemas.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getOctokit } from '@actions/github';
import { startGitHubServer, type GitHubServer } from '../../testing/github-server/server.js';

let server: GitHubServer;
const post = (path: string, body: unknown, auth = true) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: 'token t' } : {}) }, body: JSON.stringify(body) });

beforeAll(async () => {
  server = await startGitHubServer();
});
afterAll(async () => {
  await server.close();
});

describe('the GitHub API test server', () => {
  it('rejects a path that is not in the API description', async () => {
    const res = await fetch(`${server.url}/repos/o/r/check-runz`, { headers: { authorization: 'token t' } });
    expect(res.status).toBe(404);
    expect(server.rejections.at(-1)!.problems[0]).toMatch(/no operation GET/);
  });

  it('rejects a body that breaks the request schema (over 50 annotations, bad conclusion)', async () => {
    const annotation = { path: 'a.py', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'm' };
    const res = await post('/repos/o/r/check-runs', { name: 'x', head_sha: 'abc', conclusion: 'red', output: { title: 't', summary: 's', annotations: Array(51).fill(annotation) } });
    expect(res.status).toBe(422);
    const problems = server.rejections.at(-1)!.problems.join('\n');
    expect(problems).toMatch(/conclusion/);
    expect(problems).toMatch(/more than 50 items/);
  });

  it('rejects an annotation level GitHub does not know', async () => {
    const res = await post('/repos/o/r/check-runs', { name: 'x', head_sha: 'abc', output: { title: 't', summary: 's', annotations: [{ path: 'a', start_line: 1, end_line: 1, annotation_level: 'error', message: 'm' }] } });
    expect(res.status).toBe(422);
  });

  it('rejects undeclared query parameters and non-integer path parameters', async () => {
    await fetch(`${server.url}/repos/o/r/issues/1/comments?per_page=10&sort=new`, { headers: { authorization: 'token t' } });
    expect(server.rejections.at(-1)!.problems).toEqual(['query parameter "sort" is not declared for issues/list-comments']);
    await fetch(`${server.url}/repos/o/r/issues/abc/comments`, { headers: { authorization: 'token t' } });
    expect(server.rejections.at(-1)!.problems[0]).toMatch(/issue_number.*integer/);
  });

  it('asks for authentication like GitHub', async () => {
    const res = await post('/repos/o/r/issues/1/comments', { body: 'hi' }, false);
    expect(res.status).toBe(401);
  });

  it('answers Octokit with spec-shaped data, paginates, and simulates a read-only token', async () => {
    const octokit = getOctokit('t0ken', { baseUrl: server.url });
    for (let i = 0; i < 5; i++) server.seedComment(9, `c${i}`);
    server.options.maxPerPage = 2;
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner: 'o', repo: 'r', issue_number: 9, per_page: 2 });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    server.options.maxPerPage = undefined;
    const created = await octokit.rest.checks.create({ owner: 'o', repo: 'r', name: 'n', head_sha: 'abc', conclusion: 'success' });
    expect(created.data).toMatchObject({ name: 'n', head_sha: 'abc', status: 'completed', conclusion: 'success' });
    server.options.forbid = { checks: true };
    await expect(octokit.rest.checks.create({ owner: 'o', repo: 'r', name: 'n', head_sha: 'abc' })).rejects.toMatchObject({ status: 403 });
    server.options.forbid = {};
    expect(server.responseProblems).toEqual([]);
    expect(server.unhandled).toEqual([]);
  });
});
