"""Parity cases for the app: ids, attention and logits for five fixed sentences.

The numbers come from a plain NumPy forward pass (float64) over the exported
model.safetensors, written apart from models.py, so the golden file checks the export as
well as the app: a wrong name or layout in the file shows up here first.
"""

import json
import math
import os

import numpy as np

import export

GPT_SENTENCES = [
    "The jury said it did not find any evidence.",
    "She opened the door and looked at the garden.",
    "In 1961 the city paid $4,000 for it.",
    "He said, \"We will go home now.\"",
    "Mr. Smith saw Mr. Smith.",
]
BERT_SENTENCES = [
    "The jury said it did not find any [MASK].",
    "She opened the [MASK] and looked out.",
    "In 1961 the city paid $4,000 for it.",
    "He said, \"We will go [MASK] now.\"",
    "The [MASK] of the United States spoke.",
]


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def gelu_erf(x):
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def heads(q, k, v, n_head, causal):
    """q, k, v (T, C) -> output (T, C) and attention (H, T, T)."""
    T, C = q.shape
    hd = C // n_head
    split = lambda t: t.reshape(T, n_head, hd).transpose(1, 0, 2)  # (H, T, hd)
    scores = split(q) @ split(k).transpose(0, 2, 1) / math.sqrt(hd)  # (H, T, T)
    if causal:
        scores = np.where(np.tril(np.ones((T, T), bool)), scores, -np.inf)
    att = np.exp(scores - scores.max(-1, keepdims=True))
    att /= att.sum(-1, keepdims=True)
    return (att @ split(v)).transpose(1, 0, 2).reshape(T, C), att


def gpt2_forward(w, cfg, ids):
    x = w["wte.weight"][ids] + w["wpe.weight"][: len(ids)]
    atts = []
    for i in range(cfg.n_layer):
        p = lambda name: w[f"h.{i}.{name}"]
        h = layer_norm(x, p("ln_1.weight"), p("ln_1.bias"), 1e-5)
        qkv = h @ p("attn.c_attn.weight") + p("attn.c_attn.bias")  # Conv1D: [in, out]
        y, att = heads(*np.split(qkv, 3, axis=-1), cfg.n_head, causal=True)
        x = x + y @ p("attn.c_proj.weight") + p("attn.c_proj.bias")
        h = layer_norm(x, p("ln_2.weight"), p("ln_2.bias"), 1e-5)
        h = gelu_tanh(h @ p("mlp.c_fc.weight") + p("mlp.c_fc.bias"))
        x = x + h @ p("mlp.c_proj.weight") + p("mlp.c_proj.bias")
        atts.append(att)
    x = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"], 1e-5)
    return x @ w["wte.weight"].T, atts


def bert_forward(w, cfg, ids):
    e = "bert.embeddings."
    x = w[e + "word_embeddings.weight"][ids] + w[e + "position_embeddings.weight"][: len(ids)]
    x = layer_norm(x + w[e + "token_type_embeddings.weight"][0],
                   w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"], 1e-12)
    atts = []
    for i in range(cfg.n_layer):
        p = lambda name: w[f"bert.encoder.layer.{i}.{name}"]
        lin = lambda h, name: h @ p(name + ".weight").T + p(name + ".bias")  # Linear: [out, in]
        q, k, v = (lin(x, f"attention.self.{n}") for n in ("query", "key", "value"))
        y, att = heads(q, k, v, cfg.n_head, causal=False)
        x = layer_norm(x + lin(y, "attention.output.dense"),
                       p("attention.output.LayerNorm.weight"),
                       p("attention.output.LayerNorm.bias"), 1e-12)
        h = gelu_erf(lin(x, "intermediate.dense"))
        x = layer_norm(x + lin(h, "output.dense"), p("output.LayerNorm.weight"),
                       p("output.LayerNorm.bias"), 1e-12)
        atts.append(att)
    t = "cls.predictions.transform."
    h = gelu_erf(x @ w[t + "dense.weight"].T + w[t + "dense.bias"])
    h = layer_norm(h, w[t + "LayerNorm.weight"], w[t + "LayerNorm.bias"], 1e-12)
    return h @ w[e + "word_embeddings.weight"].T + w["cls.predictions.bias"], atts


def rounded(a):
    """Nested lists at 6 significant digits, to keep the file small."""
    return np.vectorize(lambda v: float(f"{v:.6g}"), otypes=[object])(a).tolist()


def write_golden(kind, name, weights_path, cfg, enc):
    w = {k: v.astype(np.float64) for k, v in export.read_safetensors(weights_path).items()}
    cases = []
    for text in GPT_SENTENCES if kind == "gpt" else BERT_SENTENCES:
        if kind == "gpt":
            ids = [enc.vocab["<|endoftext|>"]] + enc.encode(text)
            logits, atts = gpt2_forward(w, cfg, ids)
        else:
            ids = [enc.vocab["[CLS]"]] + enc.encode(text) + [enc.vocab["[SEP]"]]
            logits, atts = bert_forward(w, cfg, ids)
        cases.append({"text": text, "ids": ids, "attention": rounded(np.stack(atts)),
                      "logits": rounded(logits)})
    out = os.path.join(export.ROOT, "tests", "golden")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{name}.json"), "w", encoding="utf-8") as f:
        json.dump({"model": name, "cases": cases}, f, ensure_ascii=False, separators=(",", ":"))
