// Workflow-command annotations (::error file=...::). GitHub shows at most 10 errors, 10 warnings
// and 10 notices per step (and 50 per job), so the most important findings go first and, when
// a level overflows, its last slot says how many more there are and where to see them.
import { getRule, hasRule } from '../rules.js';
import type { Finding, Report } from '../types.js';
import { compareFindings, pointAt } from './findings.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export const ANNOTATIONS_PER_LEVEL = 10;

export interface PlannedAnnotation {
  level: AnnotationLevel;
  title: string;
  message: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

export interface AnnotationPlan {
  annotations: PlannedAnnotation[];
  /** Findings that got no annotation of their own because their level was full. */
  omitted: number;
}

/** Blocking findings are errors; other findings warnings or, for low and info, notices. */
export function annotationLevel(f: Finding): AnnotationLevel {
  if (f.blocking) return 'error';
  return f.severity === 'low' || f.severity === 'info' ? 'notice' : 'warning';
}

export function findingTitle(f: Finding): string {
  const name = hasRule(f.rule) ? getRule(f.rule).title : f.rule;
  return `${f.rule} (${f.severity}${f.blocking ? ', blocking' : ''}): ${name}`;
}

export function findingText(f: Finding): string {
  return f.fix ? `${f.message}\nFix: ${f.fix}` : f.message;
}

/** Findings worth annotating: an unexpired exception means someone already accepted it. */
export function annotatable(f: Finding): boolean {
  return !f.exception || f.exception.expired;
}

export function planAnnotations(report: Report, perLevel = ANNOTATIONS_PER_LEVEL): AnnotationPlan {
  const byLevel: Record<AnnotationLevel, Finding[]> = { error: [], warning: [], notice: [] };
  for (const f of [...report.findings].filter(annotatable).sort(compareFindings)) byLevel[annotationLevel(f)].push(f);
  const annotations: PlannedAnnotation[] = [];
  let omitted = 0;
  for (const level of ['error', 'warning', 'notice'] as const) {
    const list = byLevel[level];
    const shown = list.length > perLevel ? list.slice(0, perLevel - 1) : list;
    for (const f of shown) {
      const at = pointAt(report, f);
      annotations.push({
        level,
        title: findingTitle(f),
        message: at?.viaReference && f.model ? `${findingText(f)}\n(about ${f.model}, first referenced here)` : findingText(f),
        ...(at ? { file: at.file, startLine: at.line, ...(at.column ? { startColumn: at.column } : {}) } : {}),
      });
    }
    const rest = list.length - shown.length;
    if (rest > 0) {
      omitted += rest;
      annotations.push({
        level,
        title: `modelgate: ${rest} more ${level === 'error' ? 'blocking' : level} findings`,
        message: `GitHub shows ${perLevel} ${level} annotations per step; ${rest} more findings at this level are listed in the job summary${level === 'notice' ? '' : ' and the check run'}.`,
      });
    }
  }
  return { annotations, omitted };
}
