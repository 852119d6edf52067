"""Texts and their ids from the training-side encoder, for check_tokenizer.mjs to compare.

The app tokenizes with `@huggingface/tokenizers` and training with bpe.py; the check fails
if the two ever disagree on an id, or if decoding does not give the text back.
"""

import json
import os

import corpus

N_VALIDATION = 250
HARD_TEXTS = [
    "naïve café, façade, jalapeño, Zürich, Øresund, Łódź, Ærøskøbing",
    "Ελληνικά, русский язык, עברית, العربية, हिन्दी, ไทย",
    "日本語のテキストと中文文本，한국어 텍스트。",
    "Emoji: 😀 👍🏽 👨‍👩‍👧‍👦 🇺🇸 ❤️ ✨🚀",
    "Combining: e\u0301 a\u0308 n\u0303, zero\u200bwidth, soft\u00adhyphen",
    "Spaces:  two,   three,\ttab,\nnewline,\r\nwindows, trailing   ",
    "Numbers: 3.14159, 1,000,000, ½, ², Ⅻ, ١٢٣, ４２",
    "Quotes “curly” ‘single’ «guillemets» — dashes – and … ellipsis",
    "Contractions: I'm, you're, we've, they'll, he'd, it's, can't, DON'T",
    "Code: def f(x): return x**2 // 3 != 4; a_b = {'k': [1, 2]}",
    "URL https://example.com/path?q=1&r=two#frag and e-mail a.b@c.org",
    "   leading spaces and a final newline\n",
    "Math ∀x∈ℝ: x² ≥ 0, ∑ᵢ aᵢ, √2 ≈ 1.414",
    "\u00a0non-breaking\u00a0spaces\u3000ideographic\u2009thin",
    "",
    "a",
    "Specials typed in text: <|endoftext|> [MASK] [CLS]",
]


def texts():
    sentences = [s["text"] for doc in corpus.load_split("validation") for s in doc]
    step = max(1, len(sentences) // N_VALIDATION)
    return sentences[::step][:N_VALIDATION] + HARD_TEXTS


def write_cases(path, name, enc, prefix, suffix):
    """prefix/suffix: the ids the post-processor adds around every encoding."""
    cases = [{"text": t, "ids": prefix + enc.encode(t) + suffix} for t in texts()]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"model": name, "cases": cases}, f, ensure_ascii=False, separators=(",", ":"))
