import { describe, expect, it } from '@jest/globals';
import { judge, type AnchoredDraft } from '../../src/policy/judge.js';
import { parsePolicy } from '../../src/policy/load.js';
import type { ModelReference } from '../../src/types.js';

const now = new Date('2026-06-15T12:00:00Z');

function ref(over: Partial<ModelReference> = {}): ModelReference {
  return {
    id: 'org/model', raw: '"org/model"', revision: null, repoType: 'model', kind: 'from_pretrained',
    call: 'AutoModel.from_pretrained', flags: {}, confidence: 'high', file: 'train.py', line: 3, column: 9, ...over,
  };
}

const drafts = (r: ModelReference): AnchoredDraft[] => [
  { reference: r, draft: { rule: 'MG501', message: 'remote code' } },
  { reference: r, draft: { rule: 'MG301', message: 'unpinned' } },
];

describe('judge', () => {
  it('applies rule defaults, the threshold and the verdict', () => {
    const j = judge(drafts(ref()), parsePolicy('{}', 'p'), { mode: 'full', now, policyFile: null });
    expect(j.findings.map((f) => [f.rule, f.severity, f.stage, f.blocking])).toEqual([
      ['MG501', 'high', 'loading', true],
      ['MG301', 'low', 'hosting', false],
    ]);
    expect(j.findings[0]).toMatchObject({ file: 'train.py', line: 3, column: 9, model: 'org/model' });
    expect(j.verdict).toBe('fail');
  });

  it('honours per-rule severity and off, and warn-only', () => {
    const p = parsePolicy('rules:\n  MG501: low\n  MG301: "off"\n', 'p');
    const j = judge(drafts(ref()), p, { mode: 'full', now, policyFile: null });
    expect(j.findings).toHaveLength(1);
    expect(j.findings[0].severity).toBe('low');
    expect(j.verdict).toBe('pass');
    const w = judge(drafts(ref()), parsePolicy('warn-only: true', 'p'), { mode: 'full', now, policyFile: null });
    expect(w.findings.some((f) => f.blocking)).toBe(false);
    expect(w.verdict).toBe('pass');
  });

  it('fails a PR only on what it introduces, unless told otherwise', () => {
    const existing = ref({ introduced: false });
    const j = judge(drafts(existing), parsePolicy('{}', 'p'), { mode: 'diff', now, policyFile: null });
    expect(j.findings[0]).toMatchObject({ rule: 'MG501', introduced: false, blocking: false });
    expect(j.verdict).toBe('pass');
    const strict = judge(drafts(existing), parsePolicy('fail-only-introduced: false', 'p'), { mode: 'diff', now, policyFile: null });
    expect(strict.verdict).toBe('fail');
    const introduced = judge(drafts(ref({ introduced: true })), parsePolicy('{}', 'p'), { mode: 'diff', now, policyFile: null });
    expect(introduced.verdict).toBe('fail');
  });

  it('suppresses with a live exception and says when one has expired', () => {
    const live = parsePolicy('exceptions:\n  - rule: MG501\n    model: "org/*"\n    reason: reviewed\n    expires: 2026-06-15\n', 'p');
    const j = judge(drafts(ref()), live, { mode: 'full', now, policyFile: '.github/modelgate.yml' });
    expect(j.findings[0].exception).toEqual({ reason: 'reviewed', expires: '2026-06-15', expired: false });
    expect(j.findings[0].blocking).toBe(false);
    expect(j.verdict).toBe('pass');

    const later = new Date('2026-06-16T00:00:01Z');
    const e = judge(drafts(ref()), live, { mode: 'full', now: later, policyFile: '.github/modelgate.yml' });
    expect(e.findings[0].exception?.expired).toBe(true);
    expect(e.findings[0].blocking).toBe(true);
    const expired = e.findings.find((f) => f.rule === 'MG005');
    expect(expired).toMatchObject({ file: '.github/modelgate.yml', severity: 'low' });
    expect(expired?.message).toContain('expired on 2026-06-15');
    expect(e.origins[e.origins.length - 1]).toBe(-1);
  });

  it('matches exceptions by path glob and anchors model findings at the first reference', () => {
    const p = parsePolicy('exceptions:\n  - path: "notebooks/**"\n    reason: exploratory\n', 'p');
    const r = ref({ file: 'notebooks/a.ipynb', line: 40 });
    const j = judge(
      [{ draft: { rule: 'MG501', message: 'x' }, target: { id: 'org/model', revision: null, introduced: true, references: [r] } }],
      p,
      { mode: 'full', now, policyFile: null },
    );
    expect(j.findings[0]).toMatchObject({ file: 'notebooks/a.ipynb', line: 40, blocking: false });
  });
});
