"""Records torch.optim.SGD (momentum, weight decay) step by step, bit for bit, as the fixture that
tests/Glassbox.Tests/Training/MomentumSgdTorchTests.cs replays against Glassbox's MomentumSgd.

Run with Debian's python3-torch (1.13):  /usr/bin/python3 bench/sgd_reference.py > tests/Glassbox.Tests/Training/Fixtures/sgd_torch.json
Numbers are written with float.hex(), exact for float64 and for float32 values alike.
"""
import json
import random

import torch

N = 37                      # odd and above the vector width: vector body and scalar tail both run
RATES = [0.1, 0.1, 0.05, 0.2, 0.2]


def run(dtype, weight_decay, seed):
    rng = random.Random(seed)
    start = [rng.uniform(-2, 2) for _ in range(N)]
    grads = [[rng.gauss(0, 1) for _ in range(N)] for _ in RATES]
    param = torch.nn.Parameter(torch.tensor(start, dtype=dtype))
    sgd = torch.optim.SGD([param], lr=RATES[0], momentum=0.9, weight_decay=weight_decay, foreach=False)
    after = []
    for rate, g in zip(RATES, grads):
        for group in sgd.param_groups:
            group["lr"] = rate
        sgd.zero_grad()
        param.grad = torch.tensor(g, dtype=dtype)
        sgd.step()
        after.append([float(x).hex() for x in param.detach().tolist()])
    # start and gradients as the dtype holds them (float32 rounds the Python floats)
    held = lambda xs: [float(x).hex() for x in torch.tensor(xs, dtype=dtype).tolist()]
    return {
        "dtype": str(dtype).replace("torch.", ""),
        "momentum": 0.9,
        "weight_decay": weight_decay,
        "rates": RATES,
        "start": held(start),
        "grads": [held(g) for g in grads],
        "after": after,
    }


cases = [run(dtype, wd, seed) for seed, (dtype, wd) in enumerate(
    [(torch.float32, 5e-4), (torch.float64, 5e-4), (torch.float32, 0.0), (torch.float64, 0.013)])]
print(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1))
