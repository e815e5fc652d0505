// Custom-code analysis throughput: lines of Python per second for the remote-code scanner and
// for the loading-call finder, on large generated modelling files (attention, MLP, decoder
// blocks, tokenizer helpers) written to a temp dir, plus one file with an obfuscated payload
// so the decode-and-rescan path is measured too.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { findLoadingCalls } from '../src/code/loading-calls.js';
import { scanPythonCode } from '../src/code/scan-python.js';

const HEADER = `# coding=utf-8
"""Generated modelling file for the modelgate code benchmark."""
import math
import os
import warnings
from typing import Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn
from transformers.activations import ACT2FN
from transformers.modeling_utils import PreTrainedModel
from transformers.utils import logging

logger = logging.get_logger(__name__)
_IMPL = os.environ.get("BENCH_ATTN_IMPL", "eager")
`;

/** One block of classes; `n` makes every name unique so the file is not one class repeated. */
function block(n: number): string {
  return `

class Bench${n}RMSNorm(nn.Module):
    def __init__(self, hidden_size, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.variance_epsilon = eps

    def forward(self, hidden_states):
        dtype = hidden_states.dtype
        hidden_states = hidden_states.to(torch.float32)
        variance = hidden_states.pow(2).mean(-1, keepdim=True)
        hidden_states = hidden_states * torch.rsqrt(variance + self.variance_epsilon)
        return self.weight * hidden_states.to(dtype)


def bench${n}_rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2 :]
    return torch.cat((-x2, x1), dim=-1)


def bench${n}_apply_rope(q, k, cos, sin, position_ids):
    cos = cos.squeeze(1).squeeze(0)[position_ids].unsqueeze(1)
    sin = sin.squeeze(1).squeeze(0)[position_ids].unsqueeze(1)
    return (q * cos) + (bench${n}_rotate_half(q) * sin), (k * cos) + (bench${n}_rotate_half(k) * sin)


class Bench${n}Attention(nn.Module):
    def __init__(self, config, layer_idx: Optional[int] = None):
        super().__init__()
        self.config = config
        self.layer_idx = layer_idx
        self.hidden_size = config.hidden_size
        self.num_heads = config.num_attention_heads
        self.head_dim = self.hidden_size // self.num_heads
        if self.head_dim * self.num_heads != self.hidden_size:
            raise ValueError(f"hidden_size {self.hidden_size} is not divisible by num_heads {self.num_heads}")
        self.q_proj = nn.Linear(self.hidden_size, self.hidden_size, bias=False)
        self.k_proj = nn.Linear(self.hidden_size, self.hidden_size, bias=False)
        self.v_proj = nn.Linear(self.hidden_size, self.hidden_size, bias=False)
        self.o_proj = nn.Linear(self.hidden_size, self.hidden_size, bias=False)
        self.use_sdpa = _IMPL == "sdpa" and hasattr(F, "scaled_dot_product_attention")

    def forward(self, hidden_states, attention_mask=None, position_ids=None, cos=None, sin=None,
                past_key_value: Optional[Tuple[torch.Tensor]] = None, use_cache: bool = False):
        bsz, q_len, _ = hidden_states.size()
        q = self.q_proj(hidden_states).view(bsz, q_len, self.num_heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(hidden_states).view(bsz, q_len, self.num_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(hidden_states).view(bsz, q_len, self.num_heads, self.head_dim).transpose(1, 2)
        if cos is not None:
            q, k = bench${n}_apply_rope(q, k, cos, sin, position_ids)
        if past_key_value is not None:
            k = torch.cat([past_key_value[0], k], dim=2)
            v = torch.cat([past_key_value[1], v], dim=2)
        present = (k, v) if use_cache else None
        if self.use_sdpa:
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=attention_mask, is_causal=attention_mask is None)
        else:
            weights = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(self.head_dim)
            if attention_mask is not None:
                weights = weights + attention_mask
            weights = nn.functional.softmax(weights, dim=-1, dtype=torch.float32).to(q.dtype)
            out = torch.matmul(weights, v)
        out = out.transpose(1, 2).reshape(bsz, q_len, self.hidden_size)
        return self.o_proj(out), present


class Bench${n}MLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.gate_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.up_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.down_proj = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)
        self.act_fn = ACT2FN[config.hidden_act]

    def forward(self, x):
        return self.down_proj(self.act_fn(self.gate_proj(x)) * self.up_proj(x))


class Bench${n}DecoderLayer(nn.Module):
    def __init__(self, config, layer_idx):
        super().__init__()
        self.self_attn = Bench${n}Attention(config, layer_idx)
        self.mlp = Bench${n}MLP(config)
        self.input_layernorm = Bench${n}RMSNorm(config.hidden_size, eps=config.rms_norm_eps)
        self.post_attention_layernorm = Bench${n}RMSNorm(config.hidden_size, eps=config.rms_norm_eps)

    def forward(self, hidden_states, attention_mask=None, position_ids=None, past_key_value=None, use_cache=False):
        residual = hidden_states
        hidden_states, present = self.self_attn(self.input_layernorm(hidden_states), attention_mask, position_ids,
                                                past_key_value=past_key_value, use_cache=use_cache)
        hidden_states = residual + hidden_states
        hidden_states = hidden_states + self.mlp(self.post_attention_layernorm(hidden_states))
        if use_cache:
            return hidden_states, present
        return (hidden_states,)


class Bench${n}PreTrainedModel(PreTrainedModel):
    base_model_prefix = "model"
    _no_split_modules = ["Bench${n}DecoderLayer"]

    def _init_weights(self, module):
        std = self.config.initializer_range
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=std)
            if module.bias is not None:
                module.bias.data.zero_()
        elif isinstance(module, nn.Embedding):
            module.weight.data.normal_(mean=0.0, std=std)

    def load_extra_state(self, path):
        warnings.warn("loading extra state from " + str(path))
        with open(os.path.join(path, "extra_${n}.json"), encoding="utf-8") as handle:
            return handle.read()
`;
}

function modellingFile(targetLines: number): string {
  let text = HEADER;
  for (let n = 0; text.split('\n').length < targetLines; n++) text += block(n);
  return text;
}

function obfuscatedFile(targetLines: number): string {
  const payload = 'import os\nos.system("id")\n';
  const blob = Buffer.from(deflateSync(payload)).toString('base64');
  return modellingFile(targetLines) + `\nimport base64 as _b, zlib as _z\n_x = getattr(__builtins__, "ex" + "ec")\n_x(_z.decompress(_b.b64decode("${blob}")))\n`;
}

export async function run(): Promise<{ name: string; rows: Record<string, string | number>[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'modelgate-bench-code-'));
  const rows: Record<string, string | number>[] = [];
  try {
    const cases: [string, string][] = [
      ['modelling, 2k lines', modellingFile(2_000)],
      ['modelling, 10k lines', modellingFile(10_000)],
      ['modelling, 30k lines', modellingFile(30_000)],
      ['modelling + payload, 10k lines', obfuscatedFile(10_000)],
    ];
    await scanPythonCode('warmup.py', modellingFile(200)); // load the grammar outside the timings
    for (const [label, generated] of cases) {
      const file = join(dir, `${label.replace(/\W+/g, '_')}.py`);
      await writeFile(file, generated);
      const text = await readFile(file, 'utf8');
      const lines = text.split('\n').length;
      let t0 = performance.now();
      const findings = await scanPythonCode(file, text, { role: 'entry' });
      const scanMs = performance.now() - t0;
      t0 = performance.now();
      const calls = await findLoadingCalls({ path: file, text });
      const callsMs = performance.now() - t0;
      rows.push({
        file: label,
        lines,
        KiB: Math.round(text.length / 1024),
        'scan ms': Math.round(scanMs),
        'scan lines/s': Math.round(lines / (scanMs / 1000)),
        'worst finding': findings.reduce((w, f) => (['critical', 'high', 'medium', 'low'].indexOf(f.severity ?? 'info') < ['critical', 'high', 'medium', 'low', 'info'].indexOf(w) ? (f.severity ?? 'info') : w), 'info'),
        'loading-calls ms': Math.round(callsMs),
        'loading-calls lines/s': Math.round(lines / (callsMs / 1000)),
        'unsafe calls': calls.length,
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { name: 'custom-code analysis (Python lines per second)', rows };
}
