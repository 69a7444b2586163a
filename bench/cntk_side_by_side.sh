#!/usr/bin/env bash
# Seconds per CNTK entry (3×32×32 images, depth 21): Glassbox's engine beside the NumPy port of the authors' recursion
# (bench/reference/cntk_reference.py), one after the other in one run, plus the core's measured FMA peak. Run it on a quiet
# machine (nothing else on the cores). Writes OUT/lines.jsonl and prints a Markdown table.
#
#   bash bench/cntk_side_by_side.sh OUT [DEPTH]
set -euo pipefail
out="$1"; depth="${2:-21}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$out"; lines="$out/lines.jsonl"; : > "$lines"
dotnet build "$root/bench/Glassbox.Bench" -c Release -v q -nologo > "$out/build.log"
bench=("dotnet" "$(find "$root/bench/Glassbox.Bench/bin/Release" -name Glassbox.Bench.dll | head -1)")
export DOTNET_TieredCompilation=0   # fully optimised code from the first call: no tier-up inside the timing
"${bench[@]}" cntk-time --peak >> "$lines"
for dtype in float32 float64; do
  for readout in gap flatten; do
    /usr/bin/python3 "$root/bench/reference/cntk_reference.py" time --depth "$depth" --readout "$readout" --dtype "$dtype" --pairs 2 >> "$lines"
    case "$dtype/$readout" in
      float32/gap) pairs=16 ;; float64/gap) pairs=4 ;; *) pairs=400 ;;
    esac
    for threads in 1 2; do
      "${bench[@]}" cntk-time --depth "$depth" --readout "$readout" --dtype "$dtype" --pairs "$pairs" --threads "$threads" >> "$lines"
    done
  done
done
/usr/bin/python3 - "$lines" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
peak = rows[0]
print(f"peak float32 FMA rate of one core: {peak['peak_fma_flops_per_second_avx512'] / 1e9:.1f} GFLOP/s (AVX-512), "
      f"{peak['peak_fma_flops_per_second_avx2'] / 1e9:.1f} GFLOP/s (AVX2)\n")
print("| readout | dtype | NumPy port s/entry | Glassbox 1 thread s/entry | ratio | Glassbox 2 threads s/entry (wall) | ratio | core-s/entry (2 threads) |")
print("|---|---|---|---|---|---|---|---|")
for dtype in ("float32", "float64"):
    for readout in ("gap", "flatten"):
        ref = next(r for r in rows if r.get("impl") == "numpy-port" and r["dtype"] == dtype and r["readout"] == readout)
        one = next(r for r in rows if r.get("impl") == "glassbox" and r["dtype"] == dtype and r["readout"] == readout and r["threads"] == 1)
        two = next(r for r in rows if r.get("impl") == "glassbox" and r["dtype"] == dtype and r["readout"] == readout and r["threads"] == 2)
        r, a, b = ref["seconds_per_entry"], one["seconds_per_entry"], two["seconds_per_entry"]
        print(f"| {readout} | {dtype} | {r:.4g} | {a:.4g} | {r / a:.1f}× | {b:.4g} | {r / b:.1f}× | {two['core_seconds_per_entry']:.4g} |")
PY
