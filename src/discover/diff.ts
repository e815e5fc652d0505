// What a change touches: the files that differ between base and head (the working tree when
// head is null), with renames, so only those files need extracting twice.
import { git } from './git.js';

export interface ChangeSet {
  /** Head paths whose content differs from base (added, modified, renamed, copied). */
  changed: Set<string>;
  /** Head path -> base path for renamed and copied files. */
  renamedFrom: Map<string, string>;
}

export function parseNameStatus(text: string): ChangeSet {
  const changed = new Set<string>();
  const renamedFrom = new Map<string, string>();
  const parts = text.split('\0');
  for (let i = 0; i < parts.length; ) {
    const status = parts[i++];
    if (!status) continue;
    if (status[0] === 'R' || status[0] === 'C') {
      const from = parts[i++];
      const to = parts[i++];
      changed.add(to);
      renamedFrom.set(to, from);
    } else {
      const path = parts[i++];
      if (status[0] !== 'D') changed.add(path);
    }
  }
  return { changed, renamedFrom };
}

export async function changedFiles(root: string, base: string, head: string | null): Promise<ChangeSet> {
  const range = head ? [base, head] : [base];
  const set = parseNameStatus(await git(root, ['diff', '--name-status', '-z', '-M', '--relative', '--no-ext-diff', ...range, '--', '.']));
  if (!head) {
    for (const path of (await git(root, ['ls-files', '-z', '--others', '--exclude-standard', '--', '.'])).split('\0')) {
      if (path) set.changed.add(path);
    }
  }
  return set;
}
