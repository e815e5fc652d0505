// Thin wrappers over the git CLI: the only place modelgate runs git. Arguments are passed as
// an array (never through a shell), so paths and refs from the repository cannot inject.
import { execFile, spawn } from 'node:child_process';

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

export function git(root: string, args: string[], maxBuffer = 256 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: root, maxBuffer, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout, stderr) => {
      if (error) reject(new GitError(`git ${args[0]} failed: ${(stderr || error.message).trim()}`));
      else resolve(stdout);
    });
  });
}

export async function isGitRepo(root: string): Promise<boolean> {
  try {
    return (await git(root, ['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    return false;
  }
}

/** The commit a ref names, or null when the repository does not have it. */
export async function resolveCommit(root: string, ref: string): Promise<string | null> {
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim() || null;
  } catch {
    return null;
  }
}

/**
 * Reads many blobs through one `git cat-file --batch` process: one process for a whole tree
 * instead of one per file. Returns null for objects git does not have.
 */
export async function readBlobs(root: string, specs: string[]): Promise<Map<string, Buffer | null>> {
  const out = new Map<string, Buffer | null>();
  if (specs.length === 0) return out;
  const child = spawn('git', ['cat-file', '--batch'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new GitError(`git cat-file exited with ${code}`))));
  });
  child.stdin.end(specs.map((s) => `${s}\n`).join(''));
  await done;
  const all = Buffer.concat(chunks);
  let pos = 0;
  for (const spec of specs) {
    const nl = all.indexOf(0x0a, pos);
    const header = all.subarray(pos, nl).toString('utf8');
    pos = nl + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      out.set(spec, null);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    out.set(spec, header.split(' ')[1] === 'blob' ? all.subarray(pos, pos + size) : null);
    pos += size + 1;
  }
  return out;
}

/**
 * A shallow CI checkout (actions/checkout's default fetch-depth: 1) lacks the base commit of a
 * pull request. Ask the remote for just that commit before giving up. Only 40-hex commit ids
 * are fetched; a branch name is never turned into a fetch.
 */
export async function fetchCommit(root: string, sha: string): Promise<boolean> {
  if (!/^[0-9a-f]{40}$/.test(sha)) return false;
  try {
    await git(root, ['fetch', '--no-tags', '--quiet', '--depth=1', 'origin', sha]);
    return true;
  } catch {
    return false;
  }
}
