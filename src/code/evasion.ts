// Evasion signals in Python source text that need no parse: source encodings that rewrite the
// file, bidi and invisible characters, long encoded blobs, and compiled or native files.
import { Buffer } from 'node:buffer';
import type { FindingDraft, Severity } from '../types.js';
import {
  CODE_COMPILED_FILE,
  CODE_ENCODED_BLOB,
  CODE_ENCODING_DECLARATION,
  CODE_HIDDEN_CHARACTERS,
} from './rule-ids.js';

const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** PEP 263: the declaration must be on line 1 or 2. */
export function encodingDeclaration(path: string, text: string): FindingDraft[] {
  const lines = text.split('\n', 2);
  for (let i = 0; i < lines.length; i++) {
    const m = CODING.exec(lines[i]);
    if (!m) continue;
    const enc = m[1].toLowerCase().replace(/_/g, '-');
    if (/^(utf-?8(-sig)?|u8|utf|ascii|us-ascii|646)$/.test(enc)) return [];
    const mild = /^(latin-?1|iso-?8859-\d+|l1|cp125\d|windows-125\d|iso8859-\d+|euc-(jp|kr)|gbk|gb2312|gb18030|big5|shift-jis|sjis|cp932|cp949|koi8-[ru])$/.test(enc);
    const severity: Severity = mild ? 'low' : 'high';
    return [
      {
        rule: CODE_ENCODING_DECLARATION,
        severity,
        message: mild
          ? `${path} declares the legacy source encoding "${m[1]}": reviewers' tools may show the file differently from how Python reads it`
          : `${path} declares the source encoding "${m[1]}": Python decodes the file through this codec before parsing, so code can hide in what looks like comments or strings`,
        artifact: path,
        line: i + 1,
        evidence: { encoding: m[1] },
        fix: 'Re-encode the file as UTF-8 and review what the declared codec turned it into.',
      },
    ];
  }
  return [];
}

const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const INVISIBLE = /[\u200B-\u200D\u2060-\u2064\u00AD\u180E\u3164\u115F\u1160\uFFA0\u{E0000}-\u{E007F}]|(?!^)\uFEFF/u;

/** Where a character sits, for weighing invisible characters: in code they can change meaning. */
export type CharacterPlace = 'code' | 'string' | 'comment';

export function hiddenCharacters(path: string, text: string, placeOf: (row: number, byteColumn: number) => CharacterPlace = () => 'code'): FindingDraft[] {
  const out: FindingDraft[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && out.length < 20; i++) {
    const line = i === 0 ? lines[i].replace(/^\uFEFF/, '') : lines[i];
    const bidi = BIDI.exec(line);
    const invisible = bidi ? null : INVISIBLE.exec(line);
    const hit = bidi ?? invisible;
    if (!hit) continue;
    const cp = hit[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    // joiners inside text are ordinary in Persian, Indic scripts and emoji; in code they hide names
    const place = bidi ? 'code' : placeOf(i, Buffer.byteLength(lines[i].slice(0, hit.index + (line.length < lines[i].length ? 1 : 0)), 'utf8'));
    out.push({
      rule: CODE_HIDDEN_CHARACTERS,
      severity: bidi ? 'high' : place === 'code' ? 'medium' : 'low',
      message: bidi
        ? `${path} line ${i + 1} contains the bidirectional control character U+${cp}: the code can read differently from how Python runs it`
        : `${path} line ${i + 1} contains the invisible character U+${cp}`,
      artifact: path,
      line: i + 1,
      column: hit.index + 1,
      evidence: { codePoint: `U+${cp}`, kind: bidi ? 'bidi' : 'invisible', place },
      fix: 'Remove the character, then review the line as Python sees it (e.g. with a hex viewer).',
    });
  }
  return out;
}

const BLOB_PATTERNS: [RegExp, string][] = [
  [/[A-Za-z0-9+/]{400,}={0,2}|[A-Za-z0-9_-]{600,}={0,2}/g, 'base64'],
  [/(?:[0-9a-fA-F]{2}){256,}/g, 'hex'],
  [/(?:\\x[0-9a-fA-F]{2}){128,}/g, 'escaped bytes'],
];

/** Long encoded runs: alone they are low (some real kernels ship that way); decoded+run is MG593. */
export function encodedBlobs(path: string, text: string): FindingDraft[] {
  const out: FindingDraft[] = [];
  const seen = new Set<number>();
  for (const [re, kind] of BLOB_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m && out.length < 10; m = re.exec(text)) {
      const line = text.slice(0, m.index).split('\n').length;
      if (seen.has(line)) continue;
      // an all-hex run also matches the base64 alphabet: report it once, as hex
      if (kind === 'base64' && /^[0-9a-fA-F]+$/.test(m[0])) continue;
      seen.add(line);
      out.push({
        rule: CODE_ENCODED_BLOB,
        severity: 'low',
        message: `${path} line ${line} holds a ${m[0].length}-character ${kind} blob; encoded data in code is a common way to hide a payload`,
        artifact: path,
        line,
        evidence: { encoding: kind, length: m[0].length },
        fix: 'Check what the blob decodes to and where the code uses it.',
      });
    }
  }
  return out;
}

const COMPILED = /\.(pyc|pyo|so|pyd|dll|dylib)$|\.so\.\d+$|(^|\/)__pycache__\//i;

/**
 * Compiled Python and native libraries in a model repository: nothing can review them, and
 * custom code can import or dlopen them. `referencedBy` raises the severity when planned code
 * names the file.
 */
export function findCompiledFiles(paths: string[], referencedBy: (path: string) => string | null = () => null): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const path of paths) {
    if (!COMPILED.test(path)) continue;
    const user = referencedBy(path);
    const kind = /\.py[co]$/i.test(path) ? 'compiled Python bytecode' : 'a native library';
    out.push({
      rule: CODE_COMPILED_FILE,
      severity: user ? 'high' : 'medium',
      message: user
        ? `the model repository ships ${kind} ${path}, and ${user} refers to it`
        : `the model repository ships ${kind} ${path}, which cannot be reviewed as source`,
      artifact: path,
      evidence: { path, kind, referencedBy: user },
      fix: 'Do not load this model with trust_remote_code unless you have verified the binary; ask the publisher for source.',
    });
  }
  return out;
}
