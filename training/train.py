"""Trains one of the built-in models and exports it to public/models/<name>/.

    npm run train -- gpt      # causal model, public/models/brown-gpt
    npm run train -- bert     # masked model, public/models/brown-bert

Interrupt at any time: running the same command again resumes from the last checkpoint
in training/runs/<run>/. Options override the shipped settings for pilot runs, e.g.
    npm run train -- gpt --run pilot-lr3e-3 --lr 3e-3 --steps 400 --no-export
"""

import argparse
import math
import os
import sys
import time

REQUIRED = "apt-get install -y python3-torch libopenblas0-pthread"
OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"


def check_environment():
    try:
        import torch  # noqa: F401
    except ImportError:
        sys.exit(f"PyTorch is missing. Install it with:\n  {REQUIRED}")
    if not os.path.exists(OPENBLAS):
        sys.exit(f"The threaded OpenBLAS is missing (training would crawl). Install it with:\n"
                 f"  {REQUIRED}")


check_environment()

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import atlas  # noqa: E402
import bpe  # noqa: E402
import data  # noqa: E402
from models import ModelConfig, build  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# The shipped settings. The model cards list the pilot runs that led to them.
PRESETS = {
    "gpt": dict(name="brown-gpt", vocab=2048, ctx=64, layers=4, heads=4, embd=128,
                batch=32, lr=3e-3, warmup=300, steps=20000, cooldown=2000, sinusoid_init=True,
                pos_period=0, pos_scale=4.0, qk_init=0.08, wd=0.01, dropout=0.1, repeat=0.25,
                seed=0),
    "bert": dict(name="brown-bert", vocab=2048, ctx=64, layers=4, heads=4, embd=128,
                 batch=64, lr=1e-3, warmup=300, steps=6000, cooldown=1000, sinusoid_init=True,
                 pos_period=0, pos_scale=4.0, qk_init=0.08, wd=0.01, dropout=0.1, mask=0.15,
                 seed=0),
}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("kind", choices=PRESETS)
    p.add_argument("--run", help="checkpoint folder under training/runs (default: model name)")
    for key, value in {**PRESETS["gpt"], **PRESETS["bert"]}.items():
        if key not in ("name", "sinusoid_init"):
            p.add_argument(f"--{key}", type=type(value))
    p.add_argument("--random-positions", action="store_true",
                   help="initialise position embeddings randomly rather than as sinusoids")
    p.add_argument("--threads", type=int, default=1,
                   help="threads per process; one is fastest when the cores are shared")
    p.add_argument("--ranks", type=int, default=1,
                   help="processes that split each batch over more cores (dropout masks are\n"
                        "drawn per process, so results match one process within noise)")
    p.add_argument("--probe-every", type=int, default=0,
                   help="print each layer's best previous-token score every N steps")
    p.add_argument("--no-export", action="store_true", help="train only (pilot runs)")
    args = p.parse_args()
    settings = dict(PRESETS[args.kind])
    settings.update({k: v for k, v in vars(args).items() if k in settings and v is not None})
    if args.random_positions:
        settings["sinusoid_init"] = False
    return args, settings


def sinusoids(n_pos, dim, longest_period=0):
    """A sinusoid position code at the scale of a 0.02-initialised embedding.

    Starting the learned positions here makes "attend to the token before me" a rotation the
    first layer can learn quickly, rather than a pattern discovered from noise. With
    longest_period 0 the periods are the original Transformer's (2*pi up to 10,000*2*pi, so
    most of them hardly change within a short context); otherwise they run geometrically from
    3 positions up to longest_period, so that every pair of dimensions tells neighbours apart.
    """
    pos = np.arange(n_pos)[:, None]
    if longest_period:
        periods = np.geomspace(3.0, longest_period, dim // 2)
        freq = 2 * np.pi / periods
    else:
        freq = np.exp(-np.log(10000.0) * np.arange(0, dim, 2) / dim)
    table = np.zeros((n_pos, dim), dtype=np.float32)
    table[:, 0::2], table[:, 1::2] = np.sin(pos * freq), np.cos(pos * freq)
    return torch.from_numpy(table * 0.02 * math.sqrt(2))


def scale_query_key_init(model, kind, std):
    """Redraws the query and key weights with a larger spread than the usual 0.02.

    Attention scores are a product of the query and key weights, so when both start near zero
    the scores stay near zero and every head stays close to uniform for many steps; a wider
    start breaks that symmetry sooner. Values and every other weight keep the usual init.
    """
    if std == 0.02:
        return
    with torch.no_grad():
        if kind == "gpt":
            for block in model.h:
                w = block.attn.c_attn.weight  # [in, 3 * out]: query, key, value side by side
                n = w.shape[0]
                w[:, : 2 * n].normal_(0.0, std)
        else:
            for layer in model.bert.encoder.layer:
                layer.attention.self.query.weight.normal_(0.0, std)
                layer.attention.self.key.weight.normal_(0.0, std)


def tokenizer_for(kind, vocab):
    """The GPT tokenizer ends its vocabulary with <|endoftext|>; BERT's adds five specials."""
    if kind == "gpt":
        return bpe.Encoder(data.merges(vocab - 1), specials=[data.BOS])
    return bpe.Encoder(data.merges(vocab - len(data.BERT_SPECIALS)), specials=data.BERT_SPECIALS,
                       lstrip=["[MASK]"])


def mask_tokens(rows, enc, rng, rate):
    """BERT's recipe: pick a share of text tokens; 80% become [MASK], 10% random, 10% kept."""
    ids = rows.copy()
    text = rows >= 0
    for s in ("[CLS]", "[SEP]"):
        text &= rows != enc.vocab[s]
    picked = text & (rng.random(rows.shape) < rate)
    targets = np.where(picked, rows, data.PAD_TARGET)
    roll = rng.random(rows.shape)
    ids[picked & (roll < 0.8)] = enc.vocab["[MASK]"]
    swap = picked & (roll >= 0.8) & (roll < 0.9)
    ids[swap] = rng.integers(0, enc.vocab["[PAD]"], swap.sum())
    ids[ids < 0] = enc.vocab["[PAD]"]
    return ids, targets


def batch_loss(model, kind, rows, enc, rng, mask_rate):
    if kind == "gpt":
        ids = torch.from_numpy(np.maximum(rows[:, :-1], 0)).long()
        targets = torch.from_numpy(rows[:, 1:]).long()
        logits, _ = model(ids)
        return F.cross_entropy(logits.flatten(0, 1), targets.flatten(),
                               ignore_index=data.PAD_TARGET)
    masked = mask_tokens(rows, enc, rng, mask_rate)
    ids, targets = (torch.from_numpy(a).long() for a in masked)
    picked = targets != data.PAD_TARGET
    logits, _ = model(ids, pad_mask=torch.from_numpy(rows < 0), select=picked)
    return F.cross_entropy(logits, targets[picked])


def learning_rate(step, s):
    """Warmup, a long flat stretch, then a linear cooldown to a tenth over the last steps.

    Unlike a cosine, the flat stretch lets a run be lengthened while it trains: the step
    count only has to be fixed before the cooldown starts, and the run still reproduces.
    """
    cooldown_start = s["steps"] - s["cooldown"]
    if step < s["warmup"]:
        return s["lr"] * (step + 1) / s["warmup"]
    if step < cooldown_start:
        return s["lr"]
    return s["lr"] * (1 - 0.9 * (step - cooldown_start) / max(1, s["cooldown"]))


def probe(model, kind, rows, enc):
    """Best previous-token and first-token score per layer on a fixed validation batch,
    and for the causal model the best induction score."""
    model.eval()
    with torch.no_grad():
        ids = torch.from_numpy(np.maximum(rows, 0)).long()
        if kind == "gpt":
            _, atts = model(ids)
            induction = atlas.induction_scores(model, enc, rows.shape[1]).max()
        else:
            _, atts = model(ids, pad_mask=torch.from_numpy(rows < 0))
    model.train()
    valid = torch.from_numpy(rows >= 0)
    q = valid[:, 1:].float()[:, None, :]  # (B, 1, T-1): real query positions after the first
    out = []
    for att in atts:  # (B, H, T, T)
        prev = (att.diagonal(offset=-1, dim1=2, dim2=3) * q).sum((0, 2)) / q.sum((0, 2))
        first = (att[:, :, 1:, 0] * q).sum((0, 2)) / q.sum((0, 2))
        out.append(f"prev {prev.max():.2f} first {first.max():.2f}")
    if kind == "gpt":
        out.append(f"induction {induction:.2f}")
    return " | ".join(out)


class Progress:
    """One line per report, with steps per second and time left, fit for a log file too."""

    def __init__(self, total, start):
        self.total, self.start_step, self.t0 = total, start, time.time()

    def show(self, step, loss, lr):
        done = step - self.start_step
        rate = done / max(1e-9, time.time() - self.t0)
        eta = (self.total - step) / max(rate, 1e-9)
        width = 30
        bar = "#" * int(width * step / self.total)
        print(f"[{bar:<{width}}] {step}/{self.total} loss {loss:.3f} lr {lr:.1e} "
              f"{rate:.2f} it/s ETA {int(eta // 60)}m{int(eta % 60):02d}s", flush=True)


def all_reduce_mean(params, world):
    """Averages gradients across processes in one message rather than one per tensor."""
    grads = [p.grad for p in params]
    flat = torch.cat([g.flatten() for g in grads])
    dist.all_reduce(flat)
    flat /= world
    for g, part in zip(grads, flat.split([g.numel() for g in grads])):
        g.copy_(part.view_as(g))


def main():
    args, s = parse_args()
    if args.ranks == 1:
        worker(0, 1, args, s)
        return
    port = 29500 + os.getpid() % 1000
    torch.multiprocessing.spawn(worker, args=(args.ranks, args, s, port), nprocs=args.ranks)


def worker(rank, world, args, s, port=None):
    """Trains; with several ranks each takes every world-th row of the same batch."""
    torch.set_num_threads(args.threads)
    if world > 1:
        dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank,
                                world_size=world)
    if rank > 0:
        sys.stdout = open(os.devnull, "w")
    run_dir = os.path.join(HERE, "runs", args.run or s["name"])
    os.makedirs(run_dir, exist_ok=True)
    ckpt_path = os.path.join(run_dir, "checkpoint.pt")
    print(f"run {run_dir}: {s}", flush=True)

    enc = tokenizer_for(args.kind, s["vocab"])
    train_rows = data.load_sequences(args.kind, enc, s["ctx"], "train")
    val_rows = data.load_sequences(args.kind, enc, s["ctx"], "validation")
    print(f"{len(train_rows)} training sequences, {len(val_rows)} validation sequences", flush=True)

    torch.manual_seed(s["seed"])
    cfg = ModelConfig(kind=args.kind, vocab_size=len(enc.vocab), n_ctx=s["ctx"],
                      n_layer=s["layers"], n_head=s["heads"], n_embd=s["embd"],
                      dropout=s.get("dropout", 0.0))
    model = build(cfg)
    positions = model.wpe if args.kind == "gpt" else model.bert.embeddings.position_embeddings
    if s["sinusoid_init"]:
        table = sinusoids(s["ctx"], s["embd"], s.get("pos_period", 0))
        positions.weight.data.copy_(table * s.get("pos_scale", 1.0))
    scale_query_key_init(model, args.kind, s.get("qk_init", 0.02))
    decay = [p for p in model.parameters() if p.dim() == 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": s.get("wd", 0.01)},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=s["lr"], betas=(0.9, 0.98))
    step, seconds = 0, 0.0
    if os.path.exists(ckpt_path):
        ckpt = torch.load(ckpt_path)
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["opt"])
        step, seconds = ckpt["step"], ckpt["seconds"]
        # Dropout draws from torch's global generator; without its state a resumed run would
        # draw different masks from here on and end at a different model.
        if "torch_rng" in ckpt:
            torch.set_rng_state(ckpt["torch_rng"])
        print(f"resumed at step {step} ({seconds / 60:.1f} min trained)", flush=True)

    # Batches come from a generator seeded by the step, so a resumed run sees the same data.
    probe_rows = val_rows[:64, : s["ctx"]]
    progress = Progress(s["steps"], step)
    last_save = time.time()
    t_last = time.time()
    while step < s["steps"]:
        rng = np.random.default_rng([s["seed"], step])
        rows = train_rows[rng.integers(0, len(train_rows), s["batch"])]
        rows = data.repeat_passages(rows, rng, s.get("repeat", 0.0))[rank::world]
        for group in opt.param_groups:
            group["lr"] = learning_rate(step, s)
        loss = batch_loss(model, args.kind, rows, enc, rng, s.get("mask", 0.0))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if world > 1:
            all_reduce_mean(list(model.parameters()), world)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        now = time.time()
        seconds += now - t_last
        t_last = now
        if step % 25 == 0 or step == s["steps"]:
            progress.show(step, loss.item(), learning_rate(step - 1, s))
        if rank == 0 and args.probe_every and step % args.probe_every == 0:
            scores = probe(model, args.kind, probe_rows, enc)
            print(f"  probe @{step} ({seconds / 60:.1f} min): {scores}", flush=True)
        if rank == 0 and (now - last_save > 120 or step == s["steps"]):
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                        "seconds": seconds, "settings": s,
                        "torch_rng": torch.get_rng_state()}, ckpt_path + ".tmp")
            os.replace(ckpt_path + ".tmp", ckpt_path)
            last_save = now

    print(f"trained {step} steps in {seconds / 60:.1f} min", flush=True)
    if world > 1:
        dist.destroy_process_group()
    if rank == 0 and not args.no_export:
        import export

        export.export_all(args.kind, model, enc, s, seconds, val_rows, run_dir)


if __name__ == "__main__":
    main()
