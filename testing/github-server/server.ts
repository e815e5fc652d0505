// A local stand-in for api.github.com for tests: every request must be an operation in GitHub's
// OpenAPI description (method + path template, declared query parameters) with a body that
// satisfies the operation's request-body schema, or it is rejected and recorded. The
// operations modelgate uses (check runs, issue comments, issues) are answered from the spec's
// own examples with the request's data, kept in memory, and checked against the response
// schema. Octokit is pointed at it with `baseUrl` (or GITHUB_API_URL).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { githubOpenApi, type MatchedOperation } from './openapi.js';

type Json = any;

export interface RecordedRequest {
  method: string;
  path: string;
  operationId: string | null;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Json;
  /** The Authorization header as sent (tests check the right token was used). */
  authorization: string | undefined;
  status: number;
}

export interface Rejection {
  method: string;
  path: string;
  problems: string[];
}

export interface GitHubServerOptions {
  /** Answer 403 "Resource not accessible by integration" (a fork PR's read-only token). */
  forbid?: { checks?: boolean; comments?: boolean; issues?: boolean };
  /** Page size cap for list operations (GitHub's is 100). */
  maxPerPage?: number;
}

export interface StoredCheckRun {
  id: number;
  owner: string;
  repo: string;
  body: Json; // the check run as the API returns it
  annotations: Json[];
}

export interface StoredComment {
  id: number;
  issueNumber: number;
  body: string;
  login: string;
}

export interface StoredIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: 'open' | 'closed';
}

export interface GitHubServer {
  /** Base URL for Octokit, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests that did not match GitHub's API description. Tests expect none. */
  readonly rejections: Rejection[];
  /** Operations that exist in the API but this server does not implement. Tests expect none. */
  readonly unhandled: RecordedRequest[];
  /** Responses the server built that do not satisfy the spec's response schema. */
  readonly responseProblems: string[];
  readonly checkRuns: StoredCheckRun[];
  readonly comments: StoredComment[];
  readonly issues: StoredIssue[];
  options: GitHubServerOptions;
  seedComment(issueNumber: number, body: string, login?: string): StoredComment;
  seedIssue(issue: Partial<StoredIssue> & { title: string }): StoredIssue;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  const spec = githubOpenApi();
  const requests: RecordedRequest[] = [];
  const rejections: Rejection[] = [];
  const unhandled: RecordedRequest[] = [];
  const responseProblems: string[] = [];
  const checkRuns: StoredCheckRun[] = [];
  const comments: StoredComment[] = [];
  const issues: StoredIssue[] = [];
  let nextId = 1000;
  let url = '';
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  const userFor = (login: string): Json => {
    const user = spec.example(spec.match('GET', '/user')!.operation, 200) ?? {};
    return { ...user, login, id: 41898282, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
  };

  function commentJson(c: StoredComment, owner: string, repo: string): Json {
    const base = spec.example(spec.match('GET', '/repos/o/r/issues/comments/1')!.operation, 200);
    return {
      ...base,
      id: c.id,
      node_id: `IC_${c.id}`,
      body: c.body,
      user: userFor(c.login),
      url: `${url}/repos/${owner}/${repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
      issue_url: `${url}/repos/${owner}/${repo}/issues/${c.issueNumber}`,
      created_at: base.created_at,
      updated_at: now(),
    };
  }

  function issueJson(i: StoredIssue, owner: string, repo: string): Json {
    const base = spec.example(spec.match('GET', '/repos/o/r/issues/1')!.operation, 200);
    const labelBase = base.labels?.[0] ?? {};
    return {
      ...base,
      id: 5000 + i.number,
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      labels: i.labels.map((name, k) => ({ ...labelBase, id: 7000 + k, name })),
      url: `${url}/repos/${owner}/${repo}/issues/${i.number}`,
      html_url: `https://github.com/${owner}/${repo}/issues/${i.number}`,
      pull_request: undefined,
    };
  }

  function page<T>(items: T[], query: URLSearchParams, pathForLinks: string): { items: T[]; link?: string } {
    const perPage = Math.min(Number(query.get('per_page') ?? 30), options.maxPerPage ?? 100);
    const pageNo = Number(query.get('page') ?? 1);
    const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    if (pageNo >= last) return { items: slice };
    const q = new URLSearchParams(query);
    q.set('per_page', String(perPage));
    q.set('page', String(pageNo + 1));
    const next = `<${url}${pathForLinks}?${q}>; rel="next"`;
    q.set('page', String(last));
    return { items: slice, link: `${next}, <${url}${pathForLinks}?${q}>; rel="last"` };
  }

  const forbidden = { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' };

  /** Returns [status, body, headers] or null when the operation is not implemented. */
  function handle(m: MatchedOperation, query: URLSearchParams, body: Json, path: string): [number, Json, Record<string, string>?] | null {
    const { owner, repo } = m.params;
    switch (m.operation.operationId) {
      case 'checks/create': {
        if (options.forbid?.checks) return [403, forbidden];
        const id = nextId++;
        const base = spec.example(m.operation, 201);
        const annotations = body.output?.annotations ?? [];
        const json = {
          ...base,
          id,
          node_id: `CR_${id}`,
          name: body.name,
          head_sha: body.head_sha,
          external_id: body.external_id ?? '',
          details_url: body.details_url ?? base.details_url,
          status: body.conclusion ? 'completed' : (body.status ?? 'queued'),
          conclusion: body.conclusion ?? null,
          started_at: body.started_at ?? now(),
          completed_at: body.conclusion ? (body.completed_at ?? now()) : null,
          url: `${url}/repos/${owner}/${repo}/check-runs/${id}`,
          html_url: `https://github.com/${owner}/${repo}/runs/${id}`,
          output: {
            title: body.output?.title ?? null,
            summary: body.output?.summary ?? null,
            text: body.output?.text ?? null,
            annotations_count: annotations.length,
            annotations_url: `${url}/repos/${owner}/${repo}/check-runs/${id}/annotations`,
          },
          pull_requests: [],
        };
        checkRuns.push({ id, owner, repo, body: json, annotations: [...annotations] });
        return [201, json];
      }
      case 'checks/update': {
        if (options.forbid?.checks) return [403, forbidden];
        const run = checkRuns.find((r) => r.id === Number(m.params.check_run_id));
        if (!run) return [404, { message: 'Not Found', documentation_url: DOCS, status: '404' }];
        // Annotations are appended, as GitHub does; other fields replace.
        run.annotations.push(...(body.output?.annotations ?? []));
        const json = run.body;
        for (const k of ['name', 'details_url', 'external_id', 'started_at', 'status', 'conclusion', 'completed_at']) if (body[k] !== undefined) json[k] = body[k];
        if (body.conclusion) {
          json.status = 'completed';
          json.completed_at = body.completed_at ?? now();
        }
        if (body.output) {
          json.output = {
            ...json.output,
            title: body.output.title ?? json.output.title,
            summary: body.output.summary ?? json.output.summary,
            text: body.output.text ?? json.output.text,
            annotations_count: run.annotations.length,
          };
        }
        return [200, json];
      }
      case 'issues/list-comments': {
        // Reading comments stays allowed with a read-only token.
        const mine = comments.filter((c) => c.issueNumber === Number(m.params.issue_number));
        const p = page(mine, query, path);
        return [200, p.items.map((c) => commentJson(c, owner, repo)), p.link ? { link: p.link } : {}];
      }
      case 'issues/create-comment': {
        if (options.forbid?.comments) return [403, forbidden];
        const c: StoredComment = { id: nextId++, issueNumber: Number(m.params.issue_number), body: body.body, login: 'github-actions[bot]' };
        comments.push(c);
        return [201, commentJson(c, owner, repo)];
      }
      case 'issues/update-comment': {
        if (options.forbid?.comments) return [403, forbidden];
        const c = comments.find((x) => x.id === Number(m.params.comment_id));
        if (!c) return [404, { message: 'Not Found', documentation_url: DOCS, status: '404' }];
        c.body = body.body;
        return [200, commentJson(c, owner, repo)];
      }
      case 'issues/list-for-repo': {
        const state = query.get('state') ?? 'open';
        const labels = (query.get('labels') ?? '').split(',').filter(Boolean);
        const found = issues.filter((i) => (state === 'all' || i.state === state) && labels.every((l) => i.labels.includes(l)));
        const p = page(found, query, path);
        return [200, p.items.map((i) => issueJson(i, owner, repo)), p.link ? { link: p.link } : {}];
      }
      case 'issues/create': {
        if (options.forbid?.issues) return [403, forbidden];
        const labels = (body.labels ?? []).map((l: Json) => (typeof l === 'string' ? l : l.name));
        const i: StoredIssue = { number: issues.length + 1, title: String(body.title), body: body.body ?? '', labels, state: 'open' };
        issues.push(i);
        return [201, issueJson(i, owner, repo)];
      }
      case 'issues/update': {
        if (options.forbid?.issues) return [403, forbidden];
        const i = issues.find((x) => x.number === Number(m.params.issue_number));
        if (!i) return [404, { message: 'Not Found', documentation_url: DOCS, status: '404' }];
        if (body.title !== undefined) i.title = String(body.title);
        if (body.body !== undefined) i.body = body.body ?? '';
        if (body.state) i.state = body.state;
        if (body.labels) i.labels = body.labels.map((l: Json) => (typeof l === 'string' ? l : l.name));
        return [200, issueJson(i, owner, repo)];
      }
      default:
        return null;
    }
  }

  function send(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-api-version-selected': '2022-11-28', ...headers });
    res.end(text);
  }

  const server = createServer(async (req, res) => {
    try {
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const text = await readBody(req);
      let body: Json;
      const problems: string[] = [];
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          problems.push('body is not JSON');
        }
      }
      const matched = spec.match(method, parsed.pathname);
      const record: RecordedRequest = {
        method,
        path: parsed.pathname,
        operationId: matched?.operation.operationId ?? null,
        params: matched?.params ?? {},
        query: Object.fromEntries(parsed.searchParams),
        body,
        authorization: req.headers.authorization,
        status: 0,
      };
      requests.push(record);
      if (!matched) problems.push(`no operation ${method} ${parsed.pathname} in GitHub's API description`);
      else {
        problems.push(...spec.checkParameters(matched, parsed.searchParams));
        problems.push(...spec.checkBody(matched, body));
      }
      if (problems.length) {
        rejections.push({ method, path: parsed.pathname, problems });
        record.status = matched ? 422 : 404;
        send(res, record.status, { message: matched ? 'Validation Failed' : 'Not Found', errors: problems, documentation_url: DOCS, status: String(record.status) });
        return;
      }
      if (!req.headers.authorization) {
        record.status = 401;
        send(res, 401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
        return;
      }
      const answer = handle(matched!, parsed.searchParams, body, parsed.pathname);
      if (!answer) {
        unhandled.push(record);
        record.status = 501;
        send(res, 501, { message: `the test server does not implement ${matched!.operation.operationId}` });
        return;
      }
      const [status, json, headers] = answer;
      record.status = status;
      if (status < 300) responseProblems.push(...spec.checkResponse(matched!.operation, status, json).map((p) => `${matched!.operation.operationId}: ${p}`));
      send(res, status, json, headers);
    } catch (error) {
      send(res, 500, { message: String(error) });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    rejections,
    unhandled,
    responseProblems,
    checkRuns,
    comments,
    issues,
    options,
    seedComment(issueNumber, body, login = 'someone') {
      const c = { id: nextId++, issueNumber, body, login };
      comments.push(c);
      return c;
    },
    seedIssue(issue) {
      const i: StoredIssue = { number: issues.length + 1, body: '', labels: [], state: 'open', ...issue };
      issues.push(i);
      return i;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
