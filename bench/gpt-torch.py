"""The PyTorch side of bench/gpt.mjs: a server that reads one JSON command per line on stdin and
answers one JSON line on stdout. It builds the same GPT as @attn/core's DecoderOnly (token and
learned position embeddings, pre-norm causal TransformerEncoderLayer blocks with GELU, a final
LayerNorm, a linear head), loads the weights gpt.mjs wrote, and trains it with AdamW on the
batches gpt.mjs chose (window starts into the same tokens). Timing is measured here, around the
steps only. Run by gpt.mjs; not meant to be run by hand.

Commands (`cmd`):
  setup     {dir, trainTokens}: read tokens.bin (int32: training then validation tokens) from dir
  model     {id, name, config, dtype, threads, lr, betas, eps, weightDecay}: a model from
            weights-<name>.bin/.json, its optimizer, its window starts (train-starts-<name>.bin,
            val-starts-<name>.bin, int32); answers its parameter count and the loss on the first
            training batch
  steps     {id, n, threads}: n training steps; answers the seconds they took and the last loss
  converge  {id, threads, target, capSec, evalEvery}: train until the validation loss is at most
            target or capSec seconds of training have passed; answers the trajectory
"""

import json
import math
import os
import sys
import time

import torch
from torch import nn

torch.set_num_interop_threads(1)


class GPT(nn.Module):
    """@attn/core's DecoderOnly, with the same parameter names and shapes."""

    def __init__(self, vocab, max_len, d, heads, layers, ff):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab, d)
        self.pos_emb = nn.Embedding(max_len, d)
        self.blocks = nn.ModuleList(
            nn.TransformerEncoderLayer(d, heads, ff, dropout=0.0, activation="gelu", batch_first=True, norm_first=True)
            for _ in range(layers)
        )
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)

    def forward(self, tokens):
        T = tokens.shape[1]
        mask = torch.triu(torch.full((T, T), float("-inf"), dtype=self.head.weight.dtype), diagonal=1)
        h = self.tok_emb(tokens) + self.pos_emb(torch.arange(T))
        for block in self.blocks:
            h = block(h, src_mask=mask)
        return self.head(self.norm(h))


def read_int32(path):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=torch.int32).long()


class Side:
    def __init__(self, data, msg):
        c = msg["config"]
        self.data = data
        self.train_starts = read_int32(os.path.join(data["dir"], f"train-starts-{msg['name']}.bin"))
        self.val_starts = read_int32(os.path.join(data["dir"], f"val-starts-{msg['name']}.bin"))
        self.B, self.T = c["batch"], c["context"]
        dtype = {"float64": torch.float64, "float32": torch.float32}[msg["dtype"]]
        self.model = GPT(c["vocab"], self.T, c["dModel"], c["heads"], c["layers"], c["ff"]).to(dtype)
        names = json.load(open(os.path.join(data["dir"], f"weights-{msg['name']}.json")))
        with open(os.path.join(data["dir"], f"weights-{msg['name']}.bin"), "rb") as f:
            flat = torch.frombuffer(bytearray(f.read()), dtype=torch.float64)
        state, at = {}, 0
        for name, shape in names:
            n = math.prod(shape)
            state[name] = flat[at : at + n].reshape(shape).to(dtype)
            at += n
        self.model.load_state_dict(state, strict=True)
        self.model.train()
        self.opt = torch.optim.AdamW(
            self.model.parameters(), lr=msg["lr"], betas=tuple(msg["betas"]), eps=msg["eps"], weight_decay=msg["weightDecay"]
        )
        self.step_no = 0

    def batch(self, starts, tokens):
        idx = starts[:, None] + torch.arange(self.T + 1)[None, :]
        w = tokens[idx]
        return w[:, :-1], w[:, 1:]

    def train_batch(self):
        s = self.train_starts
        i = (self.step_no * self.B) % len(s)
        return self.batch(s[i : i + self.B], self.data["train"])

    def loss(self, x, y):
        logits = self.model(x)
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))

    def step(self):
        x, y = self.train_batch()
        loss = self.loss(x, y)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        self.step_no += 1
        return loss

    def val_loss(self):
        with torch.no_grad():
            x, y = self.batch(self.val_starts, self.data["val"])
            return self.loss(x, y).item()


def main():
    data, sides = {}, {}
    for line in sys.stdin:
        msg = json.loads(line)
        cmd = msg["cmd"]
        if "threads" in msg:
            torch.set_num_threads(msg["threads"])
        if cmd == "setup":
            d = msg["dir"]
            tokens = read_int32(os.path.join(d, "tokens.bin"))
            n_train = msg["trainTokens"]
            data = {
                "dir": d,
                "train": tokens[:n_train],
                "val": tokens[n_train:],
            }
            out = {"torch": torch.__version__, "python": sys.version.split()[0], "defaultThreads": torch.get_num_threads()}
        elif cmd == "model":
            side = sides[msg["id"]] = Side(data, msg)
            x, y = side.train_batch()
            with torch.no_grad():
                loss0 = side.loss(x, y).item()
            out = {"params": sum(p.numel() for p in side.model.parameters()), "loss0": loss0}
        elif cmd == "steps":
            side = sides[msg["id"]]
            t0 = time.perf_counter()
            for _ in range(msg["n"]):
                loss = side.step()
            out = {"sec": time.perf_counter() - t0, "loss": loss.item(), "threads": torch.get_num_threads()}
        elif cmd == "converge":
            side = sides[msg["id"]]
            trained, points = 0.0, [{"step": 0, "sec": 0.0, "valLoss": side.val_loss()}]
            while points[-1]["valLoss"] > msg["target"] and trained < msg["capSec"]:
                t0 = time.perf_counter()
                for _ in range(msg["evalEvery"]):
                    side.step()
                trained += time.perf_counter() - t0
                points.append({"step": side.step_no, "sec": trained, "valLoss": side.val_loss()})
            out = {"points": points, "threads": torch.get_num_threads()}
        else:
            raise ValueError(f"gpt-torch.py: unknown command {cmd!r}")
        print(json.dumps(out), flush=True)


main()
