#!/usr/bin/env bash
# The fully connected ReLU kernel family (all 15 K[L][f], L < 5) for n random rows of dimension d: Glassbox's fused engine,
# its former tensor engine, a fill of the same 1.9 GB of output (the memory floor) and the NumPy reference, one after the
# other in one run on the same machine. Run it on a quiet machine.
#
#   bash bench/fc_family_side_by_side.sh [n] [d]
set -euo pipefail
n="${1:-4000}"; d="${2:-64}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/bench/Glassbox.Bench" -c Release --nologo -v quiet -clp:NoSummary > /dev/null
dotnet "$root/bench/Glassbox.Bench/bin/Release/net10.0/linux-x64/Glassbox.Bench.dll" kernel-rate "$n" "$d"
OMP_NUM_THREADS=2 /usr/bin/python3 "$root/bench/reference/fc_family_time.py" "$n" "$d" 2
