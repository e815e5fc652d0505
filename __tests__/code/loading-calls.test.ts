import { describe, expect, it } from '@jest/globals';
import { findLoadingCalls } from '../../src/code/loading-calls.js';

const scan = async (text: string) => findLoadingCalls({ path: 'train.py', text });
const rules = async (text: string) => (await scan(text)).map((c) => c.rule);

describe('findLoadingCalls', () => {
  it('flags torch.load without weights_only, mentioning the 2.6 default, with the exact fix', async () => {
    const [c] = await scan('import torch\nstate = torch.load("ckpt.pt", map_location="cpu")\n');
    expect(c).toMatchObject({ rule: 'MG510', file: 'train.py', line: 2, column: 9, call: 'torch.load' });
    expect(c.message).toContain('2.6');
    expect(c.fix).toBe('torch.load("ckpt.pt", weights_only=True)');
  });

  it('flags weights_only=False as its own, higher rule', async () => {
    expect(await rules('import torch\ntorch.load(p, weights_only=False)\n')).toEqual(['MG511']);
  });

  it('accepts weights_only=True', async () => {
    expect(await rules('import torch\ntorch.load(p, weights_only=True)\n')).toEqual([]);
  });

  it('resolves import aliases and from-imports', async () => {
    const text = 'import torch as t\nfrom torch import load\nfrom torch import load as L\nt.load(a)\nload(b)\nL(c, weights_only=False)\n';
    expect(await rules(text)).toEqual(['MG510', 'MG510', 'MG511']);
  });

  it('ignores a load() that is not torch', async () => {
    expect(await rules('import json\njson.load(f)\ndef load(x):\n    return x\nload(1)\n')).toEqual([]);
  });

  it('flags the pickle family', async () => {
    const text = 'import pickle, dill, cloudpickle\nimport _pickle as cPickle\nimport pandas as pd\npickle.load(f)\npickle.loads(b)\ncPickle.load(f)\ndill.load(f)\ncloudpickle.loads(b)\npd.read_pickle("df.pkl")\n';
    expect(await rules(text)).toEqual(['MG512', 'MG512', 'MG512', 'MG512', 'MG512', 'MG512']);
  });

  it('flags joblib.load', async () => {
    expect(await rules('import joblib\nclf = joblib.load("model.joblib")\n')).toEqual(['MG513']);
  });

  it('flags numpy.load only with allow_pickle=True', async () => {
    expect(await rules('import numpy as np\nnp.load("a.npy", allow_pickle=True)\nnp.load("b.npy")\nnp.load("c.npy", allow_pickle=False)\n')).toEqual(['MG514']);
  });

  it('flags Keras safe_mode=False and enable_unsafe_deserialization', async () => {
    const text = 'import tensorflow as tf\nimport keras\nfrom keras.models import load_model\ntf.keras.models.load_model("m.keras", safe_mode=False)\nload_model("m.keras", safe_mode=False)\nload_model("ok.keras")\nkeras.config.enable_unsafe_deserialization()\n';
    expect(await rules(text)).toEqual(['MG515', 'MG515', 'MG515']);
  });

  it('flags use_safetensors=False and from_tf=True, naming the model', async () => {
    const calls = await scan('from transformers import AutoModel\nm = AutoModel.from_pretrained("acme/bert", use_safetensors=False, from_tf=True)\n');
    expect(calls.map((c) => [c.rule, c.model])).toEqual([
      ['MG516', 'acme/bert'],
      ['MG517', 'acme/bert'],
    ]);
  });

  it('names the model a torch.load of a hub download applies to', async () => {
    const [c] = await scan('import torch\nfrom huggingface_hub import hf_hub_download\ntorch.load(hf_hub_download("acme/x", "pytorch_model.bin"))\n');
    expect(c.model).toBe('acme/x');
  });

  it('treats a weights_only it cannot resolve as missing', async () => {
    expect(await rules('import torch\ntorch.load(p, weights_only=flag)\n')).toEqual(['MG510']);
  });

  it('does not crash on invalid Python', async () => {
    await expect(scan('def (:\n  torch.load(x\n')).resolves.toBeDefined();
  });
});

describe('findLoadingCalls, more loaders', () => {
  it('treats torch.hub.load_state_dict_from_url like torch.load', async () => {
    expect(await rules('import torch\nsd = torch.hub.load_state_dict_from_url("https://x.example/w.pth")\nok = torch.hub.load_state_dict_from_url(u, weights_only=True)\n')).toEqual(['MG510']);
  });

  it('flags fastai load_learner (a pickle)', async () => {
    expect(await rules('from fastai.learner import load_learner\nlearn = load_learner("export.pkl")\n')).toEqual(['MG512']);
  });
});

describe('findLoadingCalls on patterns from real training and inference scripts', () => {
  it('reads weights_only from a **kwargs dict literal or dict(...) in the same file', async () => {
    const text = 'import torch\nkw = {"map_location": "cpu", "weights_only": True}\na = torch.load(p, **kw)\nb = torch.load(p, **dict(weights_only=True))\nbad = {"weights_only": False}\nc = torch.load(p, **bad)\n';
    expect(await rules(text)).toEqual(['MG511']);
  });

  it('an unknown **kwargs still counts as no weights_only', async () => {
    expect(await rules('import torch\ndef f(p, **kw):\n    return torch.load(p, **kw)\n')).toEqual(['MG510']);
  });

  it('sees torch.load handed to functools.partial as a loader', async () => {
    const text = 'from functools import partial\nimport torch\nloader = partial(torch.load, map_location="cpu")\nsafe = partial(torch.load, weights_only=True)\n';
    const calls = await scan(text);
    expect(calls.map((c) => [c.rule, c.line, c.call])).toEqual([['MG510', 3, 'torch.load']]);
    expect(calls[0].fix).toContain('weights_only=True');
  });

  it('leaves safe loaders alone (yaml.safe_load, json, safetensors, np.load without pickle, trust_remote_code=False)', async () => {
    const text = 'import json, yaml, numpy as np, torch\nfrom safetensors.torch import load_file\nfrom transformers import AutoModel\ncfg = yaml.safe_load(open("c.yaml"))\nj = json.load(open("l.json"))\nw = load_file("m.safetensors")\nx = np.load("f.npy")\ny = np.load("m.npz", allow_pickle=False)\nm = AutoModel.from_pretrained(p, trust_remote_code=False, local_files_only=True)\ntorch.save(m.state_dict(), "o.pt")\n';
    expect(await rules(text)).toEqual([]);
  });
});
