// Plain-text rendering of artifact reports for `modelgate inspect`: per file the detected
// format (and the claimed one when the name disagrees), bytes read, the pickle globals with
// their class, and the findings. Members of containers are indented under their archive.
import { RULES } from '../rules.js';
import type { ArtifactReport, FindingDraft, Severity } from '../types.js';

function severity(f: FindingDraft): Severity {
  return f.severity ?? RULES.find((r) => r.id === f.rule)?.severity ?? 'info';
}

function size(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function formatArtifactReport(report: ArtifactReport, indent = ''): string {
  const lines: string[] = [];
  const claimed = report.claimedFormat ? ` (named like ${report.claimedFormat})` : '';
  lines.push(`${indent}${report.path}: ${report.format}${claimed}, ${size(report.size)}, read ${size(report.bytesRead)} in ${report.durationMs} ms`);
  if (report.globals.length > 0) {
    lines.push(`${indent}  globals:`);
    for (const g of report.globals) {
      const where = g.member ? ` [${g.member}]` : '';
      lines.push(`${indent}    ${g.classification.padEnd(9)} ${g.called ? 'called  ' : 'imported'} ${g.module}.${g.name}${where}${g.reason ? `: ${g.reason}` : ''}`);
    }
  }
  if (report.findings.length > 0) {
    lines.push(`${indent}  findings:`);
    for (const f of report.findings) lines.push(`${indent}    ${severity(f).toUpperCase().padEnd(8)} ${f.rule} ${f.message}`);
  } else if (!report.members?.length) {
    lines.push(`${indent}  no findings`);
  }
  // members scanned through the dispatcher carry their own globals and findings
  for (const member of report.members ?? []) lines.push(formatArtifactReport(member, `${indent}  `));
  return lines.join('\n');
}

export function formatArtifactReports(reports: ArtifactReport[]): string {
  return reports.map((r) => formatArtifactReport(r)).join('\n\n');
}
