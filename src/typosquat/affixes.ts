// Words squatters add to (or drop from) an organisation name to look official.

/** Suffixes written with a separator (`openai-official`) or glued (`openaiofficial`). */
export const ORG_SUFFIXES = [
  'official', 'team', 'labs', 'lab', 'models', 'model', 'org', 'ai', 'ml', 'hf', 'hub', 'inc', 'research', 'community', 'llm',
  // Words that promise a release channel or a company rather than name one (`tiiuae-dev`,
  // `allenai-releases`, `HuggingFaceTB-mirror`, `BAAI-global`).
  'dev', 'devs', 'corp', 'company', 'group', 'hq', 'global', 'verified', 'releases', 'release', 'weights', 'oss', 'mirror',
  'archive', 'original', 'opensource', 'platform', 'cloud', 'download', 'downloads', 'io', 'co',
];
/** Prefixes (`the-mistralai`, `real-openai`). */
export const ORG_PREFIXES = ['the', 'official', 'real', 'hf', 'team', 'ai', 'original', 'verified', 'true', 'new'];
/**
 * Tokens that say nothing about who runs an organisation: an org made only of a brand and
 * these (`openai-research`, `meta-ai-official`) presents itself as the brand.
 */
export const FILLER_TOKENS = new Set([
  ...ORG_SUFFIXES, ...ORG_PREFIXES, 'corp', 'company', 'group', 'dev', 'devs', 'developers', 'support',
  'verified', 'global', 'us', 'news', 'releases', 'release', 'original', 'new', 'weights', 'opensource', 'oss',
  'open', 'source', 'platform', 'cloud', 'app', 'apps', 'io', 'co', 'hq', 'main', 'archive', 'mirror', 'download', 'downloads',
]);

/** Glued affixes shorter than this are only recognised with a separator (too many real names end in `ai`). */
const MIN_GLUED_REMAINDER = 4;

/**
 * Every loose-folded form of `org` with one prefix and/or one suffix removed. `glued` forms
 * (no separator) are included only when what remains is long enough to be a real name.
 */
export function strippedForms(org: string): string[] {
  const out = new Set<string>();
  const parts = org.split(/[-_.]+/).filter(Boolean);
  const candidates: string[] = [];
  // With separators: drop a leading and/or trailing affix token (case kept: the visual key
  // of the remainder must match the popular org's, and `I`/`l` differ there).
  if (parts.length >= 2) {
    const first = parts[0].toLowerCase();
    const last = parts[parts.length - 1].toLowerCase();
    if (ORG_SUFFIXES.includes(last)) candidates.push(parts.slice(0, -1).join('-'));
    if (ORG_PREFIXES.includes(first)) candidates.push(parts.slice(1).join('-'));
    if (parts.length >= 3 && ORG_SUFFIXES.includes(last) && ORG_PREFIXES.includes(first)) candidates.push(parts.slice(1, -1).join('-'));
  }
  // Glued.
  const lower = org.toLowerCase();
  for (const s of ORG_SUFFIXES) {
    const rest = lower.length - s.length;
    if (lower.endsWith(s) && rest >= MIN_GLUED_REMAINDER && (s.length >= 4 || rest >= 6)) candidates.push(org.slice(0, rest));
  }
  for (const p of ORG_PREFIXES) {
    if (lower.startsWith(p) && lower.length - p.length >= MIN_GLUED_REMAINDER + 1 && p.length >= 3) candidates.push(org.slice(p.length));
  }
  for (const c of candidates) if (c) out.add(c.replace(/^[-_.]+|[-_.]+$/g, ''));
  return [...out].filter(Boolean);
}
