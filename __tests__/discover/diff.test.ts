import { describe, expect, it } from '@jest/globals';
import { parseNameStatus } from '../../src/discover/diff.js';
import { markIntroduced } from '../../src/resolve/introduced.js';
import type { ModelReference } from '../../src/types.js';

function ref(file: string, id: string, line: number, over: Partial<ModelReference> = {}): ModelReference {
  return { id, raw: id, revision: null, repoType: 'model', kind: 'from_pretrained', call: 'from_pretrained', flags: {}, confidence: 'high', file, line, column: 1, ...over };
}

describe('PR change sets', () => {
  it('parses git name-status -z output with renames and deletions', () => {
    const set = parseNameStatus('M\0a.py\0R087\0old/b.py\0new/b.py\0D\0gone.py\0A\0c.yaml\0');
    expect([...set.changed].sort()).toEqual(['a.py', 'c.yaml', 'new/b.py']);
    expect(set.renamedFrom.get('new/b.py')).toBe('old/b.py');
  });

  it('marks only references the change adds, ignoring moved lines and renames', () => {
    const head = [
      ref('same.py', 'org/a', 10),
      ref('edited.py', 'org/a', 30), // moved from line 3
      ref('edited.py', 'org/b', 31), // new
      ref('edited.py', 'org/a', 40, { flags: { trustRemoteCode: true } }), // same model, new flag
      ref('new/b.py', 'org/c', 2), // renamed file, unchanged reference
    ];
    const base = new Map([
      ['edited.py', [ref('edited.py', 'org/a', 3)]],
      ['old/b.py', [ref('old/b.py', 'org/c', 2)]],
    ]);
    const marked = markIntroduced(head, new Set(['edited.py', 'new/b.py']), new Map([['new/b.py', 'old/b.py']]), base);
    expect(marked.map((r) => r.introduced)).toEqual([false, false, true, true, false]);
  });
});
