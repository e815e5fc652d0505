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
