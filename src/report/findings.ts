// Small pure views over a Report shared by the GitHub-facing reports (Markdown, SARIF,
// annotations, check run): ordering, per-model grouping and where a finding points.
import type { Finding, ModelReference, ModelSummary, Report, Severity } from '../types.js';

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Most important first: blocking, then severity, then what the change introduced, then place. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(b.blocking) - Number(a.blocking) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    Number(b.introduced) - Number(a.introduced) ||
    (a.file ?? '\uffff').localeCompare(b.file ?? '\uffff') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    a.rule.localeCompare(b.rule)
  );
}

const firstRefCache = new WeakMap<ModelReference[], Map<string, ModelReference>>();

/** The first reference of each model id, computed once per report. */
function firstReferences(report: Report): Map<string, ModelReference> {
  let map = firstRefCache.get(report.references);
  if (!map) {
    map = new Map();
    for (const r of report.references) if (r.id && !map.has(r.id)) map.set(r.id, r);
    firstRefCache.set(report.references, map);
  }
  return map;
}

export interface PointedLocation {
  file: string;
  line: number;
  column: number | null;
  /** True when the finding had no file of its own and points at the model's first reference. */
  viaReference: boolean;
}

/**
 * Where a finding can be shown in the repository: its own file and line, or for model-level
 * findings (hub facts, artifacts) the first line that references the model. Null when neither
 * exists (e.g. a watched model that nothing in the repository references).
 */
export function pointAt(report: Report, finding: Finding): PointedLocation | null {
  if (finding.file) {
    return { file: finding.file, line: Math.max(1, finding.line ?? 1), column: finding.column ?? null, viaReference: false };
  }
  if (!finding.model) return null;
  const ref = firstReferences(report).get(finding.model);
  if (!ref) return null;
  return { file: ref.file, line: Math.max(1, ref.line), column: ref.column ?? null, viaReference: true };
}

export type ModelVerdict = 'fail' | 'warn' | 'pass';

/** fail: a blocking finding; warn: findings that do not block; pass: none (suppressed ones aside). */
export function verdictOf(findings: Finding[]): ModelVerdict {
  const active = findings.filter((f) => !f.exception || f.exception.expired);
  if (active.some((f) => f.blocking)) return 'fail';
  return active.some((f) => f.severity !== 'info') ? 'warn' : 'pass';
}

export interface ModelGroup {
  /** Null for findings that belong to no assessed model (unreadable files, policy problems). */
  model: ModelSummary | null;
  findings: Finding[];
  verdict: ModelVerdict;
}

/** Findings per model, then one group for the rest; each group's findings sorted. */
export function groupByModel(report: Report): ModelGroup[] {
  const claimed = new Set<number>();
  const groups: ModelGroup[] = report.models.map((model) => {
    const findings = model.findings.filter((i) => report.findings[i] !== undefined).map((i) => {
      claimed.add(i);
      return report.findings[i];
    });
    findings.sort(compareFindings);
    return { model, findings, verdict: verdictOf(findings) };
  });
  const rest = report.findings.filter((_, i) => !claimed.has(i)).sort(compareFindings);
  if (rest.length > 0) groups.push({ model: null, findings: rest, verdict: verdictOf(rest) });
  // Failing models first, then those with warnings: what a reviewer must act on leads (and
  // survives truncation), the most severe first within each. The sort is stable.
  const rank: Record<ModelVerdict, number> = { fail: 0, warn: 1, pass: 2 };
  const worst = (g: ModelGroup) => Math.min(5, ...g.findings.map((f) => SEVERITY_RANK[f.severity]));
  return groups.sort((a, b) => rank[a.verdict] - rank[b.verdict] || worst(a) - worst(b));
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
