"""Token sequences for training and evaluation, each starting the way the app feeds text.

The app encodes what a reader types, so position 0 is the beginning token (GPT) or [CLS]
(BERT) and position 1 is the first token of a sentence with no space before it. Every
sequence here starts at a sentence start for the same reason.
"""

import json
import os

import numpy as np

import bpe
import corpus

CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache")
PAD_TARGET = -1
BOS = "<|endoftext|>"
BERT_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def merges(vocab_size):
    """Merges for a byte-level vocabulary of vocab_size tokens, trained once and cached.

    BPE merges are learned in order, so a smaller vocabulary is a prefix of a larger one.
    """
    n_merges = vocab_size - 256
    path = os.path.join(CACHE, "merges.json")
    if os.path.exists(path):
        cached = [tuple(m) for m in json.load(open(path))]
        if len(cached) >= n_merges:
            return cached[:n_merges]
    texts = [s["text"] for doc in corpus.load_split("train") for s in doc]
    learned = bpe.train(texts, n_merges)
    os.makedirs(CACHE, exist_ok=True)
    json.dump(learned, open(path, "w"))
    return learned


def encode_docs(enc, docs):
    """Per document, each sentence as ids alone and as ids after a space (mid-paragraph)."""
    return [
        [(enc.encode(s["text"]), enc.encode(" " + s["text"])) for s in doc] for doc in docs
    ]


def causal_windows(encoded, bos_id, ctx):
    """One window of ctx+1 ids per sentence start: BOS, then text running on through the file."""
    rows = []
    for doc in encoded:
        stream = [t for _, cont in doc for t in cont]
        ends = np.cumsum([len(cont) for _, cont in doc])
        for k, (start, _) in enumerate(doc):
            row = [bos_id] + start + stream[ends[k] : ends[k] + ctx]
            row = row[: ctx + 1]
            rows.append(row + [PAD_TARGET] * (ctx + 1 - len(row)))
    return np.array(rows, dtype=np.int32)


def whole_sentence_chunks(encoded, first_id, last_id, ctx):
    """Non-overlapping chunks of whole sentences, each [first] + sentences (+ [last]).

    A sentence longer than the context is cut; chunks are padded with PAD_TARGET.
    """
    room = ctx - 1 - (last_id is not None)
    rows = []
    for doc in encoded:
        k = 0
        while k < len(doc):
            ids = doc[k][0][:room]
            k += 1
            while k < len(doc) and len(ids) + len(doc[k][1]) <= room:
                ids = ids + doc[k][1]
                k += 1
            row = [first_id] + ids + ([last_id] if last_id is not None else [])
            rows.append(row + [PAD_TARGET] * (ctx - len(row)))
    return np.array(rows, dtype=np.int32)


def passage_lengths(ctx):
    """Shortest and longest passage that repeat_passages repeats in a window of ctx tokens."""
    return 8, ctx // 2


def repeat_passages(rows, rng, share):
    """Rewrites a share of causal rows as a passage followed by the same passage again.

    Natural sentences rarely repeat within a window, so copying earlier text seldom pays and
    the heads that copying needs (one that looks at the previous token, and one that finds
    the token after an earlier copy of the current one) have little reason to sharpen. Each
    rewritten row keeps its beginning token and sentence start; the passage length varies so
    that the second copy can begin anywhere in the window, and after it the text runs on from
    where the passage ended, so that the row loses only the passage's length of new text.
    """
    if share <= 0:
        return rows
    rows = rows.copy()
    ctx = rows.shape[1] - 1
    shortest, longest = passage_lengths(ctx)
    for i in np.flatnonzero(rng.random(len(rows)) < share):
        text = rows[i, 1:]
        n = min(int((text >= 0).sum()), int(rng.integers(shortest, longest + 1)))
        rows[i, 1:] = np.concatenate([text[:n], text[: ctx - n]])
    return rows


def load_sequences(kind, enc, ctx, split):
    """Sequences of one split as an int32 array, cached per setting.

    split is "train" (overlapping causal windows for GPT), "validation", or "train-chunks"
    (the training text cut like the validation text, for fitting baselines).
    """
    path = os.path.join(CACHE, f"{kind}-{len(enc.vocab)}-{ctx}-{split}.npy")
    if os.path.exists(path):
        return np.load(path)
    encoded = encode_docs(enc, corpus.load_split(split.split("-")[0]))
    if kind == "gpt" and split == "train":
        rows = causal_windows(encoded, enc.vocab[BOS], ctx)
    elif kind == "gpt":
        rows = whole_sentence_chunks(encoded, enc.vocab[BOS], None, ctx + 1)
    else:
        rows = whole_sentence_chunks(encoded, enc.vocab["[CLS]"], enc.vocab["[SEP]"], ctx)
    np.save(path, rows)
    return rows
