#!/usr/bin/env bash
# Training throughput of PreResNet-20 (batch 128 of 3x32x32, forward + backward + SGD step), Glassbox beside
# PyTorch (Debian's python3-torch), alternating, ROUNDS rounds of STEPS timed steps after 5 warm-up steps.
#   bash bench/train_throughput_side_by_side.sh [rounds=3] [steps=30] [threads=2]
set -euo pipefail
rounds=${1:-3}; steps=${2:-30}; threads=${3:-2}
cd "$(dirname "$0")/.."
dotnet build -c Release bench/Glassbox.Bench -v q -nologo >/dev/null
bench=$(find bench/Glassbox.Bench/bin/Release -name Glassbox.Bench.dll | head -1)
for r in $(seq "$rounds"); do
  echo "# round $r"
  dotnet "$bench" train-throughput preresnet20 128 "$steps" "$threads" 5
  dotnet "$bench" train-throughput preresnet20 128 "$steps" "$threads" 5 nchw
  /usr/bin/python3 bench/preresnet_torch.py --depth 20 --batch 128 --steps "$steps" --threads "$threads" --warmup 5
  /usr/bin/python3 bench/preresnet_torch.py --depth 20 --batch 128 --steps "$steps" --threads "$threads" --warmup 5 --channels-last
done
