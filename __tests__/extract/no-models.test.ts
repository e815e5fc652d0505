import { describe, expect, it } from '@jest/globals';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIXTURES, fixtureSummary } from './summary.js';

// A web project that uses API models, databases and GitHub, and no hub model: every look-alike
// (`openai/gpt-4o`, `REPO_ID: acme/web`, `DATA_MODEL: relational/v2`, ESLint `processor:`,
// image names, `--model ./models/x.json`) must stay silent.
describe('a project without hub models', () => {
  const root = join(FIXTURES, 'no-models');
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  const files = walk(root).map((f) => relative(root, f));

  it('has the fixture files', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  it.each(files)('%s has no references', async (path) => {
    expect(await fixtureSummary('no-models', path)).toEqual([]);
  });
});
