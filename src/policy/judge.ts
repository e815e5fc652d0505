// The policy turns drafts into findings: severity (rule default, the check's evidence, then the
// policy's override), location, exceptions, introduced-vs-existing, blocking, and one verdict.
import { minimatch } from 'minimatch';
import { getRule, hasRule } from '../rules.js';
import type { Finding, FindingDraft, ModelReference, Policy, PolicyException, Verdict } from '../types.js';
import { atLeast } from './severity.js';

/** A draft with what it is about: a reference, or a model target (with its references). */
export interface AnchoredDraft {
  draft: FindingDraft;
  reference?: ModelReference;
  target?: { id: string; revision: string | null; introduced: boolean; references: ModelReference[] };
  /** PR mode, for drafts about neither a reference nor a model (file problems, loading calls). */
  introduced?: boolean;
}

export interface JudgeOptions {
  mode: 'full' | 'diff' | 'inspect';
  now: Date;
  policyFile: string | null;
}

export interface Judgement {
  findings: Finding[];
  /** For each finding, the index of the draft it came from (-1: made by the judge itself). */
  origins: number[];
  verdict: Verdict;
}

function matchesGlob(value: string | null | undefined, glob: string): boolean {
  return !!value && minimatch(value, glob, { nocase: true, dot: true });
}

function exceptionMatches(ex: PolicyException, f: Finding): boolean {
  if (ex.rule && ex.rule !== f.rule) return false;
  if (ex.model && !matchesGlob(f.model, ex.model)) return false;
  if (ex.path && !matchesGlob(f.file, ex.path)) return false;
  return true;
}

function isExpired(ex: PolicyException, now: Date): boolean {
  // An exception is valid through the whole of its expiry day (UTC).
  return !!ex.expires && now.toISOString().slice(0, 10) > ex.expires;
}

function locate(a: AnchoredDraft): { file: string | null; line: number | null; column: number | null } {
  const d = a.draft;
  if (d.file !== undefined && d.file !== null) return { file: d.file, line: d.line ?? null, column: d.column ?? null };
  const ref = a.reference ?? a.target?.references[0];
  if (ref) return { file: ref.file, line: ref.line, column: ref.column };
  return { file: null, line: null, column: null };
}

export function judge(drafts: AnchoredDraft[], policy: Policy, options: JudgeOptions): Judgement {
  const findings: Finding[] = [];
  const origins: number[] = [];
  const expiredUsed = new Set<PolicyException>();
  for (const [index, a] of drafts.entries()) {
    const d = a.draft;
    // An unknown rule id is a bug in modelgate, not in the repository: keep the finding, loudly.
    const rule = hasRule(d.rule)
      ? getRule(d.rule)
      : { id: d.rule, stage: 'loading' as const, severity: 'high' as const };
    const setting = policy.rules[rule.id];
    if (setting?.enabled === false) continue;
    const severity = setting?.severity ?? d.severity ?? rule.severity;
    const introduced =
      options.mode !== 'diff' ? true : (a.introduced ?? (a.reference ? a.reference.introduced !== false : (a.target?.introduced ?? true)));
    const finding: Finding = {
      rule: rule.id,
      severity,
      stage: rule.stage,
      model: d.model ?? a.reference?.id ?? a.target?.id ?? null,
      message: d.message,
      ...locate(a),
      artifact: d.artifact ?? null,
      evidence: d.evidence ?? {},
      fix: d.fix ?? null,
      blocking: false,
      introduced,
    };
    const matching = policy.exceptions.filter((ex) => exceptionMatches(ex, finding));
    const active = matching.find((ex) => !isExpired(ex, options.now));
    const expired = matching.find((ex) => isExpired(ex, options.now));
    if (active) finding.exception = { reason: active.reason, ...(active.expires ? { expires: active.expires } : {}), expired: false };
    else if (expired) {
      finding.exception = { reason: expired.reason, expires: expired.expires, expired: true };
      expiredUsed.add(expired);
    }
    const counts = options.mode !== 'diff' || !policy.failOnlyIntroduced || introduced;
    finding.blocking = !policy.warnOnly && !active && counts && atLeast(severity, policy.failOn);
    findings.push(finding);
    origins.push(index);
  }
  for (const ex of expiredUsed) {
    const setting = policy.rules.MG005;
    if (setting?.enabled === false) continue;
    const rule = getRule('MG005');
    const severity = setting?.severity ?? rule.severity;
    const scope = [ex.rule && `rule ${ex.rule}`, ex.model && `model ${ex.model}`, ex.path && `path ${ex.path}`].filter(Boolean).join(', ');
    findings.push({
      rule: rule.id,
      severity,
      stage: rule.stage,
      model: ex.model ?? null,
      message: `The exception for ${scope} ("${ex.reason}") expired on ${ex.expires} and no longer applies.`,
      file: options.policyFile,
      line: null,
      column: null,
      artifact: null,
      evidence: { exception: ex },
      fix: 'Fix the findings it covered, or renew the exception with a new expiry date and a reason.',
      blocking: !policy.warnOnly && atLeast(severity, policy.failOn),
      introduced: true,
    });
    origins.push(-1);
  }
  return { findings, origins, verdict: findings.some((f) => f.blocking) ? 'fail' : 'pass' };
}
