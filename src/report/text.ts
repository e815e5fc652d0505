// The terminal report: what a person reads after `modelgate scan`. Plain text, no colour codes
// unless asked, control characters from repository content removed.
import { formatArtifactReports } from '../artifacts/format-report.js';
import { countBySeverity } from './findings.js';
import type { Finding, Report, Severity } from '../types.js';

const LABEL: Record<Severity, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFO' };

/** Repository and hub text must not move the cursor or recolour the terminal. */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '�');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function where(f: Finding): string {
  if (!f.file) return '';
  return `${f.file}${f.line ? `:${f.line}` : ''}`;
}

function severitySummary(findings: Finding[]): string {
  const counts = countBySeverity(findings);
  const parts = (['critical', 'high', 'medium', 'low', 'info'] as Severity[]).filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'none';
}

function findingLines(findings: Finding[]): string[] {
  const lines: string[] = [];
  for (const f of findings) {
    const mark = f.blocking ? '✗' : f.exception && !f.exception.expired ? '~' : ' ';
    const head = [`${mark} ${pad(LABEL[f.severity], 8)}`, f.rule, where(f), f.model ? `[${f.model}]` : '', f.artifact ? `(${f.artifact})` : '']
      .filter(Boolean)
      .join('  ');
    lines.push(clean(head));
    lines.push(`    ${clean(f.message)}`);
    if (f.fix) lines.push(`    fix: ${clean(f.fix)}`);
    if (f.exception) lines.push(`    exception${f.exception.expired ? ' (EXPIRED)' : ''}: ${clean(f.exception.reason)}`);
  }
  return lines;
}

export function toText(report: Report): string {
  const lines: string[] = [];
  const blocking = report.findings.filter((f) => f.blocking).length;
  lines.push(
    `modelgate ${report.tool.version} (${report.mode} scan): ${report.stats.filesScanned} files, ${report.references.length} references, ${report.models.length} models, ${report.findings.length} findings`,
  );
  if (report.artifacts) {
    // Per file: detected format, bytes read, globals with their class, findings as found.
    lines.push('', 'ARTIFACTS', ...formatArtifactReports(report.artifacts).split('\n').map((l) => clean(`  ${l}`)));
  }
  if (report.models.length > 0) {
    lines.push('', 'MODELS');
    const width = Math.min(60, Math.max(10, ...report.models.map((m) => m.id.length + (m.revision ? m.revision.length + 1 : 0))));
    for (const m of report.models) {
      const name = m.revision ? `${m.id}@${m.revision}` : m.id;
      const status = m.exists === null ? 'not checked' : m.exists ? (m.resolvedSha ? `at ${m.resolvedSha.slice(0, 12)}` : 'exists') : 'NOT FOUND';
      const found = severitySummary(m.findings.map((i) => report.findings[i]));
      lines.push(clean(`  ${pad(name, width)}  ${pad(status, 16)}  ${found}`));
      if (m.codeFiles?.length) {
        lines.push('      code that runs with trust_remote_code:');
        for (const file of m.codeFiles) lines.push(clean(`        ${file}`));
      }
    }
  }
  if (report.findings.length > 0) {
    lines.push('', 'FINDINGS  (✗ fails the check, ~ covered by an exception)');
    lines.push(...findingLines(report.findings).map((l) => `  ${l}`));
  }
  if (report.skipped.length > 0) {
    lines.push('', 'SKIPPED');
    for (const s of report.skipped) lines.push(`  ${clean(s)}`);
  }
  lines.push(
    '',
    `verdict: ${report.verdict.toUpperCase()}${blocking ? ` (${blocking} blocking finding${blocking === 1 ? '' : 's'})` : ''}  ` +
      `[${report.stats.hubRequests} hub requests, ${report.stats.bytesRead} bytes read, ${report.stats.durationMs} ms]`,
  );
  return `${lines.join('\n')}\n`;
}
