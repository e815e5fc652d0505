import { describe, expect, it } from '@jest/globals';
import { groupTargets } from '../../src/resolve/group.js';
import type { ModelReference } from '../../src/types.js';

function ref(id: string | null, line: number, extra: Partial<ModelReference> = {}): ModelReference {
  return { file: 'a.py', line, column: 1, id, raw: id ?? 'x', revision: null, repoType: 'model', kind: 'from_pretrained', call: 'AutoModel.from_pretrained', flags: {}, confidence: 'high', ...extra };
}

describe('groupTargets', () => {
  it('groups by id, revision and repo type in order of first appearance', () => {
    const refs = [
      ref('b/two', 1),
      ref('a/one', 2),
      ref('b/two', 3),
      ref('b/two', 4, { revision: '607a30d783dfa663caf39e06633721c8d4cfcd7e' }),
      ref('b/two', 5, { repoType: 'space' }),
    ];
    const targets = groupTargets(refs);
    expect(targets.map((t) => [t.id, t.revision, t.repoType, t.references.map((r) => r.line)])).toEqual([
      ['b/two', null, 'model', [1, 3]],
      ['a/one', null, 'model', [2]],
      ['b/two', '607a30d783dfa663caf39e06633721c8d4cfcd7e', 'model', [4]],
      ['b/two', null, 'space', [5]],
    ]);
  });

  it('leaves out unresolved references and datasets', () => {
    const targets = groupTargets([ref(null, 1), ref('org/ds', 2, { repoType: 'dataset', kind: 'dataset' }), ref('org/m', 3)]);
    expect(targets.map((t) => t.id)).toEqual(['org/m']);
  });

  it('returns nothing for nothing', () => {
    expect(groupTargets([])).toEqual([]);
  });
});
