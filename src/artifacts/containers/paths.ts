// Whether an archive member name (or a link target) leaves the folder it is extracted into.

/**
 * A short phrase describing how `name` escapes, or null when it stays inside. For link targets
 * pass the link's own name as `from`: relative targets resolve against its folder.
 */
export function describePathRisk(name: string, from?: string): string | null {
  const p = name.replace(/\\/g, '/');
  if (p.startsWith('/')) return 'has an absolute path';
  if (/^[A-Za-z]:/.test(p)) return 'has a drive-letter path';
  const base = from ? from.replace(/\\/g, '/').split('/').slice(0, -1) : [];
  const parts = [...base];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return 'climbs out with ".."';
      parts.pop();
    } else parts.push(seg);
  }
  return null;
}
