// A local HTTP server that speaks the model hub's API for fixture repositories, for tests, the
// benchmark and the README demo. Not part of the bundled action. Format of the fixture folders
// and the routes served: testing/hub-server/README.md.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  cardDataOf,
  configOf,
  fileOid,
  fileSha256,
  findRepo,
  loadFixtureHub,
  lfsPointer,
  readFixtureBytes,
  resolveRef,
  type FixtureCommit,
  type FixtureFile,
  type FixtureHub,
  type FixtureRepo,
} from './fixtures.js';

/** A scripted misbehaviour: matching requests are delayed and/or answered with `status`. */
export interface Fault {
  /** Substring of (or pattern for) the request path including the query; omitted = any. */
  path?: string | RegExp;
  method?: string;
  /** Answer with this status instead of serving the request. */
  status?: number;
  /** Retry-After header value sent with `status`. */
  retryAfter?: string | number;
  /** Wait this long before answering (or before serving normally when no status). */
  delayMs?: number;
  /** Apply to this many matching requests, then stop; omitted = forever. */
  times?: number;
}

export interface HubServerOptions {
  /** Folder(s) of fixture repositories (merged when several). */
  root: string | string[];
  port?: number;
  host?: '127.0.0.1';
  /** Bearer token the server accepts (e.g. "hf_test"); grants access to gated/private repos. */
  token?: string;
  faults?: Fault[];
  /** Origin LFS downloads are redirected to (another server started on the same root); default: this server. */
  lfsOrigin?: string;
  /** Tree listing page size (the hub pages tree listings; default 1000, 50 with expand). */
  treePageSize?: number;
  /** false: leave `securityFileStatus` out of expanded tree entries (like some mirrors). */
  treeSecurity?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
}

export interface HubServer {
  url: string;
  close(): Promise<void>;
  requests: RecordedRequest[];
  /** Live list: push or splice faults while the server runs. */
  faults: Fault[];
  /** Re-read the fixture folders (after a test wrote new repos). */
  reload(): Promise<void>;
  /** Most requests handled at the same time so far (to check client concurrency limits). */
  peakConcurrency(): number;
}

const JSON_TYPE = 'application/json; charset=utf-8';

class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const roots = Array.isArray(options.root) ? options.root : [options.root];
  let hub: FixtureHub = await loadFixtureHub(roots);
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [...(options.faults ?? [])];
  const faultUses = new Map<Fault, number>();
  const sockets = new Set<import('node:net').Socket>();
  let selfUrl = '';
  let active = 0;
  let peak = 0;

  const server = createServer((req, res) => {
    active++;
    peak = Math.max(peak, active);
    res.once('close', () => active--);
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HubError) return sendError(res, error);
      if (!res.headersSent) sendError(res, new HubError(500, null, `Internal Error: ${(error as Error).message}`));
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const rawPath = req.url ?? '/';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    requests.push({ method, path: rawPath, headers });

    for (const f of faults) {
      if (f.method && f.method.toUpperCase() !== method) continue;
      if (f.path && !(typeof f.path === 'string' ? rawPath.includes(f.path) : f.path.test(rawPath))) continue;
      const used = faultUses.get(f) ?? 0;
      if (f.times !== undefined && used >= f.times) continue;
      faultUses.set(f, used + 1);
      if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
      if (res.destroyed) return;
      if (f.status) {
        const h: Record<string, string> = { 'Content-Type': JSON_TYPE };
        if (f.retryAfter !== undefined) h['Retry-After'] = String(f.retryAfter);
        res.writeHead(f.status, h).end(JSON.stringify({ error: `Injected fault ${f.status}` }));
        return;
      }
      break;
    }

    const url = new URL(rawPath, `http://${headers.host ?? '127.0.0.1'}`);
    const base = `http://${headers.host ?? new URL(selfUrl).host}`;
    const auth = authState(headers.authorization);
    const segs = url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));

    if (segs[0] === 'api') {
      if (method !== 'GET' && method !== 'HEAD') throw new HubError(405, null, 'Method not allowed');
      if (auth === 'invalid') throw new HubError(401, null, 'Invalid credentials in Authorization header');
      if (segs[1] === 'whoami-v2') return whoami(res, auth);
      if ((segs[1] === 'organizations' || segs[1] === 'users') && segs[3] === 'overview') return overview(res, segs[1], segs[2]);
      if (segs[1] === 'models' && segs.length === 2) return listModels(res, url, base);
      if (segs[1] === 'models') return modelRoute(res, url, base, segs.slice(2), auth, rawPath);
      throw new HubError(404, null, 'Sorry, we can\'t find the page you are looking for.');
    }
    if (segs[0] === 'cdn-lfs') return cdn(req, res, segs.slice(1));
    const ri = segs[1] === 'resolve' ? 1 : segs[2] === 'resolve' ? 2 : -1;
    if (ri > 0 && (method === 'GET' || method === 'HEAD')) {
      if (auth === 'invalid') throw new HubError(401, null, 'Invalid credentials in Authorization header');
      return resolveFile(req, res, segs.slice(0, ri).join('/'), segs[ri + 1] ?? '', segs.slice(ri + 2).join('/'), auth, rawPath);
    }
    throw new HubError(404, null, 'Sorry, we can\'t find the page you are looking for.');
  }

  function authState(header: string | undefined): 'none' | 'valid' | 'invalid' {
    if (!header) return 'none';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    return m && options.token && m[1] === options.token ? 'valid' : 'invalid';
  }

  function whoami(res: ServerResponse, auth: string): void {
    if (auth !== 'valid') throw new HubError(401, null, 'Invalid credentials in Authorization header');
    sendJson(res, 200, {
      type: 'user',
      id: hexId(hub.whoami.name),
      name: hub.whoami.name,
      fullname: hub.whoami.name,
      email: `${hub.whoami.name}@example.invalid`,
      emailVerified: true,
      isPro: false,
      orgs: hub.whoami.orgs.map((o) => ({ type: 'org', name: o, fullname: o, roleInOrg: 'read' })),
      auth: { type: 'access_token', accessToken: { displayName: 'modelgate-test', role: 'read' } },
    });
  }

  function authorOf(name: string): { type: 'user' | 'org'; verified: boolean; createdAt?: string; fullname: string } | null {
    const declared = [...hub.authors].find(([k]) => k.toLowerCase() === name.toLowerCase());
    if (declared) return { type: declared[1].type, verified: !!declared[1].verified, createdAt: declared[1].createdAt, fullname: declared[1].fullname ?? declared[0] };
    const repos = [...hub.repos.values()].filter((r) => r.id.split('/')[0].toLowerCase() === name.toLowerCase());
    if (!repos.length) return null;
    const created = repos.map((r) => r.meta.createdAt).filter(Boolean).sort()[0];
    return { type: 'user', verified: false, createdAt: created, fullname: name };
  }

  function overview(res: ServerResponse, kind: string, name: string): void {
    const a = authorOf(name);
    const want = kind === 'organizations' ? 'org' : 'user';
    if (!a || a.type !== want) throw new HubError(404, null, want === 'org' ? 'Organization not found' : 'User not found');
    const numModels = [...hub.repos.values()].filter((r) => r.id.split('/')[0].toLowerCase() === name.toLowerCase() && !r.meta.private).length;
    const common = { _id: hexId(name), avatarUrl: `/avatars/${name}.svg`, fullname: a.fullname, numModels, numDatasets: 0, numSpaces: 0, numFollowers: 0, createdAt: a.createdAt };
    if (want === 'org') sendJson(res, 200, { ...common, name, type: 'org', isVerified: a.verified, isEnterprise: false, numUsers: 1 });
    else sendJson(res, 200, { ...common, user: name, type: 'user', isPro: false, isVerified: a.verified, orgs: [] });
  }

  function visible(repo: FixtureRepo, auth: string): boolean {
    return !repo.meta.private || auth === 'valid';
  }

  /** Finds the repo or throws the hub's error; a renamed/legacy id throws a redirect. */
  function lookup(id: string, auth: string, rawPath: string): FixtureRepo {
    const repo = findRepo(hub, id);
    if (repo && visible(repo, auth)) return repo;
    const target = hub.redirects.get(id.toLowerCase());
    if (!repo && target) {
      const enc = id.split('/').map(encodeURIComponent).join('/');
      const i = rawPath.indexOf(enc);
      throw new Redirect(307, rawPath.slice(0, i) + target + rawPath.slice(i + enc.length));
    }
    // Unauthenticated callers get 401 for a missing repo, as on the real hub.
    throw new HubError(auth === 'valid' ? 404 : 401, 'RepoNotFound', `Repository not found: ${id}`);
  }

  function commitOf(repo: FixtureRepo, rev: string): FixtureCommit {
    const c = resolveRef(repo, rev);
    if (!c) throw new HubError(404, 'RevisionNotFound', `Invalid rev id: ${rev}`);
    return c;
  }

  async function modelRoute(res: ServerResponse, url: URL, base: string, rest: string[], auth: string, rawPath: string): Promise<void> {
    // Legacy ids have one segment: /api/models/gpt2[/revision/...].
    const oneSeg = rest.length === 1 || rest[1] === 'revision' || rest[1] === 'tree';
    const id = oneSeg ? rest[0] : `${rest[0]}/${rest[1]}`;
    const tail = rest.slice(oneSeg ? 1 : 2);
    let repo: FixtureRepo;
    try {
      repo = lookup(id, auth, rawPath);
    } catch (e) {
      if (e instanceof Redirect) return redirect(res, e.status, e.location, {});
      throw e;
    }
    if (tail.length === 0) return modelInfo(res, url, repo, commitOf(repo, 'main'));
    if (tail[0] === 'revision' && tail.length >= 2) return modelInfo(res, url, repo, commitOf(repo, tail.slice(1).join('/')));
    if (tail[0] === 'tree' && tail.length >= 2) return tree(res, url, base, repo, commitOf(repo, tail[1]), tail.slice(2).join('/'));
    throw new HubError(404, null, 'Sorry, we can\'t find the page you are looking for.');
  }

  async function securityOf(repo: FixtureRepo, f: FixtureFile): Promise<Record<string, unknown>> {
    const declared = repo.meta.security?.[f.path];
    if (declared) return { status: 'safe', ...declared };
    if (repo.meta.scansDone === false) return { status: 'unscanned' };
    return { status: 'safe', avScan: { status: 'safe' }, pickleImportScan: null };
  }

  async function modelInfo(res: ServerResponse, url: URL, repo: FixtureRepo, commit: FixtureCommit): Promise<void> {
    const m = repo.meta;
    const blobs = url.searchParams.get('blobs') === 'true';
    const siblings = [];
    for (const f of commit.files.values()) {
      if (!blobs) {
        siblings.push({ rfilename: f.path });
        continue;
      }
      const s: Record<string, unknown> = { rfilename: f.path, blobId: await fileOid(f), size: f.size };
      if (f.lfs) s.lfs = { sha256: await fileSha256(f), size: f.size, pointerSize: Buffer.byteLength(lfsPointer(await fileSha256(f), f.size)) };
      siblings.push(s);
    }
    const cardData = m.cardData ?? (await cardDataOf(commit));
    const config = m.config ?? (await configOf(commit));
    const full: Record<string, unknown> = {
      _id: hexId(repo.id),
      id: repo.id,
      modelId: repo.id,
      author: m.author ?? repo.id.split('/')[0],
      sha: commit.id,
      lastModified: m.lastModified ?? commit.date,
      private: !!m.private,
      disabled: !!m.disabled,
      gated: m.gated ?? false,
      downloads: m.downloads ?? 0,
      downloadsAllTime: m.downloadsAllTime ?? m.downloads ?? 0,
      likes: m.likes ?? 0,
      tags: m.tags ?? [],
      pipeline_tag: m.pipeline_tag,
      library_name: m.library_name,
      createdAt: m.createdAt ?? commit.date,
      cardData,
      config,
      transformersInfo: m.transformersInfo,
      safetensors: m.safetensors,
      spaces: [],
      siblings,
    };
    const expand = [...url.searchParams.getAll('expand'), ...url.searchParams.getAll('expand[]')];
    const securityWanted = url.searchParams.get('securityStatus') === 'true' || expand.includes('securityRepoStatus');
    if (securityWanted) {
      const filesWithIssues = [];
      for (const f of commit.files.values()) {
        const s = await securityOf(repo, f);
        if (s.status !== 'safe') filesWithIssues.push({ path: f.path, level: s.status });
      }
      full.securityRepoStatus = { scansDone: m.scansDone !== false, filesWithIssues };
    }
    let out: Record<string, unknown> = full;
    if (expand.length) {
      out = { _id: full._id, id: full.id };
      for (const k of expand) if (k in full) out[k] = full[k];
      if (securityWanted) out.securityRepoStatus = full.securityRepoStatus;
    }
    for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
    sendJson(res, 200, out);
  }

  async function tree(res: ServerResponse, url: URL, base: string, repo: FixtureRepo, commit: FixtureCommit, dir: string): Promise<void> {
    const recursive = url.searchParams.get('recursive') === 'true' || url.searchParams.get('recursive') === '1';
    const expand = url.searchParams.get('expand') === 'true' || url.searchParams.get('expand') === '1';
    const prefix = dir ? `${dir.replace(/\/$/, '')}/` : '';
    const all = [...commit.files.values()].filter((f) => f.path.startsWith(prefix));
    if (dir && !all.length) throw new HubError(404, 'EntryNotFound', `${dir} does not exist on "${commit.id}"`);
    const entries: { path: string; file?: FixtureFile }[] = [];
    const dirs = new Set<string>();
    for (const f of all) {
      const rel = f.path.slice(prefix.length).split('/');
      for (let i = 1; i < rel.length; i++) {
        if (!recursive && i > 1) break;
        const d = prefix + rel.slice(0, i).join('/');
        if (!dirs.has(d)) {
          dirs.add(d);
          entries.push({ path: d });
        }
      }
      if (recursive || rel.length === 1) entries.push({ path: f.path, file: f });
    }
    entries.sort((a, b) => a.path.localeCompare(b.path));
    const pageSize = Number(url.searchParams.get('limit')) || options.treePageSize || (expand ? 50 : 1000);
    const start = Number(url.searchParams.get('cursor') ?? '0') || 0;
    const page = entries.slice(start, start + pageSize);
    const items = [];
    for (const e of page) {
      if (!e.file) {
        items.push({ type: 'directory', oid: hexId(`${commit.id}:${e.path}`), size: 0, path: e.path });
        continue;
      }
      const f = e.file;
      const item: Record<string, unknown> = { type: 'file', oid: await fileOid(f), size: f.size, path: f.path };
      if (f.lfs) item.lfs = { oid: await fileSha256(f), size: f.size, pointerSize: Buffer.byteLength(lfsPointer(await fileSha256(f), f.size)) };
      if (expand) {
        item.lastCommit = { id: commit.id, title: commit.title, date: commit.date };
        if (options.treeSecurity !== false) item.securityFileStatus = await securityOf(repo, f);
      }
      items.push(item);
    }
    const headers: Record<string, string> = {};
    if (start + pageSize < entries.length) {
      const next = new URL(url.pathname + url.search, base);
      next.searchParams.set('cursor', String(start + pageSize));
      headers.Link = `<${next.href}>; rel="next"`;
    }
    sendJson(res, 200, items, headers);
  }

  function listModels(res: ServerResponse, url: URL, base: string): void {
    const q = url.searchParams;
    const search = (q.get('search') ?? '').toLowerCase();
    const author = q.get('author')?.toLowerCase();
    const sort = q.get('sort') ?? 'trending_score';
    const direction = q.get('direction') === '1' ? 1 : -1;
    const limit = Math.min(Number(q.get('limit')) || 1000, 1000);
    const start = Number(q.get('cursor') ?? '0') || 0;
    let repos = [...hub.repos.values()].filter((r) => !r.meta.private);
    if (search) repos = repos.filter((r) => r.id.toLowerCase().includes(search));
    if (author) repos = repos.filter((r) => r.id.split('/')[0].toLowerCase() === author);
    const key = (r: FixtureRepo): number | string => {
      const m = r.meta;
      if (sort === 'likes') return m.likes ?? 0;
      if (sort === 'createdAt') return m.createdAt ?? '';
      if (sort === 'lastModified') return m.lastModified ?? '';
      return m.downloads ?? 0;
    };
    repos.sort((a, b) => {
      const ka = key(a), kb = key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : a.id.localeCompare(b.id)) * direction;
    });
    const page = repos.slice(start, start + limit);
    const expand = [...q.getAll('expand'), ...q.getAll('expand[]')];
    const items = page.map((r) => {
      const m = r.meta;
      const full: Record<string, unknown> = {
        _id: hexId(r.id), id: r.id, modelId: r.id, author: m.author ?? r.id.split('/')[0], likes: m.likes ?? 0, downloads: m.downloads ?? 0,
        private: false, gated: m.gated ?? false, pipeline_tag: m.pipeline_tag, library_name: m.library_name, tags: m.tags ?? [],
        createdAt: m.createdAt ?? r.commits[0].date, lastModified: m.lastModified ?? r.commits[0].date, sha: r.refs.get('main'),
        disabled: !!m.disabled,
      };
      let o = full;
      if (expand.length) {
        o = { _id: full._id, id: full.id };
        for (const k of expand) if (k in full) o[k] = full[k];
      } else {
        delete o.sha;
        delete o.lastModified;
        delete o.author;
        delete o.disabled;
      }
      for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
      return o;
    });
    const headers: Record<string, string> = {};
    if (start + limit < repos.length && !q.has('full_limit')) {
      const next = new URL(url.pathname + url.search, base);
      next.searchParams.set('cursor', String(start + limit));
      headers.Link = `<${next.href}>; rel="next"`;
    }
    sendJson(res, 200, items, headers);
  }

  async function resolveFile(req: IncomingMessage, res: ServerResponse, id: string, rev: string, filePath: string, auth: string, rawPath: string): Promise<void> {
    let repo: FixtureRepo;
    try {
      repo = lookup(id, auth, rawPath);
    } catch (e) {
      if (e instanceof Redirect) return redirect(res, e.status, e.location, {});
      throw e;
    }
    if (repo.meta.disabled) throw new HubError(403, null, 'Access to this resource is disabled.');
    if (repo.meta.gated && !(auth === 'valid' && repo.meta.gatedAccess !== false)) {
      throw new HubError(auth === 'valid' ? 403 : 401, 'GatedRepo', `Access to model ${repo.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`);
    }
    const commit = commitOf(repo, rev);
    const f = commit.files.get(filePath);
    if (!f) throw new HubError(404, 'EntryNotFound', `Entry not found: ${filePath}`);
    const common = { 'X-Repo-Commit': commit.id, 'Access-Control-Expose-Headers': 'X-Repo-Commit,X-Linked-Etag,X-Linked-Size,ETag,Content-Range' };
    if (f.lfs) {
      const sha = await fileSha256(f);
      const target = `${options.lfsOrigin ?? selfUrl}/cdn-lfs/${repo.id}/${commit.id}/${f.path.split('/').map(encodeURIComponent).join('/')}`;
      return redirect(res, 302, target, {
        ...common,
        ETag: `"${await fileOid(f)}"`,
        'X-Linked-Etag': `"${sha}"`,
        'X-Linked-Size': String(f.size),
      });
    }
    await serveBytes(req, res, f, { ...common, ETag: `"${await fileOid(f)}"` });
  }

  async function cdn(req: IncomingMessage, res: ServerResponse, segs: string[]): Promise<void> {
    const repo = findRepo(hub, `${segs[0]}/${segs[1]}`);
    const commit = repo && resolveRef(repo, segs[2] ?? '');
    const f = commit?.files.get(segs.slice(3).join('/'));
    if (!f) {
      res.writeHead(404, { 'Content-Type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    await serveBytes(req, res, f, { ETag: `"${await fileSha256(f)}"` });
  }

  async function serveBytes(req: IncomingMessage, res: ServerResponse, f: FixtureFile, headers: Record<string, string>): Promise<void> {
    let start = 0;
    let end = f.size - 1;
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      if (m && (m[1] || m[2])) {
        if (m[1]) {
          start = Number(m[1]);
          end = m[2] ? Math.min(Number(m[2]), f.size - 1) : f.size - 1;
        } else {
          start = Math.max(0, f.size - Number(m[2]));
        }
        if (start >= f.size || start > end) {
          res.writeHead(416, { 'Content-Range': `bytes */${f.size}`, ...headers }).end();
          return;
        }
        status = 206;
      }
    }
    const length = f.size === 0 ? 0 : end - start + 1;
    const h: Record<string, string> = { ...headers, 'Accept-Ranges': 'bytes', 'Content-Length': String(length), 'Content-Type': 'application/octet-stream' };
    if (status === 206) h['Content-Range'] = `bytes ${start}-${end}/${f.size}`;
    res.writeHead(status, h);
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return;
    }
    const step = 1024 * 1024;
    for (let o = start; o <= end; o += step) {
      if (res.destroyed) return;
      const chunk = await readFixtureBytes(f, o, Math.min(step, end + 1 - o));
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  selfUrl = `http://127.0.0.1:${addr.port}`;
  return {
    url: selfUrl,
    requests,
    faults,
    peakConcurrency: () => peak,
    async reload() {
      hub = await loadFixtureHub(roots);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

class Redirect {
  constructor(
    readonly status: number,
    readonly location: string,
  ) {}
}

function redirect(res: ServerResponse, status: number, location: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, Location: location, 'Content-Type': 'text/plain; charset=utf-8' }).end(`Redirecting to ${location}`);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': JSON_TYPE, 'Content-Length': String(Buffer.byteLength(text)) }).end(text);
}

function sendError(res: ServerResponse, e: HubError): void {
  const headers: Record<string, string> = { 'X-Error-Message': e.message.replace(/[^\x20-\x7e]/g, '?') };
  if (e.code) headers['X-Error-Code'] = e.code;
  if (res.headersSent) return void res.destroy();
  sendJson(res, e.status, { error: e.message }, headers);
}

function hexId(seed: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 24; round++) {
    for (const ch of `${seed}:${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 24);
}

export type { FixtureHub } from './fixtures.js';
