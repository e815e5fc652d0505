// Turns what the machine saw into PickleGlobal entries and findings, with one severity scale:
// a dangerous global that is called runs on load (critical); imported only, it still resolves
// to something dangerous (high); an unknown global that is called runs code the scanner cannot
// vouch for (high), imported only it is weaker (medium); classes of well-known ML libraries are
// reported low; a stream that breaks is never clean.
import type { ArtifactScanContext, FindingDraft, PickleGlobal, Severity } from '../../types.js';
import { RULE } from '../rule-ids.js';
import { classifyGlobal, type Classification } from './classify.js';
import type { GlobalRef, PickleRun } from './machine.js';

export interface PickleVerdict {
  globals: PickleGlobal[];
  findings: FindingDraft[];
}

/** Merges the globals of several runs (one file, one member) into distinct entries. */
export function judgeGlobals(refs: GlobalRef[], ctx: ArtifactScanContext, member?: string): PickleVerdict {
  const byName = new Map<string, { ref: GlobalRef; called: boolean; calledWith?: string; count: number; mutated: boolean }>();
  for (const r of refs) {
    // getattr used only for constant lookups: its targets are judged as dotted globals instead
    if (r.constantLookup && !r.called) continue;
    const key = `${r.module}\u0000${r.name}`;
    const seen = byName.get(key);
    if (seen) {
      seen.count++;
      seen.mutated ||= !!r.mutated;
      if (r.called && !seen.called) {
        seen.called = true;
        seen.calledWith = r.calledWith;
      }
    } else byName.set(key, { ref: r, called: r.called, calledWith: r.calledWith, count: 1, mutated: !!r.mutated });
  }
  const globals: PickleGlobal[] = [];
  const findings: FindingDraft[] = [];
  const expected: string[] = [];
  const where = member ? ` in member "${member}"` : '';
  for (const { ref, called, calledWith, mutated } of byName.values()) {
    const c: Classification = mutated
      ? { classification: 'dangerous', reason: 'has its attributes overwritten on load (BUILD on a module or class), which redirects every later lookup through it' }
      : classifyGlobal(ref.module, ref.name);
    const qualified = `${ref.module}.${ref.name}`;
    globals.push({ module: ref.module, name: ref.name, classification: c.classification, called, ...(c.reason ? { reason: c.reason } : {}), ...(member ? { member } : {}) });
    const evidence = { module: ref.module, name: ref.name, called, offset: ref.offset, ...(calledWith ? { arguments: calledWith } : {}), ...(member ? { member } : {}) };
    if (c.classification === 'dangerous') {
      findings.push({
        rule: called ? RULE.pickleDangerousCall : RULE.pickleDangerousImport,
        message: mutated
          ? `Loading ${ctx.path} overwrites attributes of ${qualified} with ${calledWith ?? 'new values'}${where}: every later lookup through it is redirected.`
          : called
          ? `Loading ${ctx.path} calls ${qualified}${calledWith ? `${calledWith}` : ''}${where}: it ${c.reason}.`
          : `${ctx.path} imports ${qualified}${where}, which ${c.reason}; loading resolves it even if the pickle never calls it directly.`,
        artifact: ctx.path,
        evidence,
        fix: 'Do not load this file. Get the weights as safetensors from a trusted publisher.',
      });
    } else if (c.classification === 'unknown') {
      if (c.expectedLibrary) {
        expected.push(qualified);
        continue;
      }
      findings.push({
        rule: RULE.pickleUnknownGlobal,
        severity: called ? 'high' : 'medium',
        message: `${ctx.path}${where} ${called ? 'calls' : 'imports'} ${qualified}, which is not on the allowlist of values safe to load${called ? '; loading runs it' : ''}.`,
        artifact: ctx.path,
        evidence,
        fix: 'Review what this global does; load with torch.load(weights_only=True) or convert to safetensors.',
      });
    }
  }
  if (expected.length > 0) {
    findings.push({
      rule: RULE.pickleUnknownGlobal,
      severity: 'low',
      message: `${ctx.path}${where} needs ${expected.length} class(es) from well-known ML libraries to load (${expected.slice(0, 6).join(', ')}${expected.length > 6 ? ', …' : ''}); loading runs their constructors and __setstate__.`,
      artifact: ctx.path,
      evidence: { globals: expected.slice(0, 100), ...(member ? { member } : {}) },
      fix: 'Prefer a format without code (safetensors, skops, ONNX) when the library offers one.',
    });
  }
  return { globals, findings };
}

/** A finding for a stream that broke or crossed a budget, or null when it ended cleanly. */
export function breakFinding(run: PickleRun, ctx: ArtifactScanContext, globals: PickleGlobal[], member?: string): FindingDraft | null {
  if (!run.error) return null;
  const where = member ? ` member "${member}" of` : '';
  if (run.error.kind === 'limit') {
    return {
      rule: RULE.incompleteScan,
      message: `Could not fully scan${where} ${ctx.path}: the pickle stream crossed a budget (${run.error.message}) at byte ${run.error.offset}; what follows was not checked.`,
      artifact: ctx.path,
      evidence: { limit: run.error.limit, offset: run.error.offset, ...(member ? { member } : {}) },
      fix: 'Raise the limit in the policy (limits:) if the file is expected to be this large.',
    };
  }
  const risky = globals.some((g) => g.classification !== 'allowed');
  const severity: Severity = risky ? 'medium' : 'low';
  return {
    rule: RULE.pickleMalformed,
    severity,
    message: `The pickle stream in${where} ${ctx.path} ${run.error.kind === 'truncated' ? 'ends early' : 'breaks'} at byte ${run.error.offset} (${run.error.message}); a loader runs every opcode before that point, and the ${globals.length} global(s) seen there are reported.`,
    artifact: ctx.path,
    evidence: { offset: run.error.offset, error: run.error.message, opsBeforeBreak: run.ops, ...(member ? { member } : {}) },
    fix: 'Do not load a damaged pickle; get the file again from its publisher.',
  };
}
