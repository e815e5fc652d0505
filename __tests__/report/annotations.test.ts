import { describe, expect, it } from '@jest/globals';
import { annotationLevel, planAnnotations } from '../../src/report/annotations.js';
import { checkAnnotations, checkTitle, conclusionOf } from '../../src/report/check-run.js';
import { emptyReport, failingReport, finding, ref } from './sample-reports.js';

describe('workflow annotations', () => {
  it('levels: blocking is an error, medium and up a warning, low and info a notice', () => {
    expect(annotationLevel(finding('MG301', 'low', { blocking: true }))).toBe('error');
    expect(annotationLevel(finding('MG501', 'high'))).toBe('warning');
    expect(annotationLevel(finding('MG004', 'medium'))).toBe('warning');
    expect(annotationLevel(finding('MG002', 'info'))).toBe('notice');
  });

  it('places a model-level finding on the first reference, and one with no place without a file', () => {
    const report = emptyReport({
      references: [ref('org/m', 'a.py', 7)],
      findings: [finding('MG003', 'high', { model: 'org/m', message: 'denied' }), finding('MG221', 'high', { model: 'far/away', message: 'look-alike' })],
    });
    const [onRef, nowhere] = planAnnotations(report).annotations;
    expect(onRef).toMatchObject({ level: 'warning', file: 'a.py', startLine: 7 });
    expect(onRef.message).toContain('(about org/m, first referenced here)');
    expect(nowhere.file).toBeUndefined();
  });

  it('skips findings under an unexpired exception but not an expired one', () => {
    const report = emptyReport({
      findings: [
        finding('MG301', 'low', { file: 'a.py', line: 1, exception: { reason: 'ok', expired: false } }),
        finding('MG301', 'low', { file: 'b.py', line: 1, exception: { reason: 'old', expired: true } }),
      ],
    });
    expect(planAnnotations(report).annotations.map((a) => a.file)).toEqual(['b.py']);
    expect(checkAnnotations(report).map((a) => a.path)).toEqual(['b.py']);
  });
});

describe('check run content', () => {
  it('concludes failure, neutral or success', () => {
    expect(conclusionOf(failingReport())).toBe('failure');
    const warn = failingReport();
    warn.verdict = 'pass';
    expect(conclusionOf(warn)).toBe('neutral');
    expect(conclusionOf(emptyReport({ findings: [finding('MG002', 'info', { file: 'a.py', line: 1 })] }))).toBe('success');
  });

  it('titles the run by what blocks', () => {
    expect(checkTitle(failingReport())).toBe('1 blocking finding in 3 models');
    expect(checkTitle(emptyReport())).toBe('0 models checked, no findings');
  });

  it('annotates with GitHub levels, columns only on one line, most important first', () => {
    const a = checkAnnotations(failingReport());
    expect(a[0]).toEqual(expect.objectContaining({ annotation_level: 'failure', path: 'src/train.py', start_line: 14, end_line: 14, start_column: 9, end_column: 9 }));
    expect(a.map((x) => x.annotation_level)).toEqual(['failure', 'notice', 'notice', 'notice']);
    for (const x of a) expect(x.title.length).toBeLessThanOrEqual(255);
  });
});
