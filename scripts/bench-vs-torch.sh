#!/usr/bin/env bash
# `invlab bench` against PyTorch on the same machine, the two peers alternating in every round so
# both see the same load, ROUNDS times (default 5), then medians and ratios (docs/performance.md).
# The host's speed drifts by tens of percent from minute to minute, so one round says little.
# Cases (CASES, default all):
#   labnet1   labnet 32x32, 2048 images, batch 32: PyTorch 1 thread vs invlab 1 worker x 1 thread
#   labnet2   the same with 2 cores: PyTorch 2 threads vs invlab 2 workers x 1 thread (pool) and
#             1 worker x 2 oneDNN threads (threads); the ratio takes the faster layout
#   alexnet   alexnet 64x64, 8 images, batch 8 (one step; ~27 GFLOP per image forward), 1 thread
#   resnet18  resnet18 32x32, 64 images, batch 32, 1 thread
# BACKEND (default native) is invlab's --backend. Needs /usr/bin/python3 with torch
# (apt-get install python3-torch). Prints the load (uptime) before and after, every round, then a
# table of medians and one JSON line. Where both peers report CPU seconds (the one-thread cases:
# labnet1, alexnet, resnet18) it also gives the ratio of images per CPU second, which a loaded
# machine disturbs less than the wall-clock one. All four cases, 5 rounds: about 12 minutes on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-5}"
BACKEND="${BACKEND:-native}"
CASES="${CASES:-labnet1 labnet2 alexnet resnet18}"
PY=/usr/bin/python3
TORCH=../shared/bench/torch_reference.py
[ -f "$TORCH" ] || TORCH=src-main/engine/bench/torch_cpu_reference.py
TORCH_NETS=src-main/engine/bench/torch_cpu_reference.py
export INVLAB_HOME="${INVLAB_HOME:-$(mktemp -d)}"
# "images_per_s images_per_cpu_s" of a peer's last JSON line ("-" where it gives no CPU figure).
rate() { python3 -c 'import json,sys; r=json.loads(sys.stdin.read().strip().splitlines()[-1]); print(r["images_per_s"], r.get("images_per_cpu_s", "-"))'; }
invlab() { node bin/invlab.mjs --backend "$BACKEND" "$@" 2>/dev/null | rate; }
echo "load before: $(uptime)" >&2
results=()
for c in $CASES; do
  for r in $(seq "$ROUNDS"); do
    case "$c" in
      labnet1) t=$($PY "$TORCH" --threads 1 2>/dev/null | rate); a=$(invlab bench --threads 1 --json); b=- ;;
      labnet2) t=$($PY "$TORCH" --threads 2 2>/dev/null | rate); a=$(invlab --workers 2 bench --threads 1 --json); b=$(invlab bench --threads 2 --json) ;;
      alexnet) t=$($PY "$TORCH_NETS" --net alexnet --size 64 --images 8 --batch 8 --threads 1 2>/dev/null | rate)
               a=$(invlab bench --net alexnet --size 64 --images 8 --batch 8 --threads 1 --json); b=- ;;
      resnet18) t=$($PY "$TORCH_NETS" --net resnet18 --size 32 --images 64 --batch 32 --threads 1 2>/dev/null | rate)
                a=$(invlab bench --net resnet18 --size 32 --images 64 --batch 32 --threads 1 --json); b=- ;;
      *) echo "unknown case $c" >&2; exit 2 ;;
    esac
    read -r t tc <<<"$t"; read -r a ac <<<"$a"; [ "$b" = - ] || read -r b _ <<<"$b"
    echo "$c round $r: torch $t  $BACKEND $a  ${b/#-/}  (per CPU s: torch $tc, $BACKEND $ac; $(uptime | sed 's/.*load/load/'))" >&2
    results+=("$c $t $a $b $tc $ac")
  done
done
echo "load after: $(uptime)" >&2
printf '%s\n' "${results[@]}" | BACKEND="$BACKEND" python3 -c '
import json, os, statistics, sys
rows = {}
num = lambda v: None if v in ("-", "None") else float(v)
for line in sys.stdin:
    c, t, a, b, tc, ac = line.split()
    rows.setdefault(c, []).append((float(t), float(a), num(b), num(tc), num(ac)))
out = {}
for c, rs in rows.items():
    best = [max(a, b) if b is not None else a for _, a, b, _, _ in rs]
    ratios = [x / r[0] for r, x in zip(rs, best)]
    e = {"rounds": len(rs), "torch": [r[0] for r in rs], "invlab": [r[1] for r in rs]}
    if rs[0][2] is not None:
        e["invlab_pool"] = e.pop("invlab")
        e["invlab_threads"] = [r[2] for r in rs]
        e["pool_median"] = statistics.median(e["invlab_pool"])
        e["threads_median"] = statistics.median(e["invlab_threads"])
    else:
        e["invlab_median"] = statistics.median(e["invlab"])
    e["torch_median"] = statistics.median(e["torch"])
    e["ratio_per_round"] = [round(r, 3) for r in ratios]
    e["ratio_median"] = round(statistics.median(ratios), 3)
    if all(r[3] is not None and r[4] is not None for r in rs):
        e["cpu_ratio_per_round"] = [round(r[4] / r[3], 3) for r in rs]
        e["cpu_ratio_median"] = round(statistics.median(e["cpu_ratio_per_round"]), 3)
    out[c] = e
names = {"labnet1": "labnet 32x32, 1 thread", "labnet2": "labnet 32x32, 2 cores", "alexnet": "AlexNet 64x64, 1 thread", "resnet18": "ResNet-18 32x32, 1 thread"}
print("| case | PyTorch images/s (median) | %s images/s (median) | ratio per round | **median ratio** | per CPU s |" % os.environ["BACKEND"])
print("|---|---|---|---|---|---|")
for c, e in out.items():
    if "pool_median" in e:
        mine = "pool %.1f, threads %.1f" % (e["pool_median"], e["threads_median"])
    else:
        mine = "%.4g" % e["invlab_median"]
    per = " / ".join("%.2f" % r for r in e["ratio_per_round"])
    cpu = "%.2fx" % e["cpu_ratio_median"] if "cpu_ratio_median" in e else "-"
    print("| %s | %.4g | %s | %s | **%.2fx** | %s |" % (names.get(c, c), e["torch_median"], mine, per, e["ratio_median"], cpu))
print(json.dumps(out))
'
