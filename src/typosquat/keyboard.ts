// Keys next to each other on a QWERTY keyboard: a substitution between neighbours is a
// "fat finger" typo, which is how many squat names are chosen.
const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function buildAdjacency(): Map<string, Set<string>> {
  const adj = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    if (!adj.has(a)) adj.set(a, new Set());
    adj.get(a)!.add(b);
  };
  for (let r = 0; r < ROWS.length; r++) {
    for (let c = 0; c < ROWS[r].length; c++) {
      const key = ROWS[r][c];
      // Same row neighbours, and the keys above and below (rows are staggered by about half a key).
      for (const [dr, dc] of [[0, -1], [0, 1], [-1, 0], [-1, 1], [1, 0], [1, -1]]) {
        const row = ROWS[r + dr];
        const other = row?.[c + dc];
        if (other) {
          add(key, other);
          add(other, key);
        }
      }
    }
  }
  return adj;
}

const ADJACENT = buildAdjacency();

/** True when the two characters are neighbouring keys (case-insensitive). */
export function keyboardAdjacent(a: string, b: string): boolean {
  return ADJACENT.get(a.toLowerCase())?.has(b.toLowerCase()) ?? false;
}

/** The neighbouring keys of a character (lower case), for generating look-alike names. */
export function neighbours(ch: string): string[] {
  return [...(ADJACENT.get(ch.toLowerCase()) ?? [])];
}
