import { describe, expect, it } from '@jest/globals';
import { toMarkdown } from '../../src/report/markdown.js';
import { emptyReport, failingReport, finding, largeReport, ref } from './sample-reports.js';

describe('toMarkdown', () => {
  it('gives the verdict, a table of models and collapsible details', () => {
    const md = toMarkdown(failingReport());
    expect(md).toMatch(/^## ❌ modelgate: failed \(1 blocking finding\)/);
    expect(md).toContain('**3 models** from 3 references');
    expect(md).toContain('| ❌ | `microsoft/phi-2` | unpinned | 2 (1 blocking) | high |');
    expect(md).toContain('| ✅ | `sentence-transformers/all-MiniLM-L6-v2` | `aaaaaaaaaaaa` | 0 | - |');
    expect(md).toContain('<details open><summary>❌ microsoft/phi-2: 2 findings, 1 blocking</summary>');
    expect(md).toContain('[MG501](https://github.com/modelgate/modelgate/blob/main/docs/rules/MG501.md)');
    expect(md).toContain('resolves to `google-bert/bert-base-uncased`');
    expect(md).toContain('Other findings');
    expect(md).toContain('### Not checked');
  });

  it('lists failing models first, then warnings, then passes', () => {
    const rows = toMarkdown(failingReport()).split('\n').filter((l) => /^\| (❌|⚠️|✅) \|/.test(l));
    expect(rows.map((r) => r.split(' | ')[1])).toEqual(['`microsoft/phi-2`', '`bert-base-uncased`', 'Other findings', '`sentence-transformers/all-MiniLM-L6-v2`']);
    expect(rows.map((r) => r.slice(2).split(' ')[0])).toEqual(['❌', '⚠️', '✅', '✅']);
  });

  it('says so when everything passed', () => {
    const md = toMarkdown(emptyReport());
    expect(md).toMatch(/^## ✅ modelgate: passed/);
    expect(md).toContain('No model references found.');
  });

  it('links locations to the blob when a base is given', () => {
    const md = toMarkdown(failingReport(), { blobUrl: 'https://github.com/o/r/blob/0123abc' });
    expect(md).toContain('(https://github.com/o/r/blob/0123abc/src/train.py#L14)');
  });

  it('escapes hostile ids, paths and messages', () => {
    const evil = '<img src=x onerror=alert(1)> @octocat [x](https://evil.example) | cell';
    const report = emptyReport({
      verdict: 'fail',
      references: [ref('org/evil', 'src/<b>x</b>.py', 1)],
      models: [{ id: 'org/evil`|<b>', revision: null, resolvedId: null, resolvedSha: null, exists: null, facts: { author: '@octocat' }, findings: [0] }],
      findings: [finding('MG003', 'high', { model: 'org/evil', file: 'src/<b>x</b>.py', line: 1, message: evil, fix: evil, blocking: true })],
    });
    const md = toMarkdown(report);
    // Inside code spans text is shown literally; outside them no tag may survive.
    const outsideCode = md.replace(/(`+)[^`]*?\1/g, '');
    expect(outsideCode).not.toContain('<img');
    expect(outsideCode).not.toContain('<b>');
    expect(md).toContain('`src/<b>x</b>.py:1`');
    expect(md).not.toContain('](https://evil');
    expect(md).not.toMatch(/(^|[^`\\])@octocat/m);
    // Each table row keeps its column count: no unescaped pipe slipped in.
    for (const line of md.split('\n').filter((l) => l.startsWith('| **high**'))) {
      expect(line.replace(/\\\|/g, '').split('|').length).toBe(6);
    }
  });

  it('stays under maxBytes and says what it left out', () => {
    const report = largeReport(400, 6);
    const full = toMarkdown(report);
    expect(Buffer.byteLength(full)).toBeGreaterThan(100_000);
    const capped = toMarkdown(report, { maxBytes: 60_000 });
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(60_000);
    expect(capped).toContain('This report was truncated');
    expect(capped).toMatch(/the details of \d+ of 400 models left out/);
    expect(capped).toContain('<sub>modelgate'); // the footer survives
  });

  it('drops table rows too when even the table does not fit', () => {
    const capped = toMarkdown(largeReport(3000, 1), { maxBytes: 20_000 });
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(20_000);
    expect(capped).toMatch(/\d+ model rows of the table/);
  });

  it('lists at most 100 skipped checks and counts the rest', () => {
    const md = toMarkdown(emptyReport({ skipped: Array.from({ length: 250 }, (_, i) => `skipped ${i}`) }));
    expect(md.match(/^- skipped \d+$/gm)).toHaveLength(100);
    expect(md).toContain('- … and 150 more');
  });

  it('never exceeds a tiny bound', () => {
    expect(Buffer.byteLength(toMarkdown(failingReport(), { maxBytes: 100 }))).toBeLessThanOrEqual(100);
  });

  it('marks findings the change introduced, in change scans only', () => {
    const md = toMarkdown(failingReport());
    expect(md).toMatch(/trust\\_remote\\_code=True runs Python.*🆕/);
    expect(md.match(/🆕/g)).toHaveLength(2);
    const full = failingReport();
    full.mode = 'full';
    expect(toMarkdown(full)).not.toContain('🆕');
  });

  it('keeps notes and the table apart (a quote would swallow the table)', () => {
    const md = toMarkdown(failingReport(), { notes: ['No check run: read-only token.'] });
    expect(md).toContain('> No check run: read-only token.\n\n| | Model |');
  });
});
