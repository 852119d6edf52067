"""Byte-level BPE in the GPT-2 style, trained on word counts and saved as `tokenizer.json`.

The pre-tokenizer must split text exactly as `@huggingface/tokenizers` does in the app, which
uses the JavaScript pattern below with the `u` flag. Python's `re` has no `\\p{L}`, so the
letter and number classes are spelled out from `unicodedata`, and whitespace is JavaScript's
`\\s`, which differs from Python's (it includes U+FEFF and excludes U+001C to U+001F, U+0085).
"""

import re
import sys
import unicodedata
from collections import Counter, defaultdict

JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def _char_class(prefix):
    ranges, start, prev = [], None, None
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)).startswith(prefix):
            if start is None:
                start = cp
            prev = cp
        elif start is not None:
            ranges.append((start, prev))
            start = None
    if start is not None:
        ranges.append((start, prev))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


_L, _N = _char_class("L"), _char_class("N")
PRE_TOKENIZE = re.compile(
    rf"'s|'t|'re|'ve|'m|'ll|'d| ?[{_L}]+| ?[{_N}]+| ?[^{JS_SPACE}{_L}{_N}]+"
    rf"|[{JS_SPACE}]+(?![^{JS_SPACE}])|[{JS_SPACE}]+"
)


def bytes_to_unicode():
    """GPT-2's table that gives each byte a printable character, so pieces are plain strings."""
    printable = list(range(ord("!"), ord("~") + 1))
    printable += list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


BYTE_TO_CHAR = bytes_to_unicode()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}


def pieces(text):
    """Pre-tokenizes text into byte-level pieces, e.g. 'Hi there' -> ['Hi', 'Ġthere']."""
    return ["".join(BYTE_TO_CHAR[b] for b in m.encode("utf-8")) for m in PRE_TOKENIZE.findall(text)]


def train(texts, n_merges):
    """Learns merges greedily from piece counts; ties go to the lexically largest pair."""
    counts = Counter(p for t in texts for p in pieces(t))
    words = [list(w) for w in counts]
    freqs = list(counts.values())
    pair_counts = Counter()
    where = defaultdict(set)
    for i, w in enumerate(words):
        for pair in zip(w, w[1:]):
            pair_counts[pair] += freqs[i]
            where[pair].add(i)

    merges = []
    for _ in range(n_merges):
        if not pair_counts:
            break
        best = max(pair_counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
        merges.append(best)
        merged = best[0] + best[1]
        for i in list(where[best]):
            w, f = words[i], freqs[i]
            for pair in zip(w, w[1:]):
                pair_counts[pair] -= f
                if pair_counts[pair] <= 0:
                    del pair_counts[pair]
            out, j = [], 0
            while j < len(w):
                if j + 1 < len(w) and (w[j], w[j + 1]) == best:
                    out.append(merged)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            words[i] = out
            for pair in zip(out, out[1:]):
                pair_counts[pair] += f
                where[pair].add(i)
        del where[best]
    return merges


class Encoder:
    """Applies merges lowest rank first, as the Hugging Face BPE model does."""

    def __init__(self, merges, specials=(), lstrip=()):
        self.vocab = {BYTE_TO_CHAR[b]: b for b in range(256)}
        for a, b in merges:
            self.vocab.setdefault(a + b, len(self.vocab))
        for s in specials:
            self.vocab[s] = len(self.vocab)
        self.specials = list(specials)
        self.lstrip = set(lstrip)
        self.ranks = {pair: r for r, pair in enumerate(merges)}
        self.tokens = {i: t for t, i in self.vocab.items()}
        self.cache = {}

    def _bpe(self, piece):
        if piece in self.cache:
            return self.cache[piece]
        word = list(piece)
        while len(word) > 1:
            ranked = [(self.ranks.get(p, 1 << 30), k) for k, p in enumerate(zip(word, word[1:]))]
            rank, k = min(ranked)
            if rank == 1 << 30:
                break
            word[k : k + 2] = [word[k] + word[k + 1]]
        ids = [self.vocab[t] for t in word]
        self.cache[piece] = ids
        return ids

    def encode(self, text):
        """Ids of plain text, splitting out special tokens such as [MASK] written in the text.

        A special in `lstrip` takes the whitespace before it, as RoBERTa's <mask> does, so
        that "a [MASK]" masks the whole word " word" the model saw masked in training.
        """
        parts = [text]
        if self.specials:
            parts = re.split("(" + "|".join(re.escape(s) for s in self.specials) + ")", text)
        for i, part in enumerate(parts):
            if part in self.lstrip and i > 0:
                parts[i - 1] = re.sub(f"[{JS_SPACE}]+$", "", parts[i - 1])
        ids = []
        for part in parts:
            if part in self.specials:
                ids.append(self.vocab[part])
            else:
                for p in pieces(part):
                    ids.extend(self._bpe(p))
        return ids

    def encode_with_offsets(self, text):
        """Ids with the character index where each token starts; no specials handled."""
        ids, starts = [], []
        for m in PRE_TOKENIZE.finditer(text):
            char_of_byte = []
            for k, ch in enumerate(m.group()):
                char_of_byte += [m.start() + k] * len(ch.encode("utf-8"))
            byte_pos = 0
            for i in self._bpe("".join(BYTE_TO_CHAR[b] for b in m.group().encode("utf-8"))):
                ids.append(i)
                starts.append(char_of_byte[byte_pos])
                byte_pos += len(self.tokens[i])
        return ids, starts

    def decode(self, ids):
        text = []
        for i in ids:
            tok = self.tokens[i]
            text.append(tok if tok in self.specials else bytes(CHAR_TO_BYTE[c] for c in tok))
        out = b"".join(t if isinstance(t, bytes) else t.encode() for t in text)
        return out.decode("utf-8", "replace")

    def byte_length(self, token_id):
        """UTF-8 bytes that one token stands for; special tokens stand for none."""
        tok = self.tokens[token_id]
        return 0 if tok in self.specials else len(tok)
