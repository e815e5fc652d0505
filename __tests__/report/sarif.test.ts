import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import { RULES } from '../../src/rules.js';
import { SECURITY_SEVERITY, toSarif } from '../../src/report/sarif.js';
import type { Report } from '../../src/types.js';
import { emptyReport, failingReport, finding, largeReport, ref } from './sample-reports.js';

// The OASIS SARIF 2.1.0 schema (rtm.5, the final 2.1.0 text) as shipped in the npm package
// @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json). It is a draft-04 schema.
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const ajv = new (Ajv04 as unknown as typeof Ajv04.default)({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
// (unicodeRegExp off: one pattern in the schema, for `language`, is not valid with the u flag.)
const validate = ajv.compile(schema);

function expectValid(report: Report): void {
  const log = toSarif(report);
  const ok = validate(JSON.parse(JSON.stringify(log)));
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('toSarif', () => {
  it('is valid SARIF 2.1.0 for a clean, a failing and a large report', () => {
    expectValid(emptyReport());
    expectValid(failingReport());
    expectValid(largeReport(40, 3));
  });

  it('the schema check can fail (guards against a validator that accepts anything)', () => {
    const log = toSarif(failingReport()) as any;
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('lists every catalogue rule with help, a docs link and a security-severity', () => {
    const rules = toSarif(emptyReport()).runs[0].tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const r of rules) {
      expect(r.helpUri).toMatch(new RegExp(`/docs/rules/${r.id}\\.md$`));
      expect(Number(r.properties!['security-severity'])).toBeGreaterThanOrEqual(0);
    }
    const mg501 = rules.find((r) => r.id === 'MG501')!;
    expect(mg501.properties!['security-severity']).toBe(SECURITY_SEVERITY.high);
    expect(mg501.defaultConfiguration!.level).toBe('error');
  });

  it('points results at their file and line, with a matching ruleIndex', () => {
    const log = toSarif(failingReport());
    const run = log.runs[0];
    const r0 = run.results![0];
    expect(r0.ruleId).toBe('MG501');
    expect(run.tool.driver.rules![r0.ruleIndex!].id).toBe('MG501');
    expect(r0.level).toBe('error');
    expect(r0.locations![0].physicalLocation!.artifactLocation!.uri).toBe('src/train.py');
    expect(r0.locations![0].physicalLocation!.region).toEqual({ startLine: 14, startColumn: 9 });
    expect(r0.properties!.blocking).toBe(true);
  });

  it('points a model-level finding at the first reference of the model', () => {
    const report = emptyReport({
      references: [ref('org/a', 'app/main.py', 40), ref('org/a', 'app/other.py', 2)],
      findings: [finding('MG003', 'high', { model: 'org/a', message: 'denied' })],
    });
    const loc = toSarif(report).runs[0].results![0].locations![0];
    expect(loc.physicalLocation!.artifactLocation!.uri).toBe('app/main.py');
    expect(loc.physicalLocation!.region!.startLine).toBe(40);
    expect(loc.logicalLocations![0].name).toBe('org/a');
  });

  it('anchors a finding that points nowhere on the given file, or leaves it out of results', () => {
    const report = emptyReport({ findings: [finding('MG221', 'high', { model: 'org/watched', message: 'x' })] });
    const anchored = toSarif(report, { anchorFile: '.github/modelgate.yml' }).runs[0];
    expect(anchored.results![0].locations![0].physicalLocation!.artifactLocation!.uri).toBe('.github/modelgate.yml');
    expect(anchored.results![0].locations![0].logicalLocations![0].fullyQualifiedName).toBe('org/watched');
    const bare = toSarif(report).runs[0];
    expect(bare.results).toEqual([]);
    expect(bare.properties!.unanchored).toEqual([{ rule: 'MG221', model: 'org/watched', message: 'x' }]);
    expectValid(report);
  });

  it('gives every result a physical location with a uri (GitHub rejects the file otherwise)', () => {
    for (const log of [toSarif(failingReport()), toSarif(largeReport(20, 2))]) {
      for (const r of log.runs[0].results!) expect(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBeTruthy();
    }
  });

  it('percent-encodes file paths into URIs', () => {
    const report = emptyReport({ findings: [finding('MG002', 'info', { file: 'notebooks/my nb #1?.ipynb', line: 2 })] });
    const uri = toSarif(report).runs[0].results![0].locations![0].physicalLocation!.artifactLocation!.uri;
    expect(uri).toBe('notebooks/my%20nb%20%231%3F.ipynb');
    expect(decodeURIComponent(uri!)).toBe('notebooks/my nb #1?.ipynb');
  });

  it('keeps fingerprints stable when lines move, and distinct for distinct findings', () => {
    const before = failingReport();
    const after = failingReport();
    // Ten lines were added above every reference.
    for (const r of after.references) r.line += 10;
    for (const f of after.findings) if (f.line) f.line += 10;
    const fp = (rep: Report) => toSarif(rep).runs[0].results!.map((r) => r.partialFingerprints!['modelgate/v1']);
    expect(fp(after)).toEqual(fp(before));
    expect(new Set(fp(before)).size).toBe(before.findings.length);
  });

  it('numbers identical findings in one file instead of colliding', () => {
    const report = emptyReport({
      findings: [
        finding('MG002', 'info', { file: 'a.py', line: 3, message: 'unresolved MODEL' }),
        finding('MG002', 'info', { file: 'a.py', line: 9, message: 'unresolved MODEL' }),
      ],
    });
    const fps = toSarif(report).runs[0].results!.map((r) => r.partialFingerprints!['modelgate/v1']);
    expect(fps[0]).not.toBe(fps[1]);
    expect(fps[0].replace(/:\d+$/, '')).toBe(fps[1].replace(/:\d+$/, ''));
  });

  it('marks findings covered by an unexpired exception as suppressed', () => {
    const report = emptyReport({
      findings: [
        finding('MG301', 'low', { file: 'a.py', line: 1, exception: { reason: 'vendored', expired: false } }),
        finding('MG301', 'low', { file: 'b.py', line: 1, exception: { reason: 'old', expires: '2020-01-01', expired: true } }),
      ],
    });
    const results = toSarif(report).runs[0].results!;
    expect(results[0].suppressions?.[0].justification).toBe('vendored');
    expect(results[1].suppressions).toBeUndefined();
    expectValid(report);
  });

  it('describes a rule that is not in the catalogue rather than dropping the finding', () => {
    const report = emptyReport({ findings: [finding('MG999', 'medium', { file: 'x.py', line: 2 })] });
    const run = toSarif(report).runs[0];
    expect(run.tool.driver.rules![run.results![0].ruleIndex!].id).toBe('MG999');
    expectValid(report);
  });
});
