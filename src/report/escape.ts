// Everything that reaches a Markdown report from the scanned repository or from the hub (model
// ids, file paths, messages, card fields) is attacker-controlled: a pull request can name a file
// `<img src=x onerror=...>.py` or a model card can carry `@org/team` or `[click](https://evil)`.
// GitHub renders Markdown *and* HTML in job summaries, check runs and comments, so these helpers
// make such text inert before it is placed in a report.

/** Longest piece of untrusted text placed in a table cell or heading. */
export const MAX_FIELD_CHARS = 300;

const ZERO_WIDTH_SPACE = '&#8203;';

/**
 * Bidirectional overrides and isolates can make text read differently from what it is
 * ("Trojan Source"); other control characters can corrupt the report. Both are shown as code
 * points instead.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function showCodePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Collapses whitespace runs (including newlines, which would end a table row) and bounds length. */
function flatten(text: string, maxChars: number): string {
  let s = String(text).replace(INVISIBLE, showCodePoint).replace(/\s+/g, ' ').trim();
  if (s.length > maxChars) s = `${s.slice(0, maxChars - 1)}…`;
  return s;
}

/**
 * Untrusted text as inline Markdown prose, safe inside a paragraph, a table cell, a list item or
 * an HTML element such as `<summary>`: HTML is entity-escaped, Markdown punctuation is
 * backslash-escaped (no emphasis, links, images, code or headings), autolinks, @mentions and
 * #references are broken with a zero-width space, and newlines are folded.
 */
export function escapeText(text: string, maxChars = MAX_FIELD_CHARS): string {
  const flat = flatten(text, maxChars);
  let out = '';
  for (const ch of flat) {
    switch (ch) {
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&#39;';
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '(':
      case ')':
      case '{':
      case '}':
      case '!':
      case '|':
      case '~':
        out += `\\${ch}`;
        break;
      case '#':
        // A leading # makes a heading; `#123` and `org/repo#1` link (and notify) issues.
        out += `\\#${ZERO_WIDTH_SPACE}`;
        break;
      case '@':
        // @user and @org/team notify people.
        out += `@${ZERO_WIDTH_SPACE}`;
        break;
      case ':':
        // `https://...` autolinks even when every other character is escaped.
        out += `:${ZERO_WIDTH_SPACE}`;
        break;
      default:
        out += ch;
    }
  }
  // `www.example.com` autolinks too; a leading `-`, `1.` or `>` makes a list or quote.
  return out.replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZERO_WIDTH_SPACE}.`).replace(/^[-+]/, '\\$&').replace(/^(\d+)\./, '$1\\.');
}

/**
 * Untrusted text as an inline code span (model ids, paths, code): shown verbatim, never
 * rendered, so no link, mention or HTML inside it works. The fence is longer than any backtick
 * run inside, and `|` is escaped because GFM splits table cells before it parses code spans.
 */
export function inlineCode(text: string, maxChars = MAX_FIELD_CHARS): string {
  // A backslash right before a pipe would pair with the `\` of the pipe's escape when GFM splits
  // the row, leaving the pipe live; a zero-width space between them (invisible in code) stops it.
  const flat = flatten(text, maxChars).replace(/\\(?=\|)/g, '\\\u200b').replace(/\|/g, '\\|');
  if (flat === '') return '` `';
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longestRun + 1);
  // A space on each side keeps a leading or trailing backtick from merging with the fence.
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Untrusted text inside an HTML attribute value or an HTML comment (no Markdown there). */
export function escapeHtml(text: string, maxChars = MAX_FIELD_CHARS): string {
  return flatten(text, maxChars)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/-/g, '&#45;'); // no `-->` can close a comment early
}

/** encodeURIComponent leaves ( ) ! ' * alone; a `)` would end a Markdown link target early. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[()!'*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A link whose target is built from untrusted path segments. Only http(s) bases are accepted;
 * each path segment is percent-encoded so a path cannot change the host or add a query.
 */
export function safeLink(label: string, base: string, pathSegments: string[], fragment?: string): string {
  if (!/^https?:\/\/[^\s<>"'()]+$/i.test(base)) return label;
  const encoded = pathSegments.flatMap((p) => p.split('/')).filter((p) => p !== '' && p !== '.' && p !== '..').map(encodeSegment);
  const frag = fragment ? `#${encodeSegment(fragment)}` : '';
  return `[${label}](${base.replace(/\/+$/, '')}/${encoded.join('/')}${frag})`;
}
