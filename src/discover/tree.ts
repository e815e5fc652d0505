// Where repository files come from: the working tree, or a commit read through git. Both list
// regular files only: symlinks and submodules are never followed, so nothing outside the
// repository is read.
import { lstat, readdir, readFile, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { git, isGitRepo, readBlobs } from './git.js';

export interface TreeEntry {
  path: string; // POSIX, repository-relative
  size: number;
}

export interface TreeReader {
  /** For messages: "working tree" or a commit. */
  readonly label: string;
  list(): Promise<TreeEntry[]>;
  read(paths: string[]): Promise<Map<string, Buffer | null>>;
}

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache']);

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function skippedDir(path: string): boolean {
  return path.split('/').some((part) => ALWAYS_SKIPPED.has(part));
}

async function walk(root: string, dir: string, out: TreeEntry[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (ALWAYS_SKIPPED.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) await walk(root, full, out);
    else if (entry.isFile()) out.push({ path: toPosix(relative(root, full)), size: (await lstat(full)).size });
  }
}

export function workTree(root: string): TreeReader {
  return {
    label: 'working tree',
    async list() {
      const out: TreeEntry[] = [];
      if (await isGitRepo(root)) {
        // git's view honours .gitignore; untracked files that are not ignored count too.
        const top = (await git(root, ['rev-parse', '--show-prefix'])).trim();
        const names = (await git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.']))
          .split('\0')
          .filter(Boolean);
        for (const name of new Set(names)) {
          const path = top && name.startsWith(top) ? name.slice(top.length) : name;
          if (skippedDir(path)) continue;
          try {
            const st = await lstat(join(root, path));
            if (st.isFile()) out.push({ path, size: st.size });
          } catch {
            // Deleted in the working tree but still in the index: nothing to read.
          }
        }
        return out;
      }
      await walk(root, root, out);
      return out;
    },
    async read(paths) {
      const out = new Map<string, Buffer | null>();
      const realRoot = await realpath(root);
      for (const path of paths) {
        try {
          const full = join(root, path);
          // A path that leaves the root through a linked folder is not read.
          const real = await realpath(full);
          if (!(real === realRoot || real.startsWith(realRoot + sep)) || !(await lstat(full)).isFile()) {
            out.set(path, null);
            continue;
          }
          out.set(path, await readFile(full));
        } catch {
          out.set(path, null);
        }
      }
      return out;
    },
  };
}

export function gitTree(root: string, commit: string): TreeReader {
  return {
    label: commit.slice(0, 12),
    async list() {
      const out: TreeEntry[] = [];
      const text = await git(root, ['ls-tree', '-r', '-z', '-l', commit]);
      for (const line of text.split('\0')) {
        if (!line) continue;
        // "<mode> <type> <object> <size>\t<path>"
        const tab = line.indexOf('\t');
        const [mode, type, , size] = line.slice(0, tab).split(/\s+/);
        const path = line.slice(tab + 1);
        if (type !== 'blob' || mode === '120000' || path.includes('\n') || skippedDir(path)) continue;
        out.push({ path, size: Number(size) });
      }
      return out;
    },
    async read(paths) {
      // `<commit>:./<path>` is relative to root, which may be a folder inside the repository.
      const blobs = await readBlobs(root, paths.map((p) => `${commit}:./${p}`));
      return new Map(paths.map((p) => [p, blobs.get(`${commit}:./${p}`) ?? null]));
    },
  };
}
