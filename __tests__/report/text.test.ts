import { describe, expect, it } from '@jest/globals';
import { exitCodeOf } from '../../src/report/exit-code.js';
import { toText } from '../../src/report/text.js';
import type { Finding, Report } from '../../src/types.js';

function finding(over: Partial<Finding>): Finding {
  return {
    rule: 'MG501', severity: 'high', stage: 'loading', model: 'org/m', message: 'm', file: 'a.py', line: 3, column: 1,
    artifact: null, evidence: {}, fix: null, blocking: true, introduced: true, ...over,
  };
}

function report(findings: Finding[]): Report {
  return {
    version: 1, tool: { name: 'modelgate', version: '0.0.0' }, verdict: findings.some((f) => f.blocking) ? 'fail' : 'pass', mode: 'full',
    references: [], datasets: [],
    models: [{ id: 'org/m', revision: null, resolvedId: 'org/m', resolvedSha: 'a'.repeat(40), exists: true, facts: {}, findings: findings.map((_, i) => i), codeFiles: ['org/m@abc:modeling.py'] }],
    findings, skipped: ['nothing'], stats: { filesScanned: 1, bytesRead: 10, hubRequests: 2, durationMs: 5 },
  };
}

describe('text report', () => {
  it('lists models, findings with fixes and the verdict', () => {
    const text = toText(report([finding({ fix: 'pin it' }), finding({ rule: 'MG301', severity: 'low', blocking: false, exception: { reason: 'ok', expired: false } })]));
    expect(text).toContain('org/m');
    expect(text).toContain('at aaaaaaaaaaaa');
    expect(text).toContain('1 high, 1 low');
    expect(text).toContain('✗ HIGH      MG501  a.py:3');
    expect(text).toContain('fix: pin it');
    expect(text).toContain('~ LOW');
    expect(text).toContain('org/m@abc:modeling.py');
    expect(text).toContain('verdict: FAIL (1 blocking finding)');
  });

  it('removes terminal control and bidi characters that come from repository or hub text', () => {
    const text = toText(report([finding({ message: 'evil\u001b[2J\u001b]0;title\u0007 \u202etxt.exe' })]));
    expect(text).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(text).toContain('evil');
  });

  it('maps verdicts to exit statuses, 3 when only incomplete assessments block', () => {
    expect(exitCodeOf(report([]))).toBe(0);
    expect(exitCodeOf(report([finding({})]))).toBe(1);
    expect(exitCodeOf(report([finding({ rule: 'MG020' })]))).toBe(3);
    expect(exitCodeOf(report([finding({ rule: 'MG020' }), finding({})]))).toBe(1);
  });
});
