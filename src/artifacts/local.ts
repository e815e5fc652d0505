// `modelgate inspect PATH`: a file, or every file under a folder. Symbolic links are never
// followed out of the folder; one that points outside is reported instead of read.
import { lstat, readdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { ArtifactReport, ScanLimits } from '../types.js';
import { RULE } from './rule-ids.js';
import { LocalByteSource } from './source.js';
import { scanArtifact } from './scan.js';

const SKIP_DIRS = new Set(['.git', 'node_modules', '__pycache__']);

async function scanFile(abs: string, shown: string, limits: ScanLimits): Promise<ArtifactReport> {
  const source = new LocalByteSource(shown, abs);
  try {
    return await scanArtifact(source, shown, limits);
  } finally {
    await source.close().catch(() => undefined);
  }
}

/**
 * How a path is shown in reports: as given when relative; an absolute path is shown relative to
 * the working directory, so a container's members read `dir/model.7z/data.pkl` like the file.
 */
function shownPath(path: string): string {
  if (!isAbsolute(path)) return path.split(sep).join('/');
  const rel = relative(process.cwd(), path).split(sep).join('/');
  return rel === '' ? '.' : rel;
}

/**
 * Scans a file, or every file under a folder. `display` is how `path` appears in the reports
 * (default: as given, or relative to the working directory when absolute); files of a folder
 * appear as `display/relative/path`, and so do the members inside them.
 */
export async function inspectLocal(path: string, limits: ScanLimits, display: string = shownPath(path)): Promise<ArtifactReport[]> {
  const st = await lstat(path);
  if (!st.isDirectory()) return [await scanFile(path, display, limits)];
  const prefix = display === '' || display === '.' ? '' : `${display.replace(/\/+$/, '')}/`;
  const root = await realpath(path);
  const reports: ArtifactReport[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const abs = join(dir, e.name);
      const rel = prefix + relative(root, abs).split(sep).join('/');
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(abs);
      } else if (e.isSymbolicLink()) {
        const target = await realpath(abs).catch(() => null);
        const inside = target !== null && (target === root || target.startsWith(root + sep));
        if (inside && target && (await lstat(target)).isFile()) {
          reports.push(await scanFile(target, rel, limits));
        } else {
          reports.push({
            path: rel,
            format: 'unknown',
            bytesRead: 0,
            size: 0,
            globals: [],
            findings: [{ rule: RULE.archiveLink, severity: 'medium', message: `${rel} is a symbolic link ${target ? `to ${target}, outside the folder` : 'that cannot be resolved'}; it was not followed.`, artifact: rel, evidence: { target } }],
            durationMs: 0,
          });
        }
      } else if (e.isFile()) {
        reports.push(await scanFile(abs, rel, limits));
      }
    }
  };
  await walk(root);
  return reports;
}
