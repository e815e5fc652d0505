// Time to check 1,000 references against a popular index of 50,000 names (generated):
// building the index, then name matching (findSuspects) and the offline check (checkTyposquat).
import { defaultPolicy } from '../src/policy/load.js';
import { buildPopularIndex, checkTyposquat, findSuspects } from '../src/typosquat/index.js';
import type { AssessContext, PopularSnapshot } from '../src/types.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'tel', 'zen', 'vor', 'qua', 'bri', 'nox', 'sol', 'dex', 'fin', 'gra', 'hel', 'jup', 'pix', 'syn', 'tor', 'wex'];
const WORDS = ['coder', 'chat', 'vision', 'embed', 'rerank', 'audio', 'math', 'base', 'instruct', 'tiny', 'large', 'small'];
const SIZES = ['1B', '3B', '7B', '8B', '13B', '70B', '125M', '350M'];

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const r = rng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const word = (n: number) => Array.from({ length: n }, () => pick(SYLLABLES)).join('');
  const orgs = Array.from({ length: 5000 }, (_, i) => `${word(2 + (i % 3))}${i % 7 === 0 ? '-ai' : ''}${i}`);
  const ids = new Set<string>();
  while (ids.size < 50_000) ids.add(`${pick(orgs)}/${word(2)}-${r() < 0.5 ? `${1 + Math.floor(r() * 4)}.${Math.floor(r() * 10)}-` : ''}${pick(SIZES)}-${pick(WORDS)}`);
  const snapshot: PopularSnapshot = { version: 1, date: '2026-11-25', source: 'generated', curated: true, models: [...ids].map((id) => ({ id })), orgs: [], brands: {}, republishers: [] };

  let t = performance.now();
  const index = buildPopularIndex(snapshot);
  const buildMs = performance.now() - t;

  // 1,000 references: half squats (one edit on the org or the name), half unrelated names.
  const all = [...ids];
  const refs: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const id = pick(all);
    const [org, name] = id.split('/');
    if (i % 2 === 0) {
      const k = 1 + Math.floor(r() * (org.length - 2));
      refs.push(`${org.slice(0, k)}${org.slice(k + 1)}/${name}`);
    } else refs.push(`user${i}/${word(3)}-${pick(SIZES)}`);
  }
  t = performance.now();
  let flagged = 0;
  for (const id of refs) if (findSuspects(id, index).length > 0) flagged++;
  const matchMs = performance.now() - t;

  const ctx: AssessContext = { policy: defaultPolicy(), hub: null, log: { info() {}, warn() {}, debug() {} }, now: new Date() };
  t = performance.now();
  let findings = 0;
  for (const id of refs) findings += (await checkTyposquat({ id, revision: null, repoType: 'model', references: [] }, null, ctx, index)).length;
  const checkMs = performance.now() - t;

  return {
    name: 'typosquat: 1,000 references against 50,000 popular names',
    rows: [
      { step: 'build index (50,000 names, 5,000 orgs)', ms: Math.round(buildMs), heapMB: Math.round(process.memoryUsage().heapUsed / 1e6) },
      { step: 'findSuspects x 1,000', ms: Math.round(matchMs), perReferenceMs: Number((matchMs / 1000).toFixed(3)), flagged },
      { step: 'checkTyposquat (offline) x 1,000', ms: Math.round(checkMs), perReferenceMs: Number((checkMs / 1000).toFixed(3)), findings },
    ],
  };
}
