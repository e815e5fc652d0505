import { describe, expect, it } from '@jest/globals';
import { referenceChecks } from '../../src/assess/reference-checks.js';
import { parsePolicy } from '../../src/policy/load.js';
import type { ModelReference } from '../../src/types.js';

function ref(over: Partial<ModelReference> = {}): ModelReference {
  return {
    id: 'org/model', raw: '"org/model"', revision: null, repoType: 'model', kind: 'from_pretrained',
    call: 'AutoModel.from_pretrained', flags: {}, confidence: 'high', file: 'a.py', line: 1, column: 1, ...over,
  };
}

const rules = (refs: ModelReference[], policy = '{}') => referenceChecks(refs, parsePolicy(policy, 'p')).map((d) => d.draft.rule);

describe('referenceChecks', () => {
  it('flags unpinned references and accepts a 40-hex commit', () => {
    expect(rules([ref()])).toEqual(['MG301']);
    expect(rules([ref({ revision: 'main' })])).toEqual(['MG301']);
    expect(rules([ref({ revision: 'a'.repeat(40) })])).toEqual([]);
    const strict = referenceChecks([ref()], parsePolicy('require:\n  pinned-revision: true', 'p'));
    expect(strict[0].draft.severity).toBe('high');
  });

  it('flags trust_remote_code, medium when it cannot be resolved', () => {
    const sha = 'b'.repeat(40);
    expect(rules([ref({ revision: sha, flags: { trustRemoteCode: true } })])).toEqual(['MG501']);
    const unknown = referenceChecks([ref({ revision: sha, flags: { trustRemoteCode: 'unknown' } })], parsePolicy('{}', 'p'));
    expect(unknown[0].draft).toMatchObject({ rule: 'MG501', severity: 'medium' });
    expect(rules([ref({ revision: sha, flags: { trustRemoteCode: false } })])).toEqual([]);
  });

  it('reports unresolved references as info and skips datasets', () => {
    const drafts = referenceChecks([ref({ id: null, raw: 'args.model' })], parsePolicy('{}', 'p'));
    expect(drafts).toHaveLength(1);
    expect(drafts[0].draft.rule).toBe('MG002');
    expect(drafts[0].draft.message).toContain('args.model');
    expect(rules([ref({ repoType: 'dataset', kind: 'dataset' })])).toEqual([]);
  });

  it('leaves push targets alone: nothing is loaded from them', () => {
    expect(rules([ref({ call: 'push_to_hub:hub_model_id', kind: 'config', flags: { trustRemoteCode: true } })], 'deny:\n  orgs: ["org"]')).toEqual([]);
  });

  it('applies deny and allow lists by model and organisation glob', () => {
    const sha = 'c'.repeat(40);
    expect(rules([ref({ revision: sha })], 'deny:\n  orgs: ["ORG"]')).toEqual(['MG003']);
    expect(rules([ref({ revision: sha })], 'deny:\n  models: ["org/mod*"]')).toEqual(['MG003']);
    expect(rules([ref({ revision: sha })], 'allow:\n  orgs: ["other"]')).toEqual(['MG004']);
    expect(rules([ref({ revision: sha })], 'allow:\n  models: ["org/*"]')).toEqual([]);
  });
});
