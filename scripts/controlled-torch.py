#!/usr/bin/python3
"""Replays the app's training runs in PyTorch: the controlled app-vs-peer comparison.

`scripts/controlled-compare.ts` trains networks with the app and writes, per network, its
initial weights, the training images, every step's batch and which images were transformed,
and the validation images picked. This script trains the peer's labnet
(`scripts/paradigm-probe-torch.py`: the same preprocessing, transformations, loss and SGD)
from those weights on those batches, keeps the best-validation epoch, evaluates on the test
split, and prints per network the step losses of both side by side and the paradigm's
numbers (within, across, clean, unseen predicted as seen, across among unseen only).

Needs Debian's python3-torch. Usage:
  nice -n 10 /usr/bin/python3 scripts/controlled-torch.py /tmp/controlled-compare [--json out.json]
"""
import argparse
import importlib.util
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

_spec = importlib.util.spec_from_file_location("peer", os.path.join(os.path.dirname(__file__), "paradigm-probe-torch.py"))
peer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(peer)

# labnet's weighted layers, tfjs names -> index in peer.labnet's nn.Sequential
LAYERS = {"conv1": 0, "conv2": 3, "conv3": 6, "fc1": 10, "logits": 12}


def load_init(run, model):
    sd = model.state_dict()
    for w in run["meta"]["weights"]:
        layer, kind = w["name"].split("/")
        a = np.fromfile(os.path.join(run["dir"], w["file"]), dtype=np.float32).reshape(w["shape"])
        t = torch.from_numpy(a.copy())
        if kind == "kernel":
            t = t.permute(3, 2, 0, 1) if t.dim() == 4 else t.t()  # HWIO -> OIHW, [in,out] -> [out,in]
            key = f"{LAYERS[layer]}.weight"
        else:
            key = f"{LAYERS[layer]}.bias"
        assert sd[key].shape == t.shape, (key, sd[key].shape, t.shape)
        sd[key] = t.contiguous()
    model.load_state_dict(sd)


def read_run(d):
    meta = json.load(open(os.path.join(d, "meta.json")))
    steps = np.fromfile(os.path.join(d, "steps.i32"), dtype=np.int32)
    picked = np.fromfile(os.path.join(d, "picked.u8"), dtype=np.uint8).astype(bool)
    losses = np.fromfile(os.path.join(d, "app-losses.f32"), dtype=np.float32)
    return {"dir": d, "meta": meta, "steps": steps, "picked": picked, "app_losses": losses}


def replay(run, data, dtype=torch.float32):
    m = run["meta"]
    tr = m["transform"]
    param = next(iter(tr["params"].values()), None)
    xtr_all, ytr_all = data["train"]
    keep = torch.tensor(m["trainIndices"], dtype=torch.long)
    xtr, ytr = xtr_all[keep].to(dtype), ytr_all[keep]
    xva, yva = data["val"]
    xva = xva.to(dtype)
    model = peer.labnet(m["channels"], m["classes"])
    load_init(run, model)
    model = model.to(dtype)
    opt = torch.optim.SGD(model.parameters(), lr=m["learningRate"], momentum=m["momentum"], weight_decay=m["weightDecay"])
    xval = xva.clone()
    vpick = torch.tensor(m["valPick"], dtype=torch.bool)
    if vpick.any() and m["seen"]:
        xval[vpick] = peer.transform(tr["id"], xva[vpick].float(), param, torch.Generator().manual_seed(0)).to(dtype)
    losses, best, state, pos, best_epoch = [], -1.0, None, 0, 0
    epochs = m["stepEpochs"]
    for s, size in enumerate(m["stepSizes"]):
        idx = torch.from_numpy(run["steps"][pos:pos + size].astype(np.int64))
        sel = torch.from_numpy(run["picked"][pos:pos + size])
        pos += size
        xb, yb = xtr[idx], ytr[idx]
        if sel.any():
            xb = xb.clone()
            xb[sel] = peer.transform(tr["id"], xb[sel].float(), param, torch.Generator().manual_seed(s)).to(dtype)
        opt.zero_grad()
        loss = F.cross_entropy(model(peer.standardise(xb)), yb)
        loss.backward()
        opt.step()
        losses.append(float(loss))
        if s + 1 == len(epochs) or epochs[s + 1] != epochs[s]:  # end of an epoch: validation
            acc = peer.accuracy(peer.logits(model, xval), yva)
            if acc > best:
                best, state, best_epoch = acc, {k: v.clone() for k, v in model.state_dict().items()}, epochs[s]
    model.load_state_dict(state)
    return model, np.array(losses, dtype=np.float32), best_epoch, best


def evaluate(model, m, data):
    xte, yte = data["test"]
    xte = xte.to(next(model.parameters()).dtype)
    tr = m["transform"]
    param = next(iter(tr["params"].values()), None)
    xte_t = peer.transform(tr["id"], xte.float(), param, torch.Generator().manual_seed(7)).to(xte.dtype)
    seen = torch.zeros(m["classes"], dtype=torch.bool)
    seen[torch.tensor(m["seen"], dtype=torch.long)] = True
    out_t = peer.logits(model, xte_t)
    s_img = seen[yte]
    unseen_out = out_t[~s_img]
    return {
        "clean": peer.accuracy(peer.logits(model, xte), yte),
        "within": peer.accuracy(out_t[s_img], yte[s_img]) if s_img.any() else None,
        "across": peer.accuracy(unseen_out, yte[~s_img]) if (~s_img).any() else None,
        "unseenAsSeen": float(seen[unseen_out.argmax(1)].float().mean()) if seen.any() and (~s_img).any() else None,
        "acrossAmongUnseen": peer.accuracy(unseen_out.masked_fill(seen[None, :], -1e9), yte[~s_img]) if (~s_img).any() else None,
    }


def pct(v):
    return "    -" if v is None else f"{100 * v:5.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", help="the --out folder of scripts/controlled-compare.ts")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", help="write the comparison here")
    ap.add_argument("--float64", action="store_true", help="train the peer in float64: a reference for both float32 implementations")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    runs = [read_run(os.path.join(a.folder, d)) for d in sorted(os.listdir(a.folder))
            if os.path.exists(os.path.join(a.folder, d, "meta.json"))]
    if not runs:
        sys.exit(f"{a.folder}: no runs (meta.json) found")
    m0 = runs[0]["meta"]
    data = {"train": peer.load(m0["datasetDir"], "train", m0["size"], m0["channels"]),
            "val": peer.load(m0["datasetDir"], "val", m0["size"], m0["channels"]),
            "test": peer.load(m0["datasetDir"], "test", m0["size"], m0["channels"])}
    report = []
    for run in sorted(runs, key=lambda r: (r["meta"]["seed"], len(r["meta"]["seen"]))):
        m = run["meta"]
        torch.manual_seed(0)
        t0 = time.time()
        model, losses, best_epoch, best_val = replay(run, data, torch.float64 if a.float64 else torch.float32)
        ev = evaluate(model, m, data)
        app = run["app_losses"]
        d = np.abs(losses - app)
        marks = sorted({0, 9, 99, len(app) // 2 - 1, len(app) - 1} & set(range(len(app))))
        grow = "  ".join(f"{i + 1}: {d[:i + 1].max():.0e}" for i in (9, 19, 29, 49, 99) if i < len(d))
        print(f"seed {m['seed']} seen {m['seenCount']:>3} ({len(app)} steps): loss app/peer " +
              "  ".join(f"step {i + 1} {app[i]:.4f}/{losses[i]:.4f}" for i in marks) +
              f"; mean over the last 50 steps app {app[-50:].mean():.4f} peer {losses[-50:].mean():.4f}")
        print(f"    largest |loss difference| up to step {grow}; {time.time() - t0:.0f} s")
        ap_, pe = m["app"], ev
        print(f"    best epoch app {ap_['bestEpoch']} peer {best_epoch}; within {pct(ap_['within'])}/{pct(pe['within'])}  "
              f"across {pct(ap_['across'])}/{pct(pe['across'])}  clean {pct(ap_['clean'])}/{pct(pe['clean'])}  "
              f"unseen->seen {pct(ap_['unseenAsSeen'])}/{pct(pe['unseenAsSeen'])}  among unseen {pct(ap_['acrossAmongUnseen'])}/{pct(pe['acrossAmongUnseen'])}", flush=True)
        report.append({"seed": m["seed"], "seenCount": m["seenCount"], "app": ap_, "peer": {**ev, "bestEpoch": best_epoch, "valAccuracy": best_val},
                       "appLosses": app.tolist(), "peerLosses": losses.tolist()})
    if a.json:
        json.dump(report, open(a.json, "w"))


if __name__ == "__main__":
    main()
