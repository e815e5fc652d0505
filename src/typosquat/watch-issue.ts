// The body of the one GitHub issue that lists watch-list look-alikes (policy watch.open-issue),
// deduplicated across runs: each look-alike carries a hidden marker, entries already listed keep
// the date they were first seen, new ones are marked new. Pure: the caller reads the existing
// issue body (or null) and writes the returned one with Octokit.
import type { FindingDraft } from '../types.js';

export const WATCH_ISSUE_TITLE = 'modelgate: look-alikes of watched models and organisations';
const MARKER = /<!-- modelgate-watch:(\S+?) first-seen:(\d{4}-\d{2}-\d{2}) -->/g;

export interface WatchIssue {
  title: string;
  body: string;
  /** Look-alikes not listed in the previous body. */
  added: string[];
  /** True when the body differs from the previous one (no update needed otherwise). */
  changed: boolean;
}

interface Entry {
  lookalike: string;
  watched: string;
  technique: string;
  kind: string;
  firstSeen: string;
}

function line(e: Entry, isNew: boolean): string {
  const link = `https://huggingface.co/${e.lookalike}`;
  return `- [ ] [\`${e.lookalike}\`](${link}) imitates \`${e.watched}\` (${e.technique}), first seen ${e.firstSeen}${isNew ? ' **(new)**' : ''} <!-- modelgate-watch:${e.lookalike} first-seen:${e.firstSeen} -->`;
}

export function renderWatchIssue(findings: FindingDraft[], previousBody: string | null, today: string): WatchIssue {
  const seen = new Map<string, string>();
  for (const m of (previousBody ?? '').matchAll(MARKER)) seen.set(m[1].toLowerCase(), m[2]);
  const entries: Entry[] = [];
  const added: string[] = [];
  for (const f of findings) {
    if (f.rule !== 'MG228' || !f.evidence) continue;
    const lookalike = String(f.evidence.lookalike);
    if (entries.some((e) => e.lookalike.toLowerCase() === lookalike.toLowerCase())) continue;
    const firstSeen = seen.get(lookalike.toLowerCase()) ?? today;
    if (!seen.has(lookalike.toLowerCase())) added.push(lookalike);
    entries.push({ lookalike, watched: String(f.evidence.watched), technique: String(f.evidence.technique), kind: String(f.evidence.kind), firstSeen });
  }
  entries.sort((a, b) => a.watched.localeCompare(b.watched) || a.lookalike.localeCompare(b.lookalike));
  const body = [
    'modelgate found these repositories and organisations on the hub whose names imitate the ones this repository watches (`watch:` in the policy).',
    'Check each one; report impersonations to the hub. The list is updated by scheduled runs.',
    '',
    ...(entries.length ? entries.map((e) => line(e, added.includes(e.lookalike))) : ['No look-alikes exist at the moment.']),
    '',
    `Last checked: ${today}.`,
  ].join('\n');
  const stripDate = (s: string) => s.replace(/Last checked: .*$/m, '').replace(/ \*\*\(new\)\*\*/g, '');
  return { title: WATCH_ISSUE_TITLE, body, added, changed: previousBody === null ? entries.length > 0 : stripDate(previousBody) !== stripDate(body) };
}
