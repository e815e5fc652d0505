// Property test: whatever chain of string obfuscations spells the names, the scanner resolves
// them. The obfuscator below builds Python expressions that evaluate to a given string.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { scanPythonCode } from '../../src/code/scan-python.js';

const py = (s: string): string => JSON.stringify(s); // a JSON string is a valid Python literal for ASCII
const rot13 = (s: string): string => s.replace(/[a-zA-Z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - (c <= 'Z' ? 65 : 97) + 13) % 26) + (c <= 'Z' ? 65 : 97)));

type Technique = (s: string, inner: (s: string) => string) => string;
const techniques: Technique[] = [
  (s) => py(s),
  (s, inner) => (s.length < 2 ? py(s) : `(${inner(s.slice(0, 1))} + ${inner(s.slice(1))})`),
  (s) => `"".join([${[...s].map(py).join(', ')}])`,
  (s) => `${py([...s].reverse().join(''))}[::-1]`,
  (s) => `"".join(map(chr, [${[...s].map((c) => c.charCodeAt(0)).join(', ')}]))`,
  (s) => `"${[...s].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')}"`,
  (s) => `__import__("base64").b64decode(${py(Buffer.from(s).toString('base64'))}).decode()`,
  (s) => `__import__("codecs").decode(${py(rot13(s))}, "rot13")`,
  (s) => `bytes.fromhex(${py(Buffer.from(s).toString('hex'))}).decode()`,
  (s, inner) => (s.length < 2 ? py(s) : `f"{${inner(s.slice(0, 2))}}{${inner(s.slice(2) || '')}}"`),
  (s, inner) => (s.length < 2 ? py(s) : `"%s%s" % (${inner(s.slice(0, 1))}, ${inner(s.slice(1))})`),
  (s, inner) => (s.length < 2 ? py(s) : `"{}{}".format(${inner(s.slice(0, 1))}, ${inner(s.slice(1))})`),
  (s) => `"".join(chr(c ^ 7) for c in [${[...s].map((c) => c.charCodeAt(0) ^ 7).join(', ')}])`,
];

function obfuscate(s: string, picks: number[], depth = 0): string {
  const pick = picks[depth % picks.length] % techniques.length;
  return techniques[pick](s, (part) => (depth < 3 ? obfuscate(part, picks, depth + 1) : py(part)));
}

const lookups: ((mod: string, fn: string) => string)[] = [
  (mod, fn) => `getattr(__import__(${mod}), ${fn})("id")`,
  (mod, fn) => `import importlib\nimportlib.import_module(${mod}).__dict__[${fn}]("id")`,
  (mod, fn) => `import sys\n__import__(${mod})\ngetattr(sys.modules[${mod}], ${fn})("id")`,
  (mod, fn) => `_m = __import__(${mod})\n_f = vars(_m)[${fn}]\n_f("id")`,
];

describe('obfuscated names are resolved', () => {
  it('finds os.system / subprocess calls however the names are spelled', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.constantFrom(['os', 'system'], ['os', 'popen'], ['subprocess', 'getoutput']),
        async (pm, pf, lookup, [mod, fn]) => {
          const text = lookups[lookup % lookups.length](obfuscate(mod, pm), obfuscate(fn, pf)) + '\n';
          const findings = await scanPythonCode('o.py', text);
          const hit = findings.find((f) => f.rule === 'MG584' && f.severity === 'critical');
          if (!hit) throw new Error(`missed:\n${text}\n${JSON.stringify(findings.map((f) => f.message))}`);
          return true;
        },
      ),
      { numRuns: 150, seed: 20261125 },
    );
  });

  it('finds payloads however they are encoded before exec', async () => {
    const payload = 'import socket\nsocket.create_connection(("198.51.100.7", 443))\n';
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), async (picks) => {
        const text = `exec(${obfuscate(payload, picks)})\n`;
        const findings = await scanPythonCode('p.py', text);
        if (!findings.some((f) => f.rule === 'MG586' && f.severity === 'critical')) throw new Error(`missed:\n${text}\n${JSON.stringify(findings.map((f) => f.message))}`);
        return true;
      }),
      { numRuns: 80, seed: 7 },
    );
  });

  it('fails when the name is not a dangerous one (the property can fail)', async () => {
    const text = `getattr(__import__(${obfuscate('os', [6, 1, 3])}), ${obfuscate('getcwd', [2, 8])})()\n`;
    expect((await scanPythonCode('ok.py', text)).filter((f) => f.rule === 'MG584')).toEqual([]);
  });
});
