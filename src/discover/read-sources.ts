// Chooses which files of a tree the extractors read, and turns bytes into text. Anything that
// cannot be read becomes a FileProblem that names the file and what to do.
import { minimatch } from 'minimatch';
import type { FileProblem, SourceFile } from '../types.js';
import type { TreeEntry, TreeReader } from './tree.js';

export interface SourceSelection {
  isCandidate(path: string): boolean;
  ignorePaths: string[];
  maxBytes: number;
}

export interface ReadSourcesResult {
  files: SourceFile[];
  problems: FileProblem[];
  bytesRead: number;
}

export function isIgnored(path: string, globs: string[]): boolean {
  return globs.some((g) => minimatch(path, g, { dot: true, matchBase: !g.includes('/') }));
}

export function selectEntries(entries: TreeEntry[], selection: SourceSelection): TreeEntry[] {
  return entries
    .filter((e) => selection.isCandidate(e.path) && !isIgnored(e.path, selection.ignorePaths))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Text of a file, or the reason it is not text. */
export function decodeSource(bytes: Buffer): { text: string } | { problem: string } {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { problem: 'binary content (NUL bytes)' };
  let text = decoder.decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}

export async function readSources(reader: TreeReader, entries: TreeEntry[], maxBytes: number): Promise<ReadSourcesResult> {
  const files: SourceFile[] = [];
  const problems: FileProblem[] = [];
  let bytesRead = 0;
  const small: string[] = [];
  for (const entry of entries) {
    if (entry.size > maxBytes) {
      problems.push({
        file: entry.path,
        message: `not scanned: ${entry.size} bytes is over the ${maxBytes}-byte limit for repository files`,
        fix: 'raise limits.max-source-file-bytes in the policy, or add the path to ignore-paths if it holds no model references',
      });
    } else small.push(entry.path);
  }
  // Read in slices so a 20,000-file tree never sits in memory twice.
  for (let i = 0; i < small.length; i += 500) {
    const slice = small.slice(i, i + 500);
    const blobs = await reader.read(slice);
    for (const path of slice) {
      const bytes = blobs.get(path);
      if (!bytes) {
        problems.push({ file: path, message: `could not read the file from the ${reader.label}`, fix: 'check that the file is a regular file inside the repository' });
        continue;
      }
      bytesRead += bytes.length;
      const decoded = decodeSource(bytes);
      if ('problem' in decoded) {
        problems.push({ file: path, message: `not scanned: ${decoded.problem}`, fix: 'add the path to ignore-paths if it is not source or configuration' });
      } else files.push({ path, text: decoded.text });
    }
  }
  return { files, problems, bytesRead };
}
