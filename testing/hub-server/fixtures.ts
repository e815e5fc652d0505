// Reads fixture model repositories from one or more folders into memory (metadata and file
// listings only; file bytes are read on demand). Format: testing/hub-server/README.md.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface GeneratedSpec {
  size: number;
  /** Byte value everywhere no part covers (default 0). */
  fill?: number;
  /** Pieces of real bytes; a negative offset counts from the end of the file. */
  parts?: { offset: number; file?: string; base64?: string }[];
  /** Declared LFS sha256, so a multi-gigabyte file need not be hashed. */
  sha256?: string;
}

export interface RepoMeta {
  author?: string;
  createdAt?: string;
  lastModified?: string;
  downloads?: number;
  downloadsAllTime?: number;
  likes?: number;
  private?: boolean;
  gated?: false | 'auto' | 'manual';
  gatedAccess?: boolean;
  disabled?: boolean;
  tags?: string[];
  library_name?: string;
  pipeline_tag?: string;
  cardData?: Record<string, unknown>;
  config?: Record<string, unknown>;
  transformersInfo?: Record<string, unknown>;
  safetensors?: Record<string, unknown>;
  commits?: { id: string; title?: string; date?: string; dir?: string }[];
  refs?: Record<string, string>;
  security?: Record<string, Record<string, unknown>>;
  scansDone?: boolean;
  lfs?: string[];
  generated?: Record<string, GeneratedSpec>;
  redirectFrom?: string[];
}

export interface AuthorMeta {
  type: 'user' | 'org';
  verified?: boolean;
  createdAt?: string;
  fullname?: string;
}

export interface HubMeta {
  authors?: Record<string, AuthorMeta>;
  whoami?: { name: string; orgs?: string[] };
}

/** One file at one commit, either on disk or generated. */
export interface FixtureFile {
  path: string;
  size: number;
  lfs: boolean;
  diskPath?: string;
  generated?: GeneratedSpec;
  repoDir: string;
}

export interface FixtureCommit {
  id: string;
  title: string;
  date: string;
  files: Map<string, FixtureFile>;
}

export interface FixtureRepo {
  id: string;
  dir: string;
  meta: RepoMeta;
  commits: FixtureCommit[]; // newest first
  refs: Map<string, string>;
}

export interface FixtureHub {
  repos: Map<string, FixtureRepo>;
  /** old id (lower case) -> current id */
  redirects: Map<string, string>;
  authors: Map<string, AuthorMeta>;
  whoami: { name: string; orgs: string[] };
}

const LFS_EXTENSIONS = new Set([
  '.bin', '.pt', '.pth', '.ckpt', '.pkl', '.pickle', '.joblib', '.npy', '.npz', '.safetensors', '.gguf',
  '.onnx', '.h5', '.keras', '.msgpack', '.zip', '.tar', '.gz', '.bz2', '.xz', '.7z', '.tflite', '.pb', '.model',
]);
const LFS_MIN_SIZE = 10 * 1024 * 1024;

export function isLfsPath(filePath: string, size: number, patterns: string[] | undefined): boolean {
  if (patterns) return patterns.some((p) => matchSimpleGlob(p, filePath));
  return size >= LFS_MIN_SIZE || LFS_EXTENSIONS.has(path.extname(filePath).toLowerCase());
}

function matchSimpleGlob(pattern: string, filePath: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(filePath) || re.test(path.posix.basename(filePath));
}

async function walk(dir: string, prefix = ''): Promise<{ rel: string; abs: string; size: number }[]> {
  const out: { rel: string; abs: string; size: number }[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const abs = path.join(dir, e.name);
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(abs, rel)));
    else if (e.isFile()) out.push({ rel, abs, size: (await stat(abs)).size });
  }
  return out;
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`hub-server: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Deterministic fake commit id for repos that declare none. */
function derivedCommitId(repoId: string, files: { rel: string; size: number }[]): string {
  const h = createHash('sha1').update(repoId);
  for (const f of files) h.update(`\0${f.rel}\0${f.size}`);
  return h.digest('hex');
}

async function loadRepo(root: string, owner: string, name: string): Promise<FixtureRepo | null> {
  const dir = path.join(root, owner, name);
  const meta = await readJson<RepoMeta>(path.join(dir, 'repo.json'));
  if (!meta) return null;
  const id = `${owner}/${name}`;
  const declared = meta.commits?.length ? meta.commits : [{ id: '', dir: 'files' }];
  const commits: FixtureCommit[] = [];
  for (const c of declared) {
    const listing = await walk(path.join(dir, c.dir ?? 'files'));
    const files = new Map<string, FixtureFile>();
    for (const f of listing) {
      files.set(f.rel, { path: f.rel, size: f.size, lfs: isLfsPath(f.rel, f.size, meta.lfs), diskPath: f.abs, repoDir: dir });
    }
    for (const [p, spec] of Object.entries(meta.generated ?? {})) {
      files.set(p, { path: p, size: spec.size, lfs: true, generated: spec, repoDir: dir });
    }
    const cid = c.id || derivedCommitId(id, [...files.values()].map((f) => ({ rel: f.path, size: f.size })));
    commits.push({
      id: cid,
      title: c.title ?? 'Upload folder',
      date: c.date ?? meta.lastModified ?? meta.createdAt ?? '2024-01-01T00:00:00.000Z',
      files,
    });
  }
  const refs = new Map<string, string>(Object.entries(meta.refs ?? {}));
  if (!refs.has('main')) refs.set('main', commits[0].id);
  return { id, dir, meta, commits, refs };
}

export async function loadFixtureHub(roots: string[]): Promise<FixtureHub> {
  const hub: FixtureHub = { repos: new Map(), redirects: new Map(), authors: new Map(), whoami: { name: 'modelgate-tester', orgs: [] } };
  for (const root of roots) {
    const hubMeta = await readJson<HubMeta>(path.join(root, '_hub.json'));
    for (const [name, a] of Object.entries(hubMeta?.authors ?? {})) hub.authors.set(name, a);
    if (hubMeta?.whoami) hub.whoami = { name: hubMeta.whoami.name, orgs: hubMeta.whoami.orgs ?? [] };
    const owners = await readdir(root, { withFileTypes: true });
    for (const o of owners) {
      if (!o.isDirectory() || o.name.startsWith('_') || o.name.startsWith('.')) continue;
      const names = await readdir(path.join(root, o.name), { withFileTypes: true });
      for (const n of names) {
        if (!n.isDirectory()) continue;
        const repo = await loadRepo(root, o.name, n.name);
        if (!repo) continue;
        hub.repos.set(repo.id, repo);
        for (const old of repo.meta.redirectFrom ?? []) hub.redirects.set(old.toLowerCase(), repo.id);
      }
    }
  }
  return hub;
}

export function findRepo(hub: FixtureHub, id: string): FixtureRepo | undefined {
  const exact = hub.repos.get(id);
  if (exact) return exact;
  // The hub matches repository names case-insensitively.
  const lower = id.toLowerCase();
  for (const [k, r] of hub.repos) if (k.toLowerCase() === lower) return r;
  return undefined;
}

export function resolveRef(repo: FixtureRepo, rev: string): FixtureCommit | undefined {
  const byRef = repo.refs.get(rev) ?? repo.refs.get(rev.replace(/^refs\/(heads|tags)\//, ''));
  const id = byRef ?? rev;
  if (rev === 'HEAD') return repo.commits.find((c) => c.id === repo.refs.get('main'));
  return repo.commits.find((c) => c.id === id);
}

/** Reads `length` bytes at `offset` of a fixture file (disk or generated). */
export async function readFixtureBytes(file: FixtureFile, offset: number, length: number): Promise<Buffer> {
  const end = Math.min(file.size, offset + length);
  if (end <= offset) return Buffer.alloc(0);
  if (file.diskPath) {
    const fh = await open(file.diskPath, 'r');
    try {
      const buf = Buffer.alloc(end - offset);
      const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  const spec = file.generated!;
  const out = Buffer.alloc(end - offset, spec.fill ?? 0);
  for (const part of spec.parts ?? []) {
    const bytes = await partBytes(file.repoDir, part);
    const start = part.offset < 0 ? spec.size + part.offset : part.offset;
    const from = Math.max(start, offset);
    const to = Math.min(start + bytes.length, end);
    if (to > from) bytes.copy(out, from - offset, from - start, to - start);
  }
  return out;
}

const partCache = new Map<string, Buffer>();
async function partBytes(repoDir: string, part: { file?: string; base64?: string }): Promise<Buffer> {
  if (part.base64 !== undefined) return Buffer.from(part.base64, 'base64');
  const key = path.join(repoDir, part.file ?? '');
  let b = partCache.get(key);
  if (!b) {
    b = await readFile(key);
    partCache.set(key, b);
  }
  return b;
}

const shaCache = new Map<string, Promise<string>>();
/** sha256 of a file's content (the LFS oid), computed once per file. */
export function fileSha256(file: FixtureFile): Promise<string> {
  if (file.generated?.sha256) return Promise.resolve(file.generated.sha256);
  const key = `${file.repoDir}\0${file.path}\0${file.size}\0${file.diskPath ?? 'gen'}`;
  let p = shaCache.get(key);
  if (!p) {
    p = (async () => {
      const h = createHash('sha256');
      if (file.diskPath) {
        for await (const chunk of createReadStream(file.diskPath)) h.update(chunk as Buffer);
      } else {
        const step = 8 * 1024 * 1024;
        for (let o = 0; o < file.size; o += step) h.update(await readFixtureBytes(file, o, step));
      }
      return h.digest('hex');
    })();
    shaCache.set(key, p);
  }
  return p;
}

export function lfsPointer(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

export function gitBlobId(content: Buffer | string): string {
  const buf = typeof content === 'string' ? Buffer.from(content) : content;
  return createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex');
}

/** Git blob id of a file as the repository stores it (the pointer for LFS files). */
export async function fileOid(file: FixtureFile): Promise<string> {
  if (file.lfs) return gitBlobId(lfsPointer(await fileSha256(file), file.size));
  return gitBlobId(await readFixtureBytes(file, 0, file.size));
}

/** README.md front matter, the way the hub exposes it as `cardData`. */
export async function cardDataOf(commit: FixtureCommit): Promise<Record<string, unknown> | undefined> {
  const readme = commit.files.get('README.md');
  if (!readme || readme.size > 1024 * 1024) return undefined;
  const text = (await readFixtureBytes(readme, 0, readme.size)).toString('utf8');
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!m) return undefined;
  try {
    const data = parseYaml(m[1]);
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The subset of config.json the hub returns as `config`. */
export async function configOf(commit: FixtureCommit): Promise<Record<string, unknown> | undefined> {
  const f = commit.files.get('config.json');
  if (!f || f.size > 1024 * 1024) return undefined;
  try {
    const c = JSON.parse((await readFixtureBytes(f, 0, f.size)).toString('utf8')) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of ['architectures', 'model_type', 'auto_map', 'tokenizer_config', 'quantization_config']) if (k in c) out[k] = c[k];
    return out;
  } catch {
    return undefined;
  }
}
