// SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif) and other viewers.
// Choices that code scanning depends on, documented in docs/sarif.md:
// - every catalogue rule is listed in tool.driver.rules, so rule metadata is there even for a
//   clean run and ruleIndex is stable for a given modelgate version;
// - `security-severity` (a number in a string, 0.0-10.0) gives alerts GitHub's
//   critical/high/medium/low labels;
// - `partialFingerprints` come from what the finding is about, not its line number, so an alert
//   survives code moving around and is matched across runs;
// - a finding about a model rather than a line points at the model's first reference; every
//   result has a physical location, since GitHub rejects the whole file otherwise.
import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { RULES, hasRule, getRule } from '../rules.js';
import type { Finding, Report, Severity } from '../types.js';
import { pointAt } from './findings.js';
import { PROJECT_URL, ruleDocUrl } from './links.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub maps security-severity > 9.0 to critical, >= 7.0 high, >= 4.0 medium, else low. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

type Level = 'error' | 'warning' | 'note' | 'none';

/** SARIF level: what a viewer shows; blocking is the policy's business and travels in properties. */
export function sarifLevel(severity: Severity): Level {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'note';
}

/** Version of the fingerprint recipe: bump it when the recipe changes, so old alerts close cleanly. */
const FINGERPRINT_KEY = 'modelgate/v1';

function describeRule(id: string): ReportingDescriptor {
  if (!hasRule(id)) {
    // A finding whose rule is not (yet) in the catalogue still needs a descriptor.
    return {
      id,
      name: id,
      shortDescription: { text: id },
      helpUri: ruleDocUrl(id),
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['security', 'supply-chain'], 'security-severity': SECURITY_SEVERITY.medium },
    };
  }
  const rule = getRule(id);
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    helpUri: ruleDocUrl(rule.id),
    help: {
      text: `${rule.description} See ${ruleDocUrl(rule.id)} for how to fix or suppress it.`,
      markdown: `${rule.description}\n\nSee [${rule.id}](${ruleDocUrl(rule.id)}) for how to fix or suppress it.`,
    },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      tags: ['security', 'supply-chain', `stage/${rule.stage}`],
      precision: 'high',
      'problem.severity': sarifLevel(rule.severity) === 'note' ? 'recommendation' : sarifLevel(rule.severity),
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

/** A relative URI reference for a repository path: each segment percent-encoded (`#`, `?`, spaces). */
function fileUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * What identifies a finding independently of line numbers: the rule, the model, the file, the
 * artifact inside the model repository, and the text of the reference it sits on (the call and
 * the expression as written) when there is one; otherwise the message with digits removed (so
 * counts and sizes in it do not churn the fingerprint).
 */
function fingerprintMaterial(report: Report, finding: Finding): string {
  const ref = finding.file
    ? report.references.find((r) => r.file === finding.file && r.line === finding.line && (finding.model == null || r.id === finding.model))
    : undefined;
  const anchor = ref ? `${ref.call}|${normalise(ref.raw)}` : normalise(finding.message).replace(/\d+/g, '#');
  return [finding.rule, finding.model ?? '', finding.file ?? '', finding.artifact ?? '', anchor].join('\u0000');
}

export interface SarifOptions {
  /**
   * Repository-relative file for findings that point nowhere in the repository (a watch-list
   * look-alike no file references): usually the policy file that asked for the check. GitHub
   * rejects a whole SARIF file when one result lacks a physical location, so without an anchor
   * such findings are left out of `results` and listed in `runs[0].properties.unanchored`.
   */
  anchorFile?: string | null;
}

function resultFor(report: Report, finding: Finding, ruleIndex: number, fingerprint: string, anchorFile: string | null): Result | null {
  const pointed = pointAt(report, finding);
  const at = pointed ?? (anchorFile ? { file: anchorFile, line: 1, column: null, viaReference: true } : null);
  if (!at) return null;
  let text = finding.message;
  if (!pointed && finding.model) text += ` (model ${finding.model}; shown on ${at.file}, which asked for the check)`;
  else if (at.viaReference && finding.model) text += ` (model ${finding.model}, first referenced here)`;
  if (finding.fix) text += `\nFix: ${finding.fix}`;
  const result: Result = {
    ruleId: finding.rule,
    ruleIndex,
    level: sarifLevel(finding.severity),
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(at.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: at.line, ...(at.column && at.column > 0 ? { startColumn: at.column } : {}) },
        },
        ...(finding.model ? { logicalLocations: [{ name: finding.model, kind: 'module', fullyQualifiedName: finding.artifact ? `${finding.model}/${finding.artifact}` : finding.model }] } : {}),
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    properties: {
      severity: finding.severity,
      stage: finding.stage,
      blocking: finding.blocking,
      introduced: finding.introduced,
      'security-severity': SECURITY_SEVERITY[finding.severity],
      ...(finding.model ? { model: finding.model } : {}),
      ...(finding.artifact ? { artifact: finding.artifact } : {}),
      ...(Object.keys(finding.evidence ?? {}).length ? { evidence: finding.evidence } : {}),
    },
  };
  if (finding.exception && !finding.exception.expired) {
    result.suppressions = [{ kind: 'external', status: 'accepted', justification: finding.exception.reason }];
  }
  return result;
}

export function toSarif(report: Report, options: SarifOptions = {}): Log {
  const rules: ReportingDescriptor[] = RULES.map((r) => describeRule(r.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  for (const f of report.findings) {
    if (!index.has(f.rule)) {
      index.set(f.rule, rules.length);
      rules.push(describeRule(f.rule));
    }
  }
  // Identical material in one run (the same call twice in a file) gets an occurrence number,
  // as GitHub's own primaryLocationLineHash does.
  const seen = new Map<string, number>();
  const results: Result[] = [];
  const unanchored: { rule: string; model: string | null; message: string }[] = [];
  for (const f of report.findings) {
    const material = fingerprintMaterial(report, f);
    const n = seen.get(material) ?? 0;
    seen.set(material, n + 1);
    const digest = createHash('sha256').update(material).digest('hex').slice(0, 32);
    const result = resultFor(report, f, index.get(f.rule)!, `${digest}:${n + 1}`, options.anchorFile ?? null);
    if (result) results.push(result);
    else unanchored.push({ rule: f.rule, model: f.model, message: f.message });
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'modelgate',
            semanticVersion: report.tool.version,
            version: report.tool.version,
            informationUri: PROJECT_URL,
            rules,
          },
        },
        // One category for every mode, so a pull request's alerts compare against the branch's.
        automationDetails: { id: 'modelgate/' },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The root of the scanned repository.' } } },
        columnKind: 'utf16CodeUnits',
        results,
        properties: { verdict: report.verdict, mode: report.mode, skipped: report.skipped, ...(unanchored.length ? { unanchored } : {}) },
      },
    ],
  };
}
