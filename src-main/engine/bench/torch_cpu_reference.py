#!/usr/bin/python3
"""PyTorch side of `invlab bench`, measured like ../shared/bench/torch_reference.py (same
network, optimiser, standardisation, warm-up epoch, timed epoch) but also in CPU seconds, and
for alexnet too, so the two can be compared on a machine that other work is loading.

Usage: /usr/bin/python3 torch_cpu_reference.py [--net labnet|alexnet|resnet18] [--images 2048]
       [--size 32] [--classes 40] [--batch 32] [--threads 1]
Prints one JSON line.
"""
import argparse
import json
import math
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, "/work/shared/bench")
from torch_reference import labnet  # noqa: E402  (the reference network itself)


def alexnet_geometry(size: int) -> dict:
    """src-main/engine/models/alexnet.ts: AlexNet's kernels and strides scaled by size / 227."""
    r = size / 227
    odd3 = lambda v: (lambda k: k if k % 2 == 1 else k + 1)(max(3, round(v)))
    stride = max(1, round(4 * r))
    feature = math.ceil(size / stride)
    pool_stride = feature // 6
    return {"k1": odd3(11 * r), "s1": stride, "k2": odd3(5 * r), "pool": feature - 5 * pool_stride, "pool_stride": pool_stride}


def alexnet(channels: int, classes: int, size: int) -> nn.Module:
    g = alexnet_geometry(size)
    if g["s1"] != 1:
        raise SystemExit("torch_cpu_reference: alexnet with conv1 stride > 1 needs explicit same padding; not implemented")
    lrn = lambda: nn.LocalResponseNorm(5, alpha=5e-4, beta=0.75, k=2.0)
    return nn.Sequential(
        nn.Conv2d(channels, 96, g["k1"], padding="same"), nn.ReLU(), lrn(),
        nn.Conv2d(96, 256, g["k2"], padding="same"), nn.ReLU(), lrn(),
        nn.Conv2d(256, 384, 3, padding="same"), nn.ReLU(),
        nn.Conv2d(384, 384, 3, padding="same"), nn.ReLU(),
        nn.Conv2d(384, 256, 3, padding="same"), nn.ReLU(),
        nn.MaxPool2d(g["pool"], g["pool_stride"]), nn.Flatten(),
        nn.Dropout(0.5), nn.Linear(256 * 36, 4096), nn.ReLU(),
        nn.Dropout(0.5), nn.Linear(4096, 4096), nn.ReLU(),
        nn.Linear(4096, classes),
    )


class BasicBlock(nn.Module):
    """src-main/engine/models/resnet18.ts's block: two 3x3 conv + BN, identity or 1x1 conv + BN shortcut."""

    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + (x if self.down is None else self.down(x)))


def resnet18(channels: int, classes: int, size: int) -> nn.Module:
    """ResNet-18 as the app builds it: the CIFAR stem (3x3/1, no pool) below 128 px, else ImageNet's."""
    big = size >= 128
    layers = [nn.Conv2d(channels, 64, 7 if big else 3, 2 if big else 1, 3 if big else 1, bias=False), nn.BatchNorm2d(64), nn.ReLU()]
    if big:
        layers.append(nn.MaxPool2d(3, 2, 1))
    cin = 64
    for s, cout in enumerate([64, 128, 256, 512]):
        for b in range(2):
            layers.append(BasicBlock(cin, cout, 2 if s > 0 and b == 0 else 1))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, classes)]
    return nn.Sequential(*layers)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--net", default="labnet", choices=["labnet", "alexnet", "resnet18"])
    ap.add_argument("--images", type=int, default=2048)
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--channels", type=int, default=3)
    ap.add_argument("--classes", type=int, default=40)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = (labnet(a.channels, a.classes) if a.net == "labnet" else alexnet(a.channels, a.classes, a.size)
             if a.net == "alexnet" else resnet18(a.channels, a.classes, a.size))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    x = torch.rand(a.images, a.channels, a.size, a.size) * 255
    y = torch.randint(0, a.classes, (a.images,))

    def epoch() -> None:
        for i in range(0, a.images, a.batch):
            xb = x[i:i + a.batch]
            m = xb.mean(dim=(1, 2, 3), keepdim=True)
            s = xb.std(dim=(1, 2, 3), keepdim=True).clamp_min(1.0 / (xb[0].numel() ** 0.5))
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model((xb - m) / s), y[i:i + a.batch])
            loss.backward()
            opt.step()

    model.train()
    epoch()  # warm-up
    c0 = time.process_time()
    t0 = time.perf_counter()
    epoch()
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    print(json.dumps({"peer": "pytorch", "version": torch.__version__, "net": a.net, "images": a.images,
                      "size": a.size, "batch": a.batch, "threads": a.threads, "seconds": round(dt, 3),
                      "images_per_s": float(f"{a.images / dt:.4g}"), "cpu_seconds": round(cpu, 3),
                      "images_per_cpu_s": float(f"{a.images / cpu:.4g}")}))


if __name__ == "__main__":
    main()
