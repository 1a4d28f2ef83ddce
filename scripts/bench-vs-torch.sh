#!/usr/bin/env bash
# Issue 3's comparison, repeated: PyTorch 1 thread, wasm 1 worker, PyTorch 2 threads, wasm 2
# workers, one after the other, ROUNDS times (default 3), then the median of each and the
# ratios. The host's speed drifts by tens of percent from minute to minute, so one round is
# not enough to judge a ratio. Needs /usr/bin/python3 with torch (apt-get install python3-torch).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-3}"
PY=/usr/bin/python3
TORCH=../shared/bench/torch_reference.py
[ -f "$TORCH" ] || TORCH=src-main/engine/bench/torch_cpu_reference.py
rate() { python3 -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["images_per_s"])'; }
t1=(); w1=(); t2=(); w2=()
for r in $(seq "$ROUNDS"); do
  t1+=("$($PY "$TORCH" --threads 1 2>/dev/null | rate)")
  w1+=("$(node bin/invlab.mjs bench --json 2>/dev/null | rate)")
  t2+=("$($PY "$TORCH" --threads 2 2>/dev/null | rate)")
  w2+=("$(node bin/invlab.mjs --workers 2 bench --json 2>/dev/null | rate)")
  echo "round $r: torch1 ${t1[-1]}  wasm1 ${w1[-1]}  torch2 ${t2[-1]}  wasm2 ${w2[-1]}" >&2
done
python3 - "${t1[*]}" "${w1[*]}" "${t2[*]}" "${w2[*]}" <<'PY'
import json, statistics, sys
t1, w1, t2, w2 = ([float(v) for v in a.split()] for a in sys.argv[1:5])
pairs1 = [w / t for w, t in zip(w1, t1)]
pairs2 = [w / t for w, t in zip(w2, t2)]
print(json.dumps({
  "rounds": len(t1),
  "torch_1_thread": t1, "wasm_1_worker": w1, "torch_2_threads": t2, "wasm_2_workers": w2,
  "single_ratio_per_round": [round(p, 3) for p in pairs1],
  "pool_ratio_per_round": [round(p, 3) for p in pairs2],
  "single_ratio_median": round(statistics.median(pairs1), 3),
  "pool_ratio_median": round(statistics.median(pairs2), 3),
}))
PY
