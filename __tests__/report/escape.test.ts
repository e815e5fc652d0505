import { describe, expect, it } from '@jest/globals';
import { escapeHtml, escapeText, inlineCode, safeLink } from '../../src/report/escape.js';

// Hostile strings a pull request or a model card can carry.
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[click me](https://evil.example/steal)',
  '![pixel](https://evil.example/p.png)',
  'ping @octocat and @github/security-team',
  'see org/repo#12 and #34',
  'https://evil.example/a and www.evil.example',
  'a | b | c',
  'line one\nline two\r\n| injected | row |',
  '`code` and ``double``',
  '**bold** _em_ ~~strike~~',
  '<!-- modelgate:pr-comment -->',
  '</details><details open><summary>x',
  '# heading',
  'evil\u202Egnp.py',
];

describe('escapeText', () => {
  it.each(HOSTILE)('makes %j inert', (input) => {
    // The zero-width space entity itself contains `#8`; judge the text as rendered.
    const out = escapeText(input).replace(/&#8203;/g, '\u200b');
    expect(out).not.toMatch(/<[a-z!/]/i); // no HTML tag or comment can open
    expect(out).not.toMatch(/(^|[^\\])\|/); // every pipe escaped: cannot split a table cell
    expect(out).not.toMatch(/\n/); // cannot end a table row or start a block
    expect(out).not.toMatch(/(^|[^\\])\[/); // no link or image syntax
    expect(out).not.toMatch(/@[A-Za-z]/); // no mention
    expect(out).not.toMatch(/#\d/); // no issue reference
    expect(out).not.toMatch(/https?:\/\//); // no autolink
    expect(out).not.toMatch(/www\./i);
    expect(out).not.toMatch(/(^|[^\\])[`*_~]/); // no code span or emphasis
  });

  it('keeps ordinary text readable', () => {
    expect(escapeText('model org/name is not pinned to a commit')).toBe('model org/name is not pinned to a commit');
  });

  it('shows bidirectional overrides as code points', () => {
    expect(escapeText('evil\u202Egnp.py')).toBe('evilU+202Egnp.py');
  });

  it('bounds the length', () => {
    expect(escapeText('x'.repeat(1000), 50)).toHaveLength(50);
  });

  it('does not start a list or a heading', () => {
    expect(escapeText('- item')).toMatch(/^\\-/);
    expect(escapeText('1. item')).toBe('1\\. item');
    expect(escapeText('# h')).toMatch(/^\\#/);
  });
});

describe('inlineCode', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(inlineCode('a`b')).toBe('``a`b``');
    expect(inlineCode('``x``')).toBe('``` ``x`` ```');
  });

  it('escapes pipes and folds newlines so a table cell stays one cell', () => {
    expect(inlineCode('a|b\nc')).toBe('`a\\|b c`');
  });

  it('never yields an empty span', () => {
    expect(inlineCode('')).toBe('` `');
  });
});

describe('escapeHtml', () => {
  it('cannot close a comment or an attribute', () => {
    const out = escapeHtml('x" onload="y --> <b>');
    expect(out).not.toContain('"');
    expect(out).not.toContain('-->');
    expect(out).not.toContain('<');
  });
});

describe('safeLink', () => {
  it('percent-encodes path segments so a path cannot change the URL', () => {
    expect(safeLink('L', 'https://github.com/o/r/blob/abc', ['src/a b.py'], 'L3')).toBe('[L](https://github.com/o/r/blob/abc/src/a%20b.py#L3)');
    expect(safeLink('L', 'https://github.com/o/r/blob/abc', ['../../x?y=(1)'])).toBe('[L](https://github.com/o/r/blob/abc/x%3Fy%3D%281%29)');
  });

  it('refuses a base that is not http(s)', () => {
    expect(safeLink('L', 'javascript:alert(1)', ['a'])).toBe('L');
  });
});
