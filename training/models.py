"""GPT-2 and BERT in PyTorch, with parameter names and layouts as Hugging Face stores them.

Matching the Hub's names here means export is a plain copy of the state dict, and the app's
loader cannot tell these weights from a checkpoint downloaded from the Hub.
"""

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class ModelConfig:
    kind: str = "gpt"  # "gpt" (causal, pre-LN) or "bert" (masked, post-LN)
    vocab_size: int = 4096
    n_ctx: int = 128
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0


class Conv1D(nn.Module):
    """GPT-2's linear layer, which stores its weight as [in, out] rather than [out, in]."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_in, n_out) * 0.02)
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return x @ self.weight + self.bias


def attend(q, k, v, n_head, mask):
    """Scaled dot-product attention; q, k, v are (B, T, C) and mask is added to the scores."""
    B, T, C = q.shape
    # (B, T, C) -> (B, H, T, hd)
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
    scores = q @ k.transpose(-2, -1) / math.sqrt(C // n_head) + mask  # (B, H, T, T)
    att = F.softmax(scores, dim=-1)
    y = (att @ v).transpose(1, 2).reshape(B, T, C)
    return y, att


class GPT2Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head = cfg.n_head
        self.c_attn = Conv1D(cfg.n_embd, 3 * cfg.n_embd)
        self.c_proj = Conv1D(cfg.n_embd, cfg.n_embd)
        self.c_proj.weight.data *= 1 / math.sqrt(2 * cfg.n_layer)

    def forward(self, x, mask):
        q, k, v = self.c_attn(x).split(x.shape[-1], dim=2)
        y, att = attend(q, k, v, self.n_head, mask)
        return self.c_proj(y), att


class GPT2MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.c_fc = Conv1D(cfg.n_embd, 4 * cfg.n_embd)
        self.c_proj = Conv1D(4 * cfg.n_embd, cfg.n_embd)
        self.c_proj.weight.data *= 1 / math.sqrt(2 * cfg.n_layer)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class GPT2Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd, eps=1e-5)
        self.attn = GPT2Attention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd, eps=1e-5)
        self.mlp = GPT2MLP(cfg)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x, mask):
        a, att = self.attn(self.ln_1(x), mask)
        x = x + self.drop(a)
        return x + self.drop(self.mlp(self.ln_2(x))), att


class GPT2(nn.Module):
    """Causal language model; the output projection is the token embedding (tied)."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.n_ctx, cfg.n_embd)
        nn.init.normal_(self.wte.weight, std=0.02)
        nn.init.normal_(self.wpe.weight, std=0.02)
        self.h = nn.ModuleList(GPT2Block(cfg) for _ in range(cfg.n_layer))
        self.ln_f = nn.LayerNorm(cfg.n_embd, eps=1e-5)

    def forward(self, ids):
        """ids (B, T) -> logits (B, T, V) and a list of attention (B, H, T, T) per layer."""
        T = ids.shape[1]
        mask = torch.full((T, T), float("-inf")).triu(1)
        x = self.wte(ids) + self.wpe(torch.arange(T))
        attentions = []
        for block in self.h:
            x, att = block(x, mask)
            attentions.append(att)
        return self.ln_f(x) @ self.wte.weight.T, attentions


class BertSelfAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.query = nn.Linear(cfg.n_embd, cfg.n_embd)
        self.key = nn.Linear(cfg.n_embd, cfg.n_embd)
        self.value = nn.Linear(cfg.n_embd, cfg.n_embd)


class BertSelfOutput(nn.Module):
    def __init__(self, cfg, n_in):
        super().__init__()
        self.dense = nn.Linear(n_in, cfg.n_embd)
        self.LayerNorm = nn.LayerNorm(cfg.n_embd, eps=1e-12)


class BertAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.self = BertSelfAttention(cfg)
        self.output = BertSelfOutput(cfg, cfg.n_embd)


class BertIntermediate(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.dense = nn.Linear(cfg.n_embd, 4 * cfg.n_embd)


class BertLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head = cfg.n_head
        self.attention = BertAttention(cfg)
        self.intermediate = BertIntermediate(cfg)
        self.output = BertSelfOutput(cfg, 4 * cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x, mask):
        s = self.attention.self
        y, att = attend(s.query(x), s.key(x), s.value(x), self.n_head, mask)
        out = self.attention.output
        x = out.LayerNorm(x + self.drop(out.dense(y)))
        h = F.gelu(self.intermediate.dense(x))
        return self.output.LayerNorm(x + self.drop(self.output.dense(h))), att


class BertEmbeddings(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.word_embeddings = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.position_embeddings = nn.Embedding(cfg.n_ctx, cfg.n_embd)
        self.token_type_embeddings = nn.Embedding(2, cfg.n_embd)
        self.LayerNorm = nn.LayerNorm(cfg.n_embd, eps=1e-12)


class BertEncoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layer = nn.ModuleList(BertLayer(cfg) for _ in range(cfg.n_layer))


class BertBody(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.embeddings = BertEmbeddings(cfg)
        self.encoder = BertEncoder(cfg)


class BertPredictionTransform(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.dense = nn.Linear(cfg.n_embd, cfg.n_embd)
        self.LayerNorm = nn.LayerNorm(cfg.n_embd, eps=1e-12)


class BertLMHead(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.transform = BertPredictionTransform(cfg)
        self.bias = nn.Parameter(torch.zeros(cfg.vocab_size))


class BertOnlyMLMHead(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.predictions = BertLMHead(cfg)


class Bert(nn.Module):
    """Masked language model; the decoder is the word embedding (tied)."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.bert = BertBody(cfg)
        self.cls = BertOnlyMLMHead(cfg)
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=0.02)
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def forward(self, ids, pad_mask=None, select=None):
        """ids (B, T), pad_mask (B, T) true where padded -> logits (B, T, V), attentions.

        With select (B, T) boolean, logits only for the selected positions, (N, V): training
        scores the masked positions alone, so the vocabulary projection skips the others.
        """
        B, T = ids.shape
        emb = self.bert.embeddings
        x = emb.word_embeddings(ids) + emb.position_embeddings(torch.arange(T))
        x = emb.LayerNorm(x + emb.token_type_embeddings(torch.zeros_like(ids)))
        mask = torch.zeros(B, 1, 1, T)
        if pad_mask is not None:
            mask = mask.masked_fill(pad_mask[:, None, None, :], torch.finfo(torch.float32).min)
        attentions = []
        for layer in self.bert.encoder.layer:
            x, att = layer(x, mask)
            attentions.append(att)
        head = self.cls.predictions
        if select is not None:
            x = x[select]
        h = head.transform.LayerNorm(F.gelu(head.transform.dense(x)))
        return h @ emb.word_embeddings.weight.T + head.bias, attentions


def build(cfg):
    return GPT2(cfg) if cfg.kind == "gpt" else Bert(cfg)
