// Shared test helpers: limits, severities with rule defaults applied.
import { RULES } from '../../src/rules.js';
import type { ArtifactReport, FindingDraft, ScanLimits, Severity } from '../../src/types.js';

export const LIMITS: ScanLimits = {
  maxBytesPerFile: 256 * 1024 * 1024,
  maxDecompressedBytes: 32 * 1024 * 1024,
  maxPickleOps: 20_000_000,
  maxStackDepth: 100_000,
  maxMemoEntries: 2_000_000,
  timeoutMsPerFile: 60_000,
  timeoutMsPerModel: 300_000,
  maxNesting: 4,
};

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function severityOf(f: FindingDraft): Severity {
  return f.severity ?? RULES.find((r) => r.id === f.rule)?.severity ?? 'info';
}

/** Findings of a report and of every member scanned inside it. */
export function allFindings(r: ArtifactReport): FindingDraft[] {
  return [...r.findings, ...(r.members ?? []).flatMap(allFindings)];
}

/** Globals of a report and of every member scanned inside it. */
export function allGlobals(r: ArtifactReport): ArtifactReport['globals'] {
  return [...r.globals, ...(r.members ?? []).flatMap(allGlobals)];
}

/** Highest severity rank in a report and its members (-1 when there are no findings). */
export function maxRank(r: ArtifactReport): number {
  return Math.max(-1, ...allFindings(r).map((f) => RANK[severityOf(f)]));
}

export { RANK };
