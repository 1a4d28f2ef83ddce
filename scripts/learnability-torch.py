#!/usr/bin/python3
"""Is a stored dataset learnable, and not trivial? (docs/datasets.md, "Sanity check")

Trains labnet (SPEC.md section 5, "same" padding) with PyTorch on a dataset folder of the
project's cache (train.u8 / val.u8 / test.u8 and their labels, as written by `format.ts`):
per-image standardisation, SGD lr 0.01, momentum 0.9, weight decay 5e-4, batch 32, no
augmentation. Prints the nearest-class-mean accuracy on raw pixels (how far a trivial
classifier gets), then validation and test top-1 after each epoch.

Needs Debian's python3-torch. Usage:
  /usr/bin/python3 scripts/learnability-torch.py <dataset-dir> [--epochs 5] [--threads 2]
"""
import argparse
import json
import os

import numpy as np
import torch
import torch.nn as nn


def load(folder: str, split: str, size: int, channels: int):
    x = np.fromfile(os.path.join(folder, f"{split}.u8"), dtype=np.uint8)
    y = np.fromfile(os.path.join(folder, f"{split}.labels.i32"), dtype=np.int32)
    return x.reshape(len(y), size, size, channels).astype(np.float32), y.astype(np.int64)


def standardise(x: np.ndarray) -> torch.Tensor:
    flat = x.reshape(len(x), -1)
    std = np.maximum(flat.std(axis=1, keepdims=True), 1 / np.sqrt(flat.shape[1]))
    z = (flat - flat.mean(axis=1, keepdims=True)) / std
    return torch.from_numpy(z.reshape(x.shape).transpose(0, 3, 1, 2).copy())


def labnet(channels: int, classes: int) -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(channels, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(128, 256), nn.ReLU(),
        nn.Linear(256, classes),
    )


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(x[i:i + 500]).argmax(1) for i in range(0, len(x), 500)])
    model.train()
    return float((pred == y).float().mean())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    meta = json.load(open(os.path.join(a.dataset, "meta.json")))
    size, channels, classes = meta["size"], meta["channels"], len(meta["classes"])
    xtr, ytr = load(a.dataset, "train", size, channels)
    xva, yva = load(a.dataset, "val", size, channels)
    xte, yte = load(a.dataset, "test", size, channels)

    means = np.stack([xtr[ytr == c].reshape(-1, size * size * channels).mean(0) for c in range(classes)])
    dist = ((xte.reshape(len(xte), -1)[:, None, :] - means[None]) ** 2).sum(-1)
    print(f"nearest class mean (raw pixels): test top-1 {100 * float((dist.argmin(1) == yte).mean()):.1f}%")

    tr, va, te = standardise(xtr), standardise(xva), standardise(xte)
    ytr_t, yva_t, yte_t = torch.from_numpy(ytr), torch.from_numpy(yva), torch.from_numpy(yte)
    model = labnet(channels, classes)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(1, a.epochs + 1):
        order = torch.randperm(len(tr))
        for i in range(0, len(tr), 32):
            idx = order[i:i + 32]
            opt.zero_grad()
            loss_fn(model(tr[idx]), ytr_t[idx]).backward()
            opt.step()
        print(f"epoch {epoch}: validation {100 * accuracy(model, va, yva_t):.1f}%  test {100 * accuracy(model, te, yte_t):.1f}%", flush=True)


if __name__ == "__main__":
    main()
