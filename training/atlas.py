"""The head atlas: what each attention head does, measured on validation sentences.

Each sentence is fed as the app feeds it (beginning token, or [CLS] ... [SEP]). Scores are
means over query positions after the first, pooled over all sentences:
  previous_token  weight on position q-1        first_token  weight on position 0
  self            weight on position q          mean_distance  sum_k weight * |q - k|
  next_token      (masked only) weight on position q+1, over queries that have one
  previous_token_in_word  weight on q-1, only where q-1 and q are pieces of one word (a
                  head can point at the previous piece inside words and elsewhere rest on
                  the first token; the plain score hides that)
  entropy         of the attention row, in bits
  induction       (causal only) on random tokens repeated twice, weight from each token of
                  the second copy to the token after its first occurrence
  pos_relation    the (query tag -> key tag) pair, between different words, on which the head
                  puts most weight relative to the average head
"""

import numpy as np
import torch

import corpus
import data

N_SENTENCES = 1500
N_INDUCTION = 100
MIN_RELATION_SHARE = 0.02
TAGS = ["DET", "PRON", "NOUN", "ADJ", "VERB", "ADP", "ADV", "CONJ", "SCONJ", "NUM", "PUNCT",
        "OTHER"]


def tagged_sentences(kind, enc, ctx):
    """Validation sentences as (ids, tag index per token or -1 for specials, word per token)."""
    out = []
    for doc in corpus.load_split("validation"):
        for s in doc:
            ids, starts = enc.encode_with_offsets(s["text"])
            word_of_char = np.full(len(s["text"]) + 1, -1)
            for w, (a, b) in enumerate(s["spans"]):
                word_of_char[a:b] = w
            words = []
            for c in starts:
                c += s["text"][c] == " "
                words.append(word_of_char[c])
            tags = [TAGS.index(s["tags"][w]) if w >= 0 else -1 for w in words]
            if kind == "gpt":
                ids, tags, words = [enc.vocab[data.BOS]] + ids, [-1] + tags, [-1] + words
                ids, tags, words = ids[:ctx], tags[:ctx], words[:ctx]
            else:
                n = ctx - 2
                ids = [enc.vocab["[CLS]"]] + ids[:n] + [enc.vocab["[SEP]"]]
                tags, words = [-1] + tags[:n] + [-1], [-1] + words[:n] + [-1]
            if len(ids) >= 6:
                out.append((ids, np.array(tags), np.array(words)))
            if len(out) == N_SENTENCES:
                return out
    return out


def induction_scores(model, enc, ctx):
    """(layers, heads) mean weight from the second copy to the token after the first copy."""
    half = (ctx - 1) // 2
    rng = np.random.default_rng(0)
    body = rng.integers(256, enc.vocab[data.BOS], (N_INDUCTION, half))
    ids = np.concatenate([np.full((N_INDUCTION, 1), enc.vocab[data.BOS]), body, body], axis=1)
    with torch.no_grad():
        _, atts = model(torch.from_numpy(ids).long())
    q = np.arange(1 + half, 1 + 2 * half)
    k = q - half + 1  # first copy of the same token sits at q - half; we want the one after it
    return np.stack([a[:, :, q, k].mean((0, 2)).numpy() for a in atts])


def head_atlas(kind, model, enc, ctx):
    sentences = tagged_sentences(kind, enc, ctx)
    L, H = model.cfg.n_layer, model.cfg.n_head
    sums = {k: np.zeros((L, H)) for k in ("previous_token", "first_token", "self",
                                          "mean_distance", "entropy")}
    relation = np.zeros((L, H, len(TAGS), len(TAGS)))
    in_word_sum, in_word_n = np.zeros((L, H)), 0
    next_sum, next_n = np.zeros((L, H)), 0
    n_queries = 0
    with torch.no_grad():
        for ids, tags, words in sentences:
            _, atts = model(torch.tensor([ids]))
            att = torch.stack(atts)[:, 0].double().numpy()  # (L, H, T, T)
            T = len(ids)
            q = np.arange(1, T)
            sums["previous_token"] += att[:, :, q, q - 1].sum(-1)
            sums["first_token"] += att[:, :, q, 0].sum(-1)
            sums["self"] += att[:, :, q, q].sum(-1)
            dist = np.abs(np.arange(T)[:, None] - np.arange(T)[None, :])
            sums["mean_distance"] += (att[:, :, 1:] * dist[1:]).sum((-1, -2))
            sums["entropy"] -= (att[:, :, 1:] * np.log2(att[:, :, 1:] + 1e-12)).sum((-1, -2))
            n_queries += T - 1
            same = q[(words[q] >= 0) & (words[q] == words[q - 1])]
            in_word_sum += att[:, :, same, same - 1].sum(-1)
            in_word_n += len(same)
            if kind != "gpt":
                ahead = np.arange(1, T - 1)
                next_sum += att[:, :, ahead, ahead + 1].sum(-1)
                next_n += len(ahead)
            ok = (tags[:, None] >= 0) & (tags[None, :] >= 0) & (words[:, None] != words[None, :])
            qi, ki = np.nonzero(ok)
            np.add.at(relation, (slice(None), slice(None), tags[qi], tags[ki]), att[:, :, qi, ki])
    scores = {k: v / n_queries for k, v in sums.items()}
    scores["previous_token_in_word"] = in_word_sum / max(in_word_n, 1)
    if kind == "gpt":
        scores["induction"] = induction_scores(model, enc, ctx)
    else:
        scores["next_token"] = next_sum / max(next_n, 1)

    share = relation / relation.sum((-1, -2), keepdims=True)
    lift = share / np.maximum(share.mean((0, 1), keepdims=True), 1e-12)
    lift[share < MIN_RELATION_SHARE] = 0
    heads = []
    for layer in range(L):
        for head in range(H):
            a, b = np.unravel_index(lift[layer, head].argmax(), lift[layer, head].shape)
            entry = {"layer": layer, "head": head}
            entry.update({k: round(float(v[layer, head]), 4) for k, v in scores.items()})
            entry["pos_relation"] = {"query": TAGS[a], "key": TAGS[b],
                                     "share": round(float(share[layer, head, a, b]), 4),
                                     "lift": round(float(lift[layer, head, a, b]), 3)}
            entry["role"] = role(entry)
            heads.append(entry)
    return {"sentences": len(sentences), "queries": n_queries, "heads": heads}


def role(h):
    """A short name for the head's clearest behaviour, or 'mixed' when none stands out."""
    if h.get("induction", 0) >= 0.3:
        return "induction"
    named = [("previous-token", h["previous_token"]), ("first-token (sink)", h["first_token"]),
             ("self", h["self"]), ("next-token", h.get("next_token", 0))]
    name, value = max(named, key=lambda kv: kv[1])
    if value >= 0.4:
        return name
    r = h["pos_relation"]
    if r["lift"] >= 1.5:
        return f"{r['query']} -> {r['key']}"
    return "mixed"
