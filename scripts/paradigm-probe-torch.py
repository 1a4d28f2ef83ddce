#!/usr/bin/python3
"""A fast PyTorch peer of the paradigm (SPEC.md sections 3-4) for choosing demo settings.

Where the across-category effect shows depends on data, strength and training budget, and
finding that out through full experiments in the app takes hours on 2 CPU cores. This script
runs the same paradigm on a dataset folder of the project's cache (train.u8 / val.u8 / test.u8
as written by `format.ts`) with PyTorch, about 3x faster: labnet with the project's
initialisation, per-image standardisation, SGD (momentum 0.9, weight decay 5e-4, batch 32),
nested seen sets, p = 0.5 on seen categories, validation mirroring training, best-validation
selection, calibration in steps (0.5 for blur, 25 for noise) against a target, reflected borders.
It prints within / across / clean accuracy per seen count, the share of unseen transformed test
images predicted as a seen category (the "transformed means seen" shortcut), and the across
accuracy among unseen categories only (robustness that carried over, with the shortcut taken
out). It checks choices; the app's own runs are what docs report as results.

Needs Debian's python3-torch. Example (the numbers in docs/cli.md, "Why these settings, and what the demo shows"):
  /usr/bin/python3 scripts/paradigm-probe-torch.py ~/.invlab/datasets/builtin \\
      --transform blur --target 0.6 --counts 0,1,5,20,30 --per 300 --epochs 15 --lr 0.01
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HIGHPASS = torch.tensor([-1.0, 2, 4, 2, -1])
STEP = {"blur": 0.5, "noise": 25.0}


def load(folder, split, size, channels, per_class=None):
    x = np.fromfile(os.path.join(folder, f"{split}.u8"), dtype=np.uint8)
    y = np.fromfile(os.path.join(folder, f"{split}.labels.i32"), dtype=np.int32)
    x = x.reshape(len(y), size, size, channels)
    if per_class:
        keep = np.sort(np.concatenate([np.where(y == c)[0][:per_class] for c in range(y.max() + 1)]))
        x, y = x[keep], y[keep]
    return torch.from_numpy(x.astype(np.float32)).permute(0, 3, 1, 2).contiguous(), torch.from_numpy(y.astype(np.int64))


def standardise(x):
    s = x.std(dim=(1, 2, 3), keepdim=True, unbiased=False).clamp_min(1 / math.sqrt(x[0].numel()))
    return (x - x.mean(dim=(1, 2, 3), keepdim=True)) / s


def filt(x, kernel):
    r = kernel.shape[0] // 2
    w = kernel[None, None].repeat(x.shape[1], 1, 1, 1)
    return F.conv2d(F.pad(x, (r, r, r, r), mode="reflect"), w, groups=x.shape[1])


def transform(name, x, param, gen):
    if name == "blur":
        r = math.ceil(3 * param)
        t = torch.arange(-r, r + 1, dtype=torch.float32)
        g = torch.exp(-t * t / (2 * param * param))
        g /= g.sum()
        return filt(x, torch.outer(g, g))
    if name == "highpass":
        return filt(x, torch.outer(HIGHPASS, HIGHPASS))
    if name == "noise":
        return (x + torch.randn(x.shape, generator=gen) * param).clamp(0, 255)
    raise ValueError(f"--transform must be blur, highpass or noise, got {name}")


def labnet(channels, classes):
    layers = [nn.Conv2d(channels, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
              nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
              nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
              nn.Linear(128, 256), nn.ReLU(), nn.Linear(256, classes)]
    model = nn.Sequential(*layers)
    weighted = [m for m in model if isinstance(m, (nn.Conv2d, nn.Linear))]
    for m in weighted[:-1]:  # He normal for the ReLU layers, PyTorch's default for the classifier
        nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
    for m in weighted:
        nn.init.zeros_(m.bias)
    return model


def logits(model, x):
    model.eval()
    with torch.no_grad():
        out = torch.cat([model(standardise(x[i:i + 1000])) for i in range(0, len(x), 1000)])
    model.train()
    return out


def accuracy(out, y):
    return float((out.argmax(1) == y).float().mean()) if len(y) else float("nan")


def train(a, data, seen, param, seed):
    (xtr, ytr), (xva, yva) = data["train"], data["val"]
    torch.manual_seed(seed)
    model = labnet(xtr.shape[1], data["classes"])
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=0.9, weight_decay=5e-4)
    gen = torch.Generator().manual_seed(seed)
    pick = seen[yva] & (torch.rand(len(yva), generator=gen) < 0.5)
    xval = xva.clone()
    if pick.any():
        xval[pick] = transform(a.transform, xva[pick], param, gen)
    best, state = -1.0, None
    for _ in range(a.epochs):
        order = torch.randperm(len(xtr), generator=gen)
        for i in range(0, len(xtr), 32):
            idx = order[i:i + 32]
            xb, yb = xtr[idx], ytr[idx]
            sel = seen[yb] & (torch.rand(len(yb), generator=gen) < 0.5)
            if sel.any():
                xb = xb.clone()
                xb[sel] = transform(a.transform, xb[sel], param, gen)
            opt.zero_grad()
            F.cross_entropy(model(standardise(xb)), yb).backward()
            opt.step()
        acc = accuracy(logits(model, xval), yva)
        if acc > best:
            best, state = acc, {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(state)
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dataset", help="a dataset folder of the project's cache")
    ap.add_argument("--transform", default="blur", choices=["blur", "highpass", "noise"])
    ap.add_argument("--param", type=float, help="fixed strength (default: calibrated)")
    ap.add_argument("--target", type=float, help="calibration target (default: SPEC's chance rule)")
    ap.add_argument("--counts", default="0,1,5,10,20,30")
    ap.add_argument("--per", type=int, default=None, help="training images per category")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=0.02)
    ap.add_argument("--seeds", default="0")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    meta = json.load(open(os.path.join(a.dataset, "meta.json")))
    size, ch, classes = meta["size"], meta["channels"], len(meta["classes"])
    data = {"classes": classes, "train": load(a.dataset, "train", size, ch, a.per),
            "val": load(a.dataset, "val", size, ch), "test": load(a.dataset, "test", size, ch)}
    xte, yte = data["test"]
    rows = {}
    for seed in [int(s) for s in a.seeds.split(",")]:
        t0 = time.time()
        clean = train(a, data, torch.zeros(classes, dtype=torch.bool), None, seed)
        clean_acc = accuracy(logits(clean, xte), yte)
        param = a.param
        if param is None and a.transform == "highpass":
            param = 0.0
        if param is None:
            chance = 1 / classes
            target = a.target if a.target is not None else (0.1 if chance < 0.02 else chance + 0.2 * (clean_acc - chance))
            param = STEP[a.transform]
            while accuracy(logits(clean, transform(a.transform, xte, param, torch.Generator().manual_seed(7))), yte) >= target and param < 40 * STEP[a.transform]:
                param += STEP[a.transform]
        xte_t = transform(a.transform, xte, param, torch.Generator().manual_seed(7))
        perm = torch.randperm(classes, generator=torch.Generator().manual_seed(1000 + seed))
        print(f"seed {seed}: clean network {100 * clean_acc:.1f} %, {a.transform} strength {param}", flush=True)
        for k in [int(c) for c in a.counts.split(",")]:
            seen = torch.zeros(classes, dtype=torch.bool)
            seen[perm[:k]] = True
            net = clean if k == 0 else train(a, data, seen, param, seed)
            out_t = logits(net, xte_t)
            s_img = seen[yte]
            within = accuracy(out_t[s_img], yte[s_img])
            across = accuracy(out_t[~s_img], yte[~s_img])
            as_seen = float(seen[out_t[~s_img].argmax(1)].float().mean())
            among_unseen = accuracy(out_t[~s_img].masked_fill(seen[None, :], -1e9), yte[~s_img])
            row = (within, across, accuracy(logits(net, xte), yte), as_seen, among_unseen)
            rows.setdefault(k, []).append(row)
            print(f"  seen {k:3d}: within {100 * within:5.1f}  across {100 * across:5.1f}  clean {100 * row[2]:5.1f}  "
                  f"unseen predicted as seen {100 * as_seen:5.1f}  across among unseen only {100 * among_unseen:5.1f}", flush=True)
        print(f"  ({time.time() - t0:.0f} s)", flush=True)
    if len(a.seeds.split(",")) > 1:
        print("mean over seeds:")
        for k, v in rows.items():
            m = np.nanmean(np.array(v), axis=0) if k else np.array([np.nan, *np.mean(np.array(v)[:, 1:], axis=0)])
            print(f"  seen {k:3d}: within {100 * m[0]:5.1f}  across {100 * m[1]:5.1f}  clean {100 * m[2]:5.1f}  "
                  f"unseen predicted as seen {100 * m[3]:5.1f}  across among unseen only {100 * m[4]:5.1f}")


if __name__ == "__main__":
    main()
