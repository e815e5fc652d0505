// Scheduled runs search the hub for look-alikes of the organisations and models the policy
// watches. Their findings go to one open issue, labelled and marked, that accumulates across
// runs: entries already listed stay (a maintainer may have ticked them off), new ones are
// appended, and nothing is posted when nothing is new.
import type { Finding } from '../types.js';
import { escapeHtml, escapeText, inlineCode } from './escape.js';
import type { GitHubClient } from './github-client.js';

export const WATCH_LABEL = 'modelgate-watch';
export const WATCH_MARKER = '<!-- modelgate:watch-issue -->';
const ENTRY_MARKER = /<!-- modelgate:watch-entry (.+?) -->/g;
const TITLE = 'modelgate: look-alike models of watched names';
/** Issue bodies are limited to 65,536 characters; keep room for the header. */
const BODY_MAX = 65000;

/** The key an entry is deduplicated by: the look-alike id, as HTML-comment-safe text. */
function entryKey(f: Finding): string | null {
  return f.model ? escapeHtml(f.model.toLowerCase(), 200) : null;
}

function imitated(f: Finding): string | null {
  const v = f.evidence?.imitates;
  return typeof v === 'string' ? v : null;
}

function entryLine(f: Finding, today: string): string {
  const target = imitated(f);
  const what = target ? ` looks like ${inlineCode(target)}` : '';
  const link = `https://huggingface.co/${f.model!.split('/').map(encodeURIComponent).join('/')}`;
  // The link text is code (never rendered); the URL is built from encoded segments only.
  return `- [ ] ${inlineCode(f.model!)}${what}: ${f.rule}, ${f.severity}. ${escapeText(f.message, 300)} ([hub page](${link}), first seen ${today}) <!-- modelgate:watch-entry ${entryKey(f)} -->`;
}

function header(): string {
  return [
    WATCH_MARKER,
    'Scheduled modelgate runs found these models on the hub whose names imitate a watched organisation or model.',
    'Tick an entry once it has been reviewed or reported; entries are never removed by modelgate, and new ones are added below.',
    '',
  ].join('\n');
}

/** Keys of the entries an issue body already lists. */
export function listedKeys(body: string): Set<string> {
  return new Set([...body.matchAll(ENTRY_MARKER)].map((m) => m[1]));
}

export async function upsertWatchIssue(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  findings: Finding[],
  now: Date = new Date(),
): Promise<{ number: number; created: boolean } | null> {
  const today = now.toISOString().slice(0, 10);
  const candidates = await octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state: 'open', labels: WATCH_LABEL, per_page: 100 });
  const existing = candidates.find((i) => !i.pull_request && typeof i.body === 'string' && i.body.includes(WATCH_MARKER));
  const listed = existing ? listedKeys(existing.body ?? '') : new Set<string>();

  const fresh: string[] = [];
  for (const f of findings) {
    const key = entryKey(f);
    if (!key || listed.has(key)) continue;
    listed.add(key);
    fresh.push(entryLine(f, today));
  }
  if (fresh.length === 0) return existing ? { number: existing.number, created: false } : null;

  if (existing) {
    let body = `${(existing.body ?? '').replace(/\s+$/, '')}\n${fresh.join('\n')}\n`;
    if (body.length > BODY_MAX) {
      // Old entries are kept; what does not fit is counted so nobody believes the list complete.
      const room = BODY_MAX - (existing.body ?? '').length - 200;
      const kept: string[] = [];
      let used = 0;
      for (const line of fresh) {
        if (used + line.length + 1 > room) break;
        kept.push(line);
        used += line.length + 1;
      }
      body = `${(existing.body ?? '').replace(/\s+$/, '')}\n${kept.join('\n')}\n\n_${fresh.length - kept.length} more look-alikes found on ${today} did not fit in this issue; close it to start a new one._\n`;
    }
    await octokit.rest.issues.update({ owner, repo, issue_number: existing.number, body });
    return { number: existing.number, created: false };
  }
  let body = `${header()}${fresh.join('\n')}\n`;
  if (body.length > BODY_MAX) body = `${body.slice(0, BODY_MAX).replace(/\n[^\n]*$/, '')}\n\n_More look-alikes were found than fit in one issue._\n`;
  const created = await octokit.rest.issues.create({ owner, repo, title: TITLE, body, labels: [WATCH_LABEL] });
  return { number: created.data.number, created: true };
}
