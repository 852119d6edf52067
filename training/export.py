"""Writes a trained model in the Hugging Face layout, then evaluates it and writes its card.

public/models/<name>/ gets config.json, model.safetensors, tokenizer.json,
tokenizer_config.json, heads.json and README.md; tests/golden/<name>.json gets the parity cases.
"""

import json
import os
import struct

import numpy as np

import data

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAFETENSORS_DTYPES = {np.dtype(np.float32): "F32"}


def write_safetensors(path, tensors):
    """The safetensors format: u64 header size, JSON header, then the raw little-endian data."""
    header, offset = {}, 0
    arrays = {}
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name], dtype="<f4")
        arrays[name] = array
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    header["__metadata__"] = {"format": "pt"}
    blob = json.dumps(header, separators=(",", ":")).encode()
    blob += b" " * (-len(blob) % 8)  # the data must start 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(blob)))
        f.write(blob)
        for name in sorted(arrays):
            f.write(arrays[name].tobytes())


def read_safetensors(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        raw = f.read()
    return {
        name: np.frombuffer(raw[a:b], dtype="<f4").reshape(meta["shape"])
        for name, meta in header.items() if name != "__metadata__"
        for a, b in [meta["data_offsets"]]
    }


def hf_config(kind, cfg, enc):
    if kind == "gpt":
        bos = enc.vocab[data.BOS]
        return {
            "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2",
            "vocab_size": cfg.vocab_size, "n_positions": cfg.n_ctx, "n_ctx": cfg.n_ctx,
            "n_embd": cfg.n_embd, "n_layer": cfg.n_layer, "n_head": cfg.n_head, "n_inner": None,
            "activation_function": "gelu_new", "layer_norm_epsilon": 1e-5,
            "resid_pdrop": cfg.dropout, "embd_pdrop": 0.0, "attn_pdrop": 0.0,
            "initializer_range": 0.02, "scale_attn_weights": True, "tie_word_embeddings": True,
            "bos_token_id": bos, "eos_token_id": bos, "torch_dtype": "float32",
        }
    return {
        "architectures": ["BertForMaskedLM"], "model_type": "bert",
        "vocab_size": cfg.vocab_size, "hidden_size": cfg.n_embd,
        "num_hidden_layers": cfg.n_layer, "num_attention_heads": cfg.n_head,
        "intermediate_size": 4 * cfg.n_embd, "hidden_act": "gelu",
        "max_position_embeddings": cfg.n_ctx, "type_vocab_size": 2,
        "layer_norm_eps": 1e-12, "hidden_dropout_prob": cfg.dropout,
        "attention_probs_dropout_prob": 0.0, "initializer_range": 0.02,
        "position_embedding_type": "absolute", "pad_token_id": enc.vocab["[PAD]"],
        "tie_word_embeddings": True, "torch_dtype": "float32",
    }


def _special(token, token_id, lstrip):
    return {"id": token_id, "content": token, "single_word": False, "lstrip": lstrip,
            "rstrip": False, "normalized": False, "special": True}


def tokenizer_json(kind, enc):
    """A Hugging Face tokenizer.json whose post-processor adds the model's special tokens."""
    def template(tokens):
        return [{"SpecialToken": {"id": t, "type_id": 0}} if t != "$A" else
                {"Sequence": {"id": "A", "type_id": 0}} for t in tokens]

    if kind == "gpt":
        single, pair_tail, specials = [data.BOS, "$A"], [], [data.BOS]
    else:
        single, specials = ["[CLS]", "$A", "[SEP]"], ["[CLS]", "[SEP]"]
        pair_tail = [{"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}]
    if kind == "gpt":
        pair_tail = [{"Sequence": {"id": "B", "type_id": 0}}]
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                  "use_regex": True}
    merges = [[a, b] for (a, b), _ in sorted(enc.ranks.items(), key=lambda kv: kv[1])]
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [_special(s, enc.vocab[s], s in enc.lstrip) for s in enc.specials],
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": {
            "type": "TemplateProcessing", "single": template(single),
            "pair": template(single) + pair_tail,
            "special_tokens": {s: {"id": s, "ids": [enc.vocab[s]], "tokens": [s]}
                               for s in specials},
        },
        "decoder": byte_level,
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": "", "end_of_word_suffix": "", "fuse_unk": False,
                  "byte_fallback": False, "ignore_merges": False,
                  "vocab": {t: i for t, i in enc.vocab.items() if t not in enc.specials},
                  "merges": merges},
    }


def tokenizer_config(kind, ctx):
    shared = {"model_max_length": ctx, "clean_up_tokenization_spaces": False}
    if kind == "gpt":
        return {"tokenizer_class": "GPT2TokenizerFast", "bos_token": data.BOS,
                "eos_token": data.BOS, "unk_token": data.BOS, "add_bos_token": True, **shared}
    return {"tokenizer_class": "PreTrainedTokenizerFast", "cls_token": "[CLS]",
            "sep_token": "[SEP]", "mask_token": "[MASK]", "pad_token": "[PAD]",
            "unk_token": "[UNK]", **shared}


def export_all(kind, model, enc, settings, seconds, val_rows, run_dir):
    import atlas
    import card
    import evaluate
    import golden
    import tokenizer_cases

    name = settings["name"]
    out = os.path.join(ROOT, "public", "models", name)
    os.makedirs(out, exist_ok=True)
    cfg = model.cfg
    tied = {"lm_head.weight", "cls.predictions.decoder.weight", "cls.predictions.decoder.bias"}
    tensors = {k: v.detach().numpy() for k, v in model.state_dict().items() if k not in tied}
    write_safetensors(os.path.join(out, "model.safetensors"), tensors)

    def dump(obj, file):
        with open(os.path.join(out, file), "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=None if file == "tokenizer.json" else 2)

    dump(hf_config(kind, cfg, enc), "config.json")
    dump(tokenizer_json(kind, enc), "tokenizer.json")
    dump(tokenizer_config(kind, cfg.n_ctx), "tokenizer_config.json")

    model.eval()
    scores = evaluate.evaluate(kind, model, enc, val_rows)
    print(json.dumps(scores, indent=2), flush=True)
    heads = atlas.head_atlas(kind, model, enc, cfg.n_ctx)
    dump(heads, "heads.json")
    golden.write_golden(kind, name, os.path.join(out, "model.safetensors"), cfg, enc)
    if kind == "gpt":
        around = [enc.vocab[data.BOS]], []
    else:
        around = [enc.vocab["[CLS]"]], [enc.vocab["[SEP]"]]
    cases_path = os.path.join(ROOT, "tests", "golden", f"{name}-tokenizer.json")
    tokenizer_cases.write_cases(cases_path, name, enc, *around)
    params = sum(v.size for v in tensors.values())
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(card.model_card(kind, name, settings, cfg, params, seconds, scores, heads))
    with open(os.path.join(run_dir, "scores.json"), "w") as f:
        json.dump({"scores": scores, "seconds": seconds, "settings": settings}, f, indent=2)
    print(f"exported {out}", flush=True)
