// The escaping judged by a real GFM renderer (micromark + GFM, raw HTML allowed as GitHub allows
// it before sanitising): hostile text must come out as the same visible text, never as markup.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { escapeText, inlineCode } from '../../src/report/escape.js';
import { toMarkdown } from '../../src/report/markdown.js';
import { emptyReport, finding, ref } from './sample-reports.js';

const render = (md: string) => micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true });

/** The visible text of rendered HTML: tags dropped, entities decoded, zero-width spaces removed. */
function visible(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u200b/g, '')
    .trim();
}

/** One table cell holding `cell`, rendered; returns the cells of its single body row. */
function cells(cell: string): string[] {
  const html = render(`| a | b |\n|---|---|\n| ${cell} | end |\n`);
  const body = html.slice(html.indexOf('<tbody>'));
  return [...body.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
}

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '</td></tr></table><script>alert(1)</script>',
  '[click](https://evil.example) ![i](https://evil.example/p.png)',
  'https://evil.example and www.evil.example',
  'a | b || c \\| d',
  '`code` ``x`` ```y```',
  '**b** __u__ *i* _e_ ~~s~~',
  '<!-- modelgate:pr-comment -->',
  '&lt;already escaped&gt; &amp; &#x41;',
  '\\*not emphasis\\*',
  '- list\n# heading\n> quote',
];

describe('escaped text rendered by a GFM renderer', () => {
  it.each(HOSTILE)('%j stays one cell of plain text', (input) => {
    const [cell, end] = cells(escapeText(input));
    expect(end).toBe('end');
    expect(cell).not.toMatch(/<(?!br>)[a-z!/]/i); // no element, comment or closing tag
    expect(visible(cell)).toBe(input.replace(/\s+/g, ' ').trim());
  });

  it('round-trips arbitrary text through escapeText', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: fc.constantFrom(...'ab <>&|`*_[]()!#@:/\\~-.=+"\'{}\n1'.split('')) }), (input) => {
        const [cell, end] = cells(escapeText(input));
        expect(end).toBe('end');
        expect(cell).not.toMatch(/<[a-z!/]/i);
        expect(visible(cell)).toBe(input.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips arbitrary text through inlineCode', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: fc.constantFrom(...'ab <>&|`*_[]\\ '.split('')) }), (input) => {
        const [cell, end] = cells(inlineCode(input));
        expect(end).toBe('end');
        const flat = input.replace(/\s+/g, ' ').trim();
        expect(visible(cell)).toBe(flat === '' ? '' : flat);
      }),
      { numRuns: 400 },
    );
  });

  it('a whole hostile report renders without foreign markup and with intact structure', () => {
    const evil = '</details><details open><summary>owned</summary><img src=x> [x](https://evil.example) https://evil.example | cell';
    const report = emptyReport({
      verdict: 'fail',
      references: [ref('org/evil', 'src/</summary>.py', 1)],
      models: [{ id: 'org/evil', revision: null, resolvedId: null, resolvedSha: null, exists: null, facts: {}, findings: [0, 1] }],
      findings: [
        finding('MG003', 'high', { model: 'org/evil', file: 'src/</summary>.py', line: 1, message: evil, fix: evil, blocking: true }),
        finding('MG301', 'low', { model: 'org/evil', file: 'src/</summary>.py', line: 1, message: evil }),
      ],
      skipped: [evil],
    });
    const html = render(toMarkdown(report, { blobUrl: 'https://github.com/o/r/blob/abc' }));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<summary>owned');
    expect((html.match(/<details/g) ?? []).length).toBe((html.match(/<\/details>/g) ?? []).length);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/github\.com\/(modelgate\/modelgate|o\/r)\//);
    // Every row of the findings table has four cells.
    const table = html.slice(html.lastIndexOf('<table>'));
    for (const row of table.match(/<tr>[\s\S]*?<\/tr>/g)!.slice(1)) expect(row.match(/<td>/g)).toHaveLength(4);
  });
});
