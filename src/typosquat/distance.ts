// Edit distance and the kind of typo that explains a one-edit difference.
import { keyboardAdjacent } from './keyboard.js';

/**
 * Damerau-Levenshtein distance (optimal string alignment: adjacent transpositions count one),
 * stopping early once every path exceeds `max`; returns max + 1 in that case.
 */
export function damerauLevenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/**
 * Edits allowed between two names of this length before they stop being "near": short
 * names get none (too many legitimate short names sit one edit apart), long ones more.
 */
export function editBudget(length: number): number {
  if (length <= 4) return 0;
  if (length <= 9) return 1;
  if (length <= 16) return 2;
  return 3;
}

export type TypoKind = 'omission' | 'repetition' | 'insertion' | 'transposition' | 'keyboard-adjacent' | 'substitution';

/**
 * What single edit turns `intended` into `written`, or null when they are not one edit apart.
 * omission: a character left out; repetition: a character doubled; insertion: an extra
 * character; transposition: two neighbours swapped; keyboard-adjacent: a neighbouring key.
 */
export function classifyTypo(intended: string, written: string): TypoKind | null {
  const a = intended;
  const b = written;
  if (a === b) return null;
  if (a.length === b.length + 1) {
    for (let i = 0; i < a.length; i++) if (a.slice(0, i) + a.slice(i + 1) === b) return 'omission';
    return null;
  }
  if (b.length === a.length + 1) {
    for (let i = 0; i < b.length; i++) {
      if (b.slice(0, i) + b.slice(i + 1) === a) return i > 0 && b[i] === b[i - 1] ? 'repetition' : i + 1 < b.length && b[i] === b[i + 1] ? 'repetition' : 'insertion';
    }
    return null;
  }
  if (a.length !== b.length) return null;
  const diff: number[] = [];
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return keyboardAdjacent(a[diff[0]], b[diff[0]]) ? 'keyboard-adjacent' : 'substitution';
  if (diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]) return 'transposition';
  return null;
}

/** Pairs of ASCII characters that pass for each other in most fonts (beyond the skeleton's own). */
const LOOKALIKE_PAIRS = new Set(['i1', '1i', 'il', 'li', 'l1', '1l', 'o0', '0o', 'uv', 'vu', 's5', '5s', 'e3', '3e', 'a4', '4a', 'b6', '6b', 'g9', '9g', 'z2', '2z', 'b8', '8b']);

/** True when the two strings differ in exactly one position by a look-alike pair (`phi` / `ph1`). */
export function lookalikeSubstitution(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      if (diff >= 0) return false;
      diff = i;
    }
  }
  return diff >= 0 && LOOKALIKE_PAIRS.has(a[diff] + b[diff]);
}
