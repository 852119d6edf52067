"""Validation figures for a trained model beside a baseline fitted on the training split.

GPT: loss and bits per byte (the UTF-8 bytes of the text each predicted token stands for)
beside an interpolated Kneser-Ney token bigram. BERT: accuracy on masked tokens beside always
guessing the most frequent training token.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

import data

KN_DISCOUNT = 0.75
EVAL_MASK_SEED = 1234


def _batches(rows, size=64):
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def kneser_ney_bigram(train_rows, vocab_size):
    """Returns log2 P(next | previous) as a dense [V, V] table (the vocabulary is small)."""
    prev, nxt = train_rows[:, :-1].ravel(), train_rows[:, 1:].ravel()
    keep = (prev >= 0) & (nxt >= 0)
    counts = np.zeros((vocab_size, vocab_size))
    np.add.at(counts, (prev[keep], nxt[keep]), 1)
    seen = counts > 0
    # The lower order is how many different tokens each token follows, plus one so that
    # pairs never seen in training keep some probability.
    continuation = seen.sum(0) + 1.0
    continuation /= continuation.sum()
    context_total = counts.sum(1, keepdims=True)
    backoff = KN_DISCOUNT * seen.sum(1, keepdims=True) / np.maximum(context_total, 1)
    backoff[context_total[:, 0] == 0] = 1.0
    probs = np.maximum(counts - KN_DISCOUNT, 0) / np.maximum(context_total, 1)
    return np.log2(probs + backoff * continuation[None, :])


def causal_scores(model, enc, val_rows, train_rows):
    byte_len = np.array([enc.byte_length(i) for i in range(len(enc.vocab))])
    nats, tokens, n_bytes = 0.0, 0, 0
    with torch.no_grad():
        for rows in _batches(val_rows):
            logits, _ = model(torch.from_numpy(np.maximum(rows[:, :-1], 0)).long())
            targets = torch.from_numpy(rows[:, 1:]).long()
            nats += F.cross_entropy(logits.flatten(0, 1), targets.flatten(),
                                    ignore_index=data.PAD_TARGET, reduction="sum").item()
    prev, nxt = val_rows[:, :-1], val_rows[:, 1:]
    real = nxt >= 0
    tokens, n_bytes = int(real.sum()), int(byte_len[nxt[real]].sum())
    table = kneser_ney_bigram(train_rows, len(enc.vocab))
    bigram_bits = -table[prev[real], nxt[real]].sum()
    model_bpb = nats / math.log(2) / n_bytes
    bigram_bpb = bigram_bits / n_bytes
    return {
        "validation_tokens": tokens, "validation_bytes": n_bytes,
        "loss": nats / tokens, "bits_per_byte": model_bpb,
        "bigram_loss": bigram_bits * math.log(2) / tokens, "bigram_bits_per_byte": bigram_bpb,
        "improvement_over_bigram": 1 - model_bpb / bigram_bpb,
    }


def masked_scores(model, enc, val_rows, train_rows):
    """Masks 15% of text tokens, all as [MASK], with a fixed seed so runs compare."""
    specials = [enc.vocab[s] for s in data.BERT_SPECIALS]
    text = (val_rows >= 0) & ~np.isin(val_rows, specials)
    picked = text & (np.random.default_rng(EVAL_MASK_SEED).random(val_rows.shape) < 0.15)
    ids = np.where(val_rows < 0, enc.vocab["[PAD]"], val_rows)
    ids[picked] = enc.vocab["[MASK]"]
    correct, nats = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(ids), 64):
            sel = torch.from_numpy(picked[i : i + 64])
            logits, _ = model(torch.from_numpy(ids[i : i + 64]).long(),
                              pad_mask=torch.from_numpy(val_rows[i : i + 64] < 0), select=sel)
            target = torch.from_numpy(val_rows[i : i + 64]).long()[sel]
            correct += (logits.argmax(-1) == target).sum().item()
            nats += F.cross_entropy(logits, target, reduction="sum").item()
    train_text = train_rows[(train_rows >= 0) & ~np.isin(train_rows, specials)]
    unigram = np.bincount(train_text, minlength=len(enc.vocab)) + 1.0
    unigram /= unigram.sum()
    targets = val_rows[picked]
    n = int(picked.sum())
    return {
        "masked_tokens": n, "masked_accuracy": correct / n, "masked_loss": nats / n,
        "unigram_accuracy": float((targets == unigram.argmax()).mean()),
        "unigram_loss": float(-np.log(unigram[targets]).mean()),
        "unigram_guess": enc.tokens[int(unigram.argmax())],
    }


def evaluate(kind, model, enc, val_rows):
    ctx = model.cfg.n_ctx
    train_rows = data.load_sequences(kind, enc, ctx, "train-chunks")
    if kind == "gpt":
        return causal_scores(model, enc, val_rows, train_rows)
    return masked_scores(model, enc, val_rows, train_rows)
