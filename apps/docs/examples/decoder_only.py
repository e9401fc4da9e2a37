import torch
from torch import nn


class DecoderOnly(nn.Module):
    """attn's DecoderOnly (learned positions) built from torch.nn modules, with attn's parameter names."""

    def __init__(self, vocab_size, max_len, d_model=32, heads=4, layers=2, ff=None, activation="gelu"):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab_size, d_model)
        self.pos_emb = nn.Embedding(max_len, d_model)
        self.blocks = nn.ModuleList(
            nn.TransformerEncoderLayer(d_model, heads, ff or 4 * d_model, dropout=0.0, activation=activation,
                                       batch_first=True, norm_first=True)
            for _ in range(layers)
        )
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, vocab_size)

    def forward(self, tokens):
        """tokens: [batch, T] integer ids; returns logits [batch, T, vocab_size]."""
        t = tokens.shape[1]
        h = self.tok_emb(tokens) + self.pos_emb(torch.arange(t))
        future = torch.ones(t, t, dtype=torch.bool).triu(1)  # True = may not attend (torch's convention)
        for block in self.blocks:
            h = block(h, src_mask=future)
        return self.head(self.norm(h))
