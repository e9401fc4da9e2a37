#!/usr/bin/env python3
"""PyTorch's side of the round-trip tests; reads a JSON list of jobs on stdin.

  {"kind": "roundtrip", "dir": D, "module": M, "config": C, "seed": S}
      D/attn.safetensors   attn's weights: loaded strictly into the torch module M, which runs
                           D/inputs.safetensors (inputs, and "upstream.<output>" gradients);
                           outputs and gradients go to D/torch-ran-attn.safetensors.
      Then torch initialises M itself (seed S), saves D/torch-init.safetensors and its results
      on the same inputs to D/torch-ran-own.safetensors.
  {"kind": "predict", "weights": W, "config": C, "tokens": [[...]], "answer_length": N, "out": F}
      W (a weights file of `attn train`) loaded strictly into DecoderOnly(C); writes the logits
      of tokens and the greedy answers of every row to F.

Safetensors is written and read here directly: an 8-byte little-endian header length, a JSON
header of {name: {dtype, shape, data_offsets}}, then the raw little-endian data.
"""
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "apps", "docs", "examples"))
from decoder_only import DecoderOnly  # noqa: E402  (the definition the PyTorch guide shows)

NUMPY = {"F64": "<f8", "F32": "<f4", "I64": "<i8", "I32": "<i4"}
NOT_DIFFERENTIABLE = {"tokens", "mask", "keyPadding"}


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    header.pop("__metadata__", None)
    data = raw[8 + n :]
    out = {}
    for name, e in header.items():
        start, end = e["data_offsets"]
        values = np.frombuffer(data[start:end], dtype=NUMPY[e["dtype"]]).astype(np.float64)
        out[name] = torch.from_numpy(values.copy()).reshape(e["shape"])
    return out


def write_safetensors(path, tensors):
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        b = t.detach().to(torch.float64).contiguous().numpy().astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        chunks.append(b)
        offset += len(b)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))
    os.replace(tmp, path)


def build(module, c):
    if module == "Linear":
        return nn.Linear(c["inFeatures"], c["outFeatures"])
    if module == "LayerNorm":
        return nn.LayerNorm(c["dim"])
    if module == "MultiHeadAttention":
        return nn.MultiheadAttention(c["dModel"], c["heads"], batch_first=True)
    if module == "TransformerEncoderLayer":
        return nn.TransformerEncoderLayer(c["dModel"], c["heads"], c["ff"], dropout=0.0, activation=c["activation"],
                                          batch_first=True, norm_first=c["normFirst"])
    if module == "DecoderOnly":
        return DecoderOnly(c["vocabSize"], c["maxLen"], c["dModel"], c["heads"], c["layers"], c["ff"], c["activation"])
    raise ValueError(f"unknown module {module}")


def blocked(t, c):
    """attn's masks say 1 = may attend; torch's boolean masks say True = may not."""
    if "mask" in t:
        return t["mask"] == 0
    if c.get("causal"):
        n = t["x"].shape[1]
        return torch.ones(n, n, dtype=torch.bool).triu(1)
    return None


def forward(m, module, c, t):
    if module in ("Linear", "LayerNorm"):
        return {"out": m(t["x"])}
    padding = t["keyPadding"] == 0 if "keyPadding" in t else None
    if module == "MultiHeadAttention":
        kv = t.get("context", t["x"])
        out, weights = m(t["x"], kv, kv, key_padding_mask=padding, attn_mask=blocked(t, c),
                         need_weights=True, average_attn_weights=False)
        return {"out": out, "weights": weights}
    if module == "TransformerEncoderLayer":
        return {"out": m(t["x"], src_mask=blocked(t, c), src_key_padding_mask=padding)}
    return {"out": m(t["tokens"].long())}


def run(m, job, data):
    t = {k: v.clone().requires_grad_(k not in NOT_DIFFERENTIABLE) for k, v in data.items() if not k.startswith("upstream.")}
    outputs = forward(m, job["module"], job["config"], t)
    loss = sum((outputs[k[len("upstream."):]] * up).sum() for k, up in data.items() if k.startswith("upstream."))
    loss.backward()
    result = dict(outputs)
    result |= {f"grad.{k}": v.grad for k, v in t.items() if v.requires_grad}
    result |= {f"grad.{k}": p.grad for k, p in m.named_parameters()}
    return result


def roundtrip(job):
    d, module, config = job["dir"], job["module"], job["config"]
    data = read_safetensors(os.path.join(d, "inputs.safetensors"))
    m = build(module, config).double()
    m.load_state_dict(read_safetensors(os.path.join(d, "attn.safetensors")), strict=True)
    write_safetensors(os.path.join(d, "torch-ran-attn.safetensors"), run(m, job, data))
    torch.manual_seed(job["seed"])
    own = build(module, config).double()
    write_safetensors(os.path.join(d, "torch-init.safetensors"), own.state_dict())
    write_safetensors(os.path.join(d, "torch-ran-own.safetensors"), run(own, job, data))


def predict(job):
    c = job["config"]
    m = DecoderOnly(c["vocabSize"], c["maxLen"], c["dModel"], c["heads"], c["layers"], c["ff"], c["activation"]).double()
    m.load_state_dict(read_safetensors(job["weights"]), strict=True)
    tokens = torch.tensor(job["tokens"], dtype=torch.long)
    with torch.no_grad():
        logits = m(tokens)
        rows = tokens
        for _ in range(job["answer_length"]):
            rows = torch.cat([rows, m(rows)[:, -1].argmax(-1, keepdim=True)], 1)
    answers = rows[:, tokens.shape[1]:].to(torch.float64)
    write_safetensors(job["out"], {"logits": logits, "answers": answers})


def main():
    torch.set_default_dtype(torch.float64)
    for job in json.load(sys.stdin):
        {"roundtrip": roundtrip, "predict": predict}[job["kind"]](job)


if __name__ == "__main__":
    main()
