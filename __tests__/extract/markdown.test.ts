import { describe, expect, it } from '@jest/globals';
import { fixtureSummary } from './summary.js';

// Every reference in each fixture, exactly: a missing one is a recall bug, an extra one a precision bug.
describe('model cards', () => {
  it('README-plain.md', async () => {
    expect(await fixtureSummary('markdown', 'README-plain.md')).toEqual([]);
  });

  it('README.md', async () => {
    expect(await fixtureSummary('markdown', 'README.md')).toEqual([
      '4:3 config base_model Qwen/Qwen2.5-7B high',
      '5:4 config base_model meta-llama/Llama-3.1-8B high',
    ]);
  });
});

describe('Space cards', () => {
  it('reads the models a Space lists, not its datasets', async () => {
    expect(await fixtureSummary('markdown', 'space-README.md', 'README.md')).toEqual([
      '8:5 config models openai/whisper-large-v3-turbo high',
      '9:5 config models distil-whisper/distil-large-v3 high',
    ]);
  });

  it('reports front matter that is not YAML', async () => {
    const { extractFile } = await import('../../src/extract/index.js');
    const r = await extractFile({ path: 'README.md', text: '---\nbase_model: [a/b\n---\n# x\n' });
    expect(r.references).toEqual([]);
    expect(r.problems.map((p) => p.line)).toEqual([2]);
  });
});
