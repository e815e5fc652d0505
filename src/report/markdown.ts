// The Markdown report: the CLI's `--format markdown`, and the body of the job summary, the check
// run and the PR comment. Everything from the repository or the hub goes through escape.ts.
// Output is bounded by `maxBytes` (GitHub rejects a step summary over 1 MiB and a comment or
// check run summary over 65,535 characters); whatever does not fit is named in a note.
import { hasRule } from '../rules.js';
import type { Finding, Report } from '../types.js';
import { escapeText, inlineCode, safeLink } from './escape.js';
import { countBySeverity, groupByModel, pointAt, SEVERITY_RANK, type ModelGroup, type ModelVerdict } from './findings.js';
import { ruleDocUrl } from './links.js';

export interface MarkdownOptions {
  /** Upper bound on the UTF-8 size of the result. Default: no bound. */
  maxBytes?: number;
  /** `https://github.com/OWNER/REPO/blob/SHA`: file locations become links to the lines. */
  blobUrl?: string;
  /** Heading level of the title (2 = `##`). Default 2. */
  headingLevel?: number;
  /** Extra trusted Markdown lines shown under the headline (e.g. "check run not created: ..."). */
  notes?: string[];
}

const VERDICT_ICON: Record<ModelVerdict, string> = { fail: '❌', warn: '⚠️', pass: '✅' };

const MODE_TEXT: Record<Report['mode'], string> = {
  full: 'full scan',
  diff: 'changes only (references the change introduces are marked new)',
  inspect: 'inspection',
};

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function headline(report: Report, level: number): string {
  const blocking = report.findings.filter((f) => f.blocking).length;
  const h = '#'.repeat(level);
  if (report.verdict === 'fail') return `${h} ❌ modelgate: failed (${plural(blocking, 'blocking finding')})`;
  return report.findings.some((f) => f.severity !== 'info' && (!f.exception || f.exception.expired))
    ? `${h} ⚠️ modelgate: passed with warnings`
    : `${h} ✅ modelgate: passed`;
}

function overview(report: Report): string {
  const counts = countBySeverity(report.findings);
  const bySeverity = (Object.entries(counts) as [string, number][])
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const blocking = report.findings.filter((f) => f.blocking).length;
  return [
    `**${plural(report.models.length, 'model')}** from ${plural(report.references.length, 'reference')}`,
    `**${plural(report.findings.length, 'finding')}**${bySeverity ? ` (${bySeverity})` : ''}`,
    `${blocking} blocking`,
    MODE_TEXT[report.mode],
  ].join(' · ');
}

function worstSeverity(findings: Finding[]): string {
  if (findings.length === 0) return '-';
  return findings.reduce((w, f) => (SEVERITY_RANK[f.severity] < SEVERITY_RANK[w.severity] ? f : w)).severity;
}

function groupTitle(group: ModelGroup): string {
  return group.model ? inlineCode(group.model.id) : 'Other findings';
}

function revisionCell(group: ModelGroup): string {
  if (!group.model) return '';
  const rev = group.model.revision;
  if (!rev) return 'unpinned';
  return inlineCode(/^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 12) : rev);
}

function modelRow(group: ModelGroup): string {
  const blocking = group.findings.filter((f) => f.blocking).length;
  const findings = group.findings.length === 0 ? '0' : `${group.findings.length}${blocking ? ` (${blocking} blocking)` : ''}`;
  return `| ${VERDICT_ICON[group.verdict]} | ${groupTitle(group)} | ${revisionCell(group)} | ${findings} | ${worstSeverity(group.findings)} |`;
}

function ruleCell(rule: string): string {
  return hasRule(rule) ? `[${rule}](${ruleDocUrl(rule)})` : escapeText(rule, 20);
}

function whereCell(report: Report, finding: Finding, blobUrl?: string): string {
  const at = pointAt(report, finding);
  const parts: string[] = [];
  if (at) {
    const label = inlineCode(`${at.file}:${at.line}`);
    parts.push(blobUrl ? safeLink(label, blobUrl, [at.file], `L${at.line}`) : label);
  }
  if (finding.artifact) parts.push(`artifact ${inlineCode(finding.artifact)}`);
  return parts.join('<br>') || '-';
}

function findingCell(finding: Finding, diffMode: boolean): string {
  let text = escapeText(finding.message, 600);
  if (finding.fix) text += `<br>**Fix:** ${escapeText(finding.fix, 400)}`;
  if (finding.exception) {
    text += finding.exception.expired
      ? `<br>_Exception expired ${escapeText(finding.exception.expires ?? '')}: no longer applies_`
      : `<br>_Excepted: ${escapeText(finding.exception.reason, 200)}_`;
  }
  if (diffMode && finding.introduced) text += ' 🆕';
  return text;
}

function severityCell(f: Finding): string {
  return f.blocking ? `**${f.severity}** (blocking)` : f.severity;
}

function detailsBlock(report: Report, group: ModelGroup, blobUrl?: string): string {
  const blocking = group.findings.filter((f) => f.blocking).length;
  const summary = `${VERDICT_ICON[group.verdict]} ${group.model ? escapeText(group.model.id, 200) : 'Other findings'}: ${plural(group.findings.length, 'finding')}${blocking ? `, ${blocking} blocking` : ''}`;
  const lines = [`<details${group.verdict === 'fail' ? ' open' : ''}><summary>${summary}</summary>`, ''];
  const m = group.model;
  if (m) {
    const facts: string[] = [];
    if (m.resolvedId && m.resolvedId !== m.id) facts.push(`resolves to ${inlineCode(m.resolvedId)}`);
    if (m.resolvedSha) facts.push(`commit ${inlineCode(m.resolvedSha.slice(0, 12))}`);
    if (m.exists === false) facts.push('**not found on the hub**');
    if (typeof m.facts.downloads === 'number') facts.push(`${m.facts.downloads.toLocaleString('en-US')} downloads`);
    if (m.facts.author) facts.push(`by ${inlineCode(m.facts.author)}`);
    if (facts.length) lines.push(facts.join(' · '), '');
  }
  lines.push('| Severity | Rule | Where | Finding |', '|---|---|---|---|');
  for (const f of group.findings) lines.push(`| ${severityCell(f)} | ${ruleCell(f.rule)} | ${whereCell(report, f, blobUrl)} | ${findingCell(f, report.mode === 'diff')} |`);
  lines.push('', '</details>', '');
  return lines.join('\n');
}

function footer(report: Report): string {
  const s = report.stats;
  return `<sub>modelgate ${escapeText(report.tool.version, 40)} · ${plural(s.filesScanned, 'file')} scanned · ${plural(s.hubRequests, 'hub request')} · ${(s.durationMs / 1000).toFixed(1)} s</sub>\n`;
}

function truncationNote(omittedRows: number, omittedDetails: number, totalGroups: number): string {
  const parts: string[] = [];
  if (omittedRows) parts.push(`${plural(omittedRows, 'model row')} of the table`);
  if (omittedDetails) parts.push(`the details of ${omittedDetails} of ${plural(totalGroups, 'model')}`);
  return `> [!NOTE]\n> This report was truncated to fit GitHub's size limit: ${parts.join(' and ')} left out. The SARIF file and \`modelgate scan --format json\` have every finding.\n\n`;
}

/** Lines of the "Not checked" list shown; the rest are counted. */
const MAX_SKIPPED_LINES = 100;

/** Room kept for the truncation note and footer when a bound applies. */
const RESERVE = 700;

export function toMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const level = Math.min(6, Math.max(1, options.headingLevel ?? 2));
  const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const groups = groupByModel(report);
  const sub = '#'.repeat(Math.min(6, level + 1));

  const head: string[] = [headline(report, level), '', overview(report), ''];
  for (const note of options.notes ?? []) head.push(`> ${note.replace(/\n/g, ' ')}`, '');
  // A blank line must separate the last note (a blockquote) from the table, or the table would
  // continue the quote.
  let out = `${head.join('\n').replace(/\n*$/, '')}\n\n`;
  const skipped = report.skipped.slice(0, MAX_SKIPPED_LINES).map((s) => `- ${escapeText(s, 400)}`);
  if (report.skipped.length > MAX_SKIPPED_LINES) skipped.push(`- … and ${report.skipped.length - MAX_SKIPPED_LINES} more`);
  const tail = [skipped.length ? [`${sub} Not checked`, '', ...skipped, '', ''].join('\n') : '', footer(report)].join('');
  const budget = limit - bytes(tail) - RESERVE;
  // Sizes are added up as parts are appended: measuring the whole text each time is quadratic.
  let size = bytes(out);
  const append = (part: string, partBytes = bytes(part)) => {
    out += part;
    size += partBytes;
  };

  let omittedRows = 0;
  if (groups.length > 0) {
    append('| | Model | Revision | Findings | Worst |\n|---|---|---|---|---|\n');
    for (const g of groups) {
      const row = `${modelRow(g)}\n`;
      const rowBytes = bytes(row);
      if (size + rowBytes > budget) {
        omittedRows++;
        continue;
      }
      append(row, rowBytes);
    }
    append('\n');
  } else {
    append('No model references found.\n\n');
  }

  let omittedDetails = 0;
  const withFindings = groups.filter((g) => g.findings.length > 0);
  if (withFindings.length > 0) {
    append(`${sub} Findings\n\n`);
    let budgetLeft = true;
    for (const g of withFindings) {
      const block = budgetLeft ? detailsBlock(report, g, options.blobUrl) : '';
      const blockBytes = bytes(block);
      if (!budgetLeft || size + blockBytes > budget) {
        // Groups come most important first; once one does not fit, the rest are counted only.
        budgetLeft = false;
        omittedDetails++;
        continue;
      }
      append(block, blockBytes);
    }
  }
  if (omittedRows || omittedDetails) out += truncationNote(omittedRows, omittedDetails, withFindings.length);
  out += tail;
  if (bytes(out) > limit) {
    // Only reachable with a bound smaller than the headline and footer: cut hard, never exceed.
    out = Buffer.from(out, 'utf8').subarray(0, Math.max(0, limit - 4)).toString('utf8').replace(/\uFFFD$/, '') + '\n…\n';
    while (bytes(out) > limit) out = out.slice(0, -2);
  }
  return out;
}
