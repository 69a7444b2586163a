#!/usr/bin/env bash
# Wall time of the UCI NTK protocol, Glassbox and the NumPy + scikit-learn reference, one after the
# other on the same machine (run it on a quiet machine: nothing else should be using the cores).
#
#   bash bench/uci_side_by_side.sh SETS OUT_DIR [DATA_ROOT]
#
# SETS: a comma-separated list of UCI set names (e.g. the first 60 lines of the NTK-90 list sorted by
# size). Writes OUT_DIR/ours/results.jsonl, OUT_DIR/reference.jsonl, and prints both wall times, their
# ratio and the accuracy agreement (bench/reference/compare_uci.py).
set -euo pipefail
sets="$1"; out="$2"; data="${3:-../shared/data}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rm -rf "$out"; mkdir -p "$out"
"$root/glassbox" --help > /dev/null   # build first, outside the timing

start=$(date +%s.%N)
"$root/glassbox" uci --data-dir "$data" --datasets "$sets" --methods ntk --out "$out/ours" > "$out/ours.log"
ours=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }')

start=$(date +%s.%N)
/usr/bin/python3 "$root/bench/reference/uci_ntk_reference.py" --data "$data/uci" --datasets "$sets" --out "$out/reference.jsonl" > "$out/reference.log"
reference=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }')

echo "sets: $(echo "$sets" | tr ',' '\n' | grep -c .)"
printf 'glassbox uci --methods ntk: %.1f s wall\n' "$ours"
printf 'reference (NumPy + scikit-learn): %.1f s wall\n' "$reference"
awk -v r="$reference" -v o="$ours" 'BEGIN { printf "ratio: %.1f x\n", r / o }'
/usr/bin/python3 "$root/bench/reference/compare_uci.py" "$out/ours/results.jsonl" "$out/reference.jsonl"
