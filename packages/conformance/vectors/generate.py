#!/usr/bin/env python3
"""Writes the PyTorch reference vectors of attn: one JSON file per operation.

    python3 generate.py [OUT_DIR]      (default: the folder of this script)

Needs PyTorch (Debian's python3-torch, 1.13). Everything runs in float64 from fixed seeds, so
a run reproduces the committed files; the README beside this script describes the format.
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
LINEAR = "Linear weights follow PyTorch nn.Linear: weight shape [out_features, in_features], y = x @ weight^T + bias."
TOLERANCE = {"atol": 1e-8, "rtol": 1e-6}


def randn(gen, *shape, scale=1.0):
    return torch.randn(shape, generator=gen) * scale


def tensor(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


def tensors(d):
    return {k: tensor(v) for k, v in d.items()}


def grad_case(name, params, inputs, forward, gen, upstream_of="y"):
    """Runs forward(inputs) -> dict of outputs, backward from a random upstream on one output."""
    leaves = {k: v.clone().requires_grad_(v.is_floating_point() and k not in ("mask", "target")) for k, v in inputs.items()}
    outputs = forward(leaves)
    up = randn(gen, *outputs[upstream_of].shape)
    (outputs[upstream_of] * up).sum().backward()
    return {
        "name": name,
        "params": params,
        "inputs": tensors(inputs),
        "outputs": tensors(outputs),
        "upstream": {upstream_of: tensor(up)},
        "grads": {k: tensor(v.grad) for k, v in leaves.items() if v.requires_grad},
    }


def softmax_cases(gen):
    x_extreme = torch.tensor([[1000.0, 1001.0, 999.0], [-1000.0, -1000.0, -1000.0]])
    inputs = [("softmax_2x3", randn(gen, 2, 3, scale=3)), ("softmax_4x5", randn(gen, 4, 5, scale=3)),
              ("softmax_2x3x7", randn(gen, 2, 3, 7, scale=3)), ("softmax_extreme", x_extreme)]
    return [grad_case(n, {"axis": -1}, {"x": x}, lambda t: {"y": torch.softmax(t["x"], -1)}, gen) for n, x in inputs]


def causal_blocked(tq, tk):
    """True where query i may not attend key j, i.e. j > i + (tk - tq)."""
    return torch.ones(tq, tk, dtype=torch.bool).triu(1 + tk - tq)


def sdpa(t, causal):
    q, k, v = t["q"], t["k"], t["v"]
    s = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if causal:
        s = s.masked_fill(causal_blocked(q.shape[-2], k.shape[-2]), float("-inf"))
    if "mask" in t:
        s = s.masked_fill(t["mask"] == 0, float("-inf"))
    w = torch.softmax(s, -1)
    return {"out": w @ v, "weights": w}


def sdpa_cases(gen):
    cases = []
    for tq, tk, d, dv, causal in [(2, 2, 4, 4, False), (5, 5, 8, 3, True), (3, 6, 4, 4, False),
                                  (6, 6, 4, 2, True), (3, 5, 4, 4, True)]:
        name = f"sdpa_q{tq}_k{tk}_d{d}_dv{dv}" + ("_causal" if causal else "")
        inputs = {"q": randn(gen, tq, d), "k": randn(gen, tk, d), "v": randn(gen, tk, dv)}
        cases.append(grad_case(name, {"causal": causal}, inputs, lambda t: sdpa(t, causal), gen, "out"))
    mask = torch.ones(2, 4, 4)
    mask[0, :, 3] = 0  # batch 0: the last key is padding
    mask[1, :, 0] = 0  # batch 1: the first key is padding
    inputs = {"q": randn(gen, 2, 4, 3), "k": randn(gen, 2, 4, 3), "v": randn(gen, 2, 4, 3), "mask": mask}
    cases.append(grad_case("sdpa_batched_masked", {"causal": False}, inputs, lambda t: sdpa(t, False), gen, "out"))
    return cases


def attention_weights(gen, e):
    return {f"w{n}": randn(gen, e, e, scale=e ** -0.5) for n in "qkvo"} | {f"b{n}": randn(gen, e, scale=0.1) for n in "qkvo"}


def attach(module, t):
    """Re-registers the case's leaves as the module's parameters so grads flow back to them."""
    for name, leaf in t.items():
        parent, _, attr = name.rpartition(".")
        owner = module.get_submodule(parent) if parent else module
        delattr(owner, attr)
        setattr(owner, attr, leaf)


def mha_forward(t, heads, causal):
    e = t["x"].shape[-1]
    mha = torch.nn.MultiheadAttention(e, heads, batch_first=True)
    for name in ("in_proj_weight", "in_proj_bias"):
        delattr(mha, name)
    mha.in_proj_weight = torch.cat([t["wq"], t["wk"], t["wv"]])
    mha.in_proj_bias = torch.cat([t["bq"], t["bk"], t["bv"]])
    attach(mha, {"out_proj.weight": t["wo"], "out_proj.bias": t["bo"]})
    tt = t["x"].shape[1]
    out, w = mha(t["x"], t["x"], t["x"], attn_mask=causal_blocked(tt, tt) if causal else None,
                 need_weights=True, average_attn_weights=False)
    return {"out": out, "weights": w}


def mha_cases(gen):
    cases = []
    for e, heads, t, b, causal in [(4, 2, 3, 1, False), (8, 2, 5, 2, True), (6, 3, 4, 1, False)]:
        name = f"mha_e{e}_h{heads}_t{t}_b{b}" + ("_causal" if causal else "")
        inputs = {"x": randn(gen, b, t, e), **attention_weights(gen, e)}
        inputs = {k: inputs[k] for k in ["x", "wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo"]}
        cases.append(grad_case(name, {"heads": heads, "causal": causal}, inputs,
                               lambda tt: mha_forward(tt, heads, causal), gen, "out"))
    return cases


def layer_norm_cases(gen):
    cases = []
    for name, shape in [("layer_norm_3x4", (3, 4)), ("layer_norm_2x3x6", (2, 3, 6))]:
        d = shape[-1]
        inputs = {"x": randn(gen, *shape, scale=2), "gamma": 1 + randn(gen, d, scale=0.3), "beta": randn(gen, d, scale=0.3)}
        fwd = lambda t: {"y": F.layer_norm(t["x"], (t["x"].shape[-1],), t["gamma"], t["beta"], 1e-5)}
        cases.append(grad_case(name, {"eps": 1e-5}, inputs, fwd, gen))
    return cases


ACTIVATIONS = {
    "relu": F.relu,
    "gelu": F.gelu,
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "tanh": torch.tanh,
    "sigmoid": torch.sigmoid,
}


def mlp_cases(gen):
    cases = []
    for act in ACTIVATIONS:
        inputs = {"x": randn(gen, 5, 3), "w1": randn(gen, 8, 3, scale=0.6), "b1": randn(gen, 8, scale=0.3),
                  "w2": randn(gen, 2, 8, scale=0.35), "b2": randn(gen, 2, scale=0.3)}
        fwd = lambda t, act=act: {"y": F.linear(ACTIVATIONS[act](F.linear(t["x"], t["w1"], t["b1"])), t["w2"], t["b2"])}
        cases.append(grad_case(f"mlp_{act}", {"activation": act}, inputs, fwd, gen))
    return cases


def loss_cases(gen):
    mse = {"prediction": randn(gen, 6, 2), "target": randn(gen, 6, 2)}
    ce = {"logits": randn(gen, 5, 4, scale=2), "target": torch.randint(0, 4, (5,), generator=gen).to(torch.float64)}
    return [
        grad_case("mse_mean", {"loss": "mse"}, mse, lambda t: {"loss": F.mse_loss(t["prediction"], t["target"])}, gen, "loss"),
        grad_case("cross_entropy_mean", {"loss": "cross_entropy"}, ce,
                  lambda t: {"loss": F.cross_entropy(t["logits"], t["target"].long())}, gen, "loss"),
    ]


def optimizer_cases(gen):
    configs = [
        ("sgd_momentum", {"lr": 0.1, "momentum": 0.9, "dampening": 0, "nesterov": False},
         lambda p, c: torch.optim.SGD([p], lr=c["lr"], momentum=c["momentum"], dampening=c["dampening"], nesterov=c["nesterov"])),
        ("adam", {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0},
         lambda p, c: torch.optim.Adam([p], lr=c["lr"], betas=(c["beta1"], c["beta2"]), eps=c["eps"], weight_decay=c["weight_decay"])),
        ("adamw", {"lr": 0.01, "beta1": 0.9, "beta2": 0.98, "eps": 1e-8, "weight_decay": 0.1},
         lambda p, c: torch.optim.AdamW([p], lr=c["lr"], betas=(c["beta1"], c["beta2"]), eps=c["eps"], weight_decay=c["weight_decay"])),
    ]
    cases = []
    for name, params, make in configs:
        start = randn(gen, 3, 2)
        p = torch.nn.Parameter(start.clone())
        opt = make(p, params)
        steps = []
        for _ in range(4):
            g = randn(gen, 3, 2)
            p.grad = g.clone()
            opt.step()
            steps.append({"grad": tensor(g), "param_after": tensor(p)})
        cases.append({"name": name, "params": params | {"optimizer": name}, "inputs": {"param": tensor(start)}, "steps": steps})
    return cases


def positional_cases(gen):
    cases = []
    for length, dim in [(4, 6), (10, 8)]:
        pos = torch.arange(length, dtype=torch.float64)[:, None]
        freq = torch.pow(10000.0, -torch.arange(0, dim, 2, dtype=torch.float64) / dim)
        pe = torch.zeros(length, dim)
        pe[:, 0::2] = torch.sin(pos * freq)
        pe[:, 1::2] = torch.cos(pos * freq)
        cases.append({"name": f"sinusoidal_t{length}_d{dim}", "params": {"length": length, "dim": dim},
                      "inputs": {}, "outputs": {"pe": tensor(pe)}})
    return cases


def encoder_forward(t, p):
    e, ff = t["x"].shape[-1], t["w1"].shape[0]
    layer = torch.nn.TransformerEncoderLayer(e, p["heads"], ff, dropout=0.0, activation=p["activation"],
                                             layer_norm_eps=p["eps"], batch_first=True, norm_first=p["norm_first"])
    sa = layer.self_attn
    for name in ("in_proj_weight", "in_proj_bias"):
        delattr(sa, name)
    sa.in_proj_weight = torch.cat([t["wq"], t["wk"], t["wv"]])
    sa.in_proj_bias = torch.cat([t["bq"], t["bk"], t["bv"]])
    attach(layer, {"self_attn.out_proj.weight": t["wo"], "self_attn.out_proj.bias": t["bo"],
                   "linear1.weight": t["w1"], "linear1.bias": t["b1"], "linear2.weight": t["w2"], "linear2.bias": t["b2"],
                   "norm1.weight": t["ln1_gamma"], "norm1.bias": t["ln1_beta"],
                   "norm2.weight": t["ln2_gamma"], "norm2.bias": t["ln2_beta"]})
    tt = t["x"].shape[1]
    return {"y": layer(t["x"], src_mask=causal_blocked(tt, tt) if p["causal"] else None)}


def encoder_cases(gen):
    cases = []
    e, ff = 8, 16
    for name, norm_first, act, causal in [("encoder_postnorm_relu", False, "relu", False),
                                          ("encoder_prenorm_gelu_causal", True, "gelu", True)]:
        params = {"heads": 2, "norm_first": norm_first, "activation": act, "eps": 1e-5, "causal": causal}
        w = attention_weights(gen, e)
        inputs = {"x": randn(gen, 2, 4, e)}
        for n in "qkvo":
            inputs[f"w{n}"], inputs[f"b{n}"] = w[f"w{n}"], w[f"b{n}"]
        inputs |= {"w1": randn(gen, ff, e, scale=e ** -0.5), "b1": randn(gen, ff, scale=0.1),
                   "w2": randn(gen, e, ff, scale=ff ** -0.5), "b2": randn(gen, e, scale=0.1),
                   "ln1_gamma": 1 + randn(gen, e, scale=0.2), "ln1_beta": randn(gen, e, scale=0.1),
                   "ln2_gamma": 1 + randn(gen, e, scale=0.2), "ln2_beta": randn(gen, e, scale=0.1)}
        cases.append(grad_case(name, params, inputs, lambda t, p=params: encoder_forward(t, p), gen))
    return cases


def gelu_cases(gen):
    wide = torch.arange(-10, 10.0625, 0.0625)  # the tails included: Phi(-10) is about 7.6e-24
    fwd = lambda t: {"y": F.gelu(t["x"])}
    return [grad_case(f"gelu_{name}", {"approximate": "none"}, {"x": x}, fwd, gen)
            for name, x in [("wide", wide), ("2x3x5", randn(gen, 2, 3, 5, scale=3))]]


CAUSAL = "causal: position i attends j <= i."
FILES = {
    "softmax": ("y = softmax(x) along the last axis; grads given upstream dL/dy", None, softmax_cases),
    "scaled_dot_product_attention": (
        "out = softmax(q k^T / sqrt(d) + mask) v over the last two axes. causal: query i (of Tq) may attend key j "
        "iff j <= i + (Tk - Tq). mask (optional, broadcast over leading axes): 1 = may attend, 0 = masked out. "
        "weights = the softmax probabilities.", None, sdpa_cases),
    "multi_head_attention": (
        "Self-attention as torch.nn.MultiheadAttention(E, heads, batch_first=True): x [B,T,E]; q = x wq^T + bq "
        "(same for k, v); split E into heads of E/heads; per head scaled dot-product attention; concat heads; "
        "out = concat wo^T + bo. weights: per-head softmax probabilities [B,heads,T,T]. " + CAUSAL, LINEAR, mha_cases),
    "layer_norm": ("y = (x - mean) / sqrt(var + eps) * gamma + beta over the last axis, biased variance "
                   "(as torch.nn.LayerNorm)", None, layer_norm_cases),
    "mlp": ("y = (act(x w1^T + b1)) w2^T + b2. activation: relu | gelu (exact, erf) | gelu_tanh (tanh approximation) "
            "| tanh | sigmoid", LINEAR, mlp_cases),
    "loss": ("mse: mean((prediction-target)^2). cross_entropy: mean over rows of -log softmax(logits)[target] "
             "(target = class index stored as a number)", None, loss_cases),
    "optimizer": ("Start from inputs.param; for each step set the gradient to steps[i].grad, take one optimizer step, "
                  "compare to steps[i].param_after. Semantics of torch.optim.SGD(momentum, no dampening, no nesterov), "
                  "Adam (bias-corrected; weight_decay 0), AdamW (decoupled weight decay p -= lr*wd*p before the Adam "
                  "update).", None, optimizer_cases),
    "transformer_encoder_layer": (
        "torch.nn.TransformerEncoderLayer(E, heads, ff, dropout=0, batch_first=True). post-norm (norm_first=false): "
        "x = ln1(x + mha(x)); y = ln2(x + ff(x)). pre-norm: x = x + mha(ln1(x)); y = x + ff(ln2(x)). "
        "ff(x) = act(x w1^T + b1) w2^T + b2; gelu is exact (erf). mha as in multi_head_attention.json. " + CAUSAL,
        LINEAR, encoder_cases),
    "positional_encoding": ("PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(pos / 10000^(2i/d))",
                            None, positional_cases),
    "gelu": ("y = gelu(x) elementwise, exact (approximate 'none', as torch.nn.functional.gelu): "
             "x * (1 + erf(x / sqrt(2))) / 2, with x over the tails too (-10 to 10)", None, gelu_cases),
}
# Files pinned tighter than TOLERANCE: an elementwise function, accurate to a few ulps.
TOLERANCES = {"gelu": {"atol": 1e-15, "rtol": 1e-13}}


def compact(value):
    return json.dumps(value, separators=(",", ":"))


def write_atomic(path, text):
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    source = f"PyTorch {torch.__version__}, float64, generated by generate.py"
    for seed, (op, (description, convention, make)) in enumerate(FILES.items()):
        gen = torch.Generator().manual_seed(seed)
        header = {"op": op, "description": description}
        if convention:
            header["convention"] = convention
        header |= {"dtype": "float64", "tolerance": TOLERANCES.get(op, TOLERANCE), "source": source}
        lines = [f"  {compact(k)}: {compact(v)}," for k, v in header.items()]
        cases = ",\n".join(f"    {compact(c)}" for c in make(gen))
        write_atomic(os.path.join(out, f"{op}.json"), "{\n" + "\n".join(lines) + '\n  "cases": [\n' + cases + "\n  ]\n}\n")


if __name__ == "__main__":
    main()
