#!/usr/bin/python3
"""Training throughput of the same scale-invariant PreResNet in PyTorch, for a side-by-side with
`Glassbox.Bench train-throughput` (src/Glassbox/Training/Models/PreResNet.cs): stem conv3x3 -> 16, three
stages of k pre-activation basic blocks (16, 32, 64 channels, stride 2 at stages 2 and 3, 1x1 projection
shortcut on the pre-activated input), BN -> ReLU -> global average pool -> frozen linear; bias-free
convolutions, affine-free batch norm. The loop: forward, cross-entropy, backward, torch.optim.SGD with
momentum 0.9 and weight decay 5e-4, on random float32 batches made before the clock starts.

    /usr/bin/python3 bench/preresnet_torch.py --depth 20 --batch 128 --steps 20 --threads 2 [--channels-last]

Glassbox stores float32 convolution weights channels-last (oneDNN's fast layout); --channels-last gives
PyTorch the same layout, the default is what a PyTorch user gets without asking.
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin, affine=False)
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout, affine=False)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.shortcut = nn.Conv2d(cin, cout, 1, stride, bias=False) if stride != 1 or cin != cout else None

    def forward(self, x):
        a = F.relu(self.bn1(x))
        residual = x if self.shortcut is None else self.shortcut(a)
        return self.conv2(F.relu(self.bn2(self.conv1(a)))) + residual


class PreResNet(nn.Module):
    def __init__(self, depth, classes=10):
        super().__init__()
        k = (depth - 2) // 6
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        layers, cin = [], 16
        for cout, stride in ((16, 1), (32, 2), (64, 2)):
            for i in range(k):
                layers.append(Block(cin, cout, stride if i == 0 else 1))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.bn = nn.BatchNorm2d(64, affine=False)
        self.linear = nn.Linear(64, classes)
        for p in self.linear.parameters():
            p.requires_grad = False

    def forward(self, x):
        h = F.relu(self.bn(self.layers(self.conv1(x))))
        return self.linear(h.mean((2, 3)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--depth", type=int, default=20)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--channels-last", action="store_true", help="model and inputs in torch.channels_last")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = PreResNet(a.depth).train()
    g = torch.Generator().manual_seed(1)
    inputs = [torch.randn(a.batch, 3, 32, 32, generator=g) for _ in range(4)]
    labels = [torch.randint(10, (a.batch,), generator=g) for _ in range(4)]
    if a.channels_last:
        model = model.to(memory_format=torch.channels_last)
        inputs = [x.contiguous(memory_format=torch.channels_last) for x in inputs]
    opt = torch.optim.SGD([q for q in model.parameters() if q.requires_grad], lr=0.01, momentum=0.9, weight_decay=5e-4)

    phases = [0.0, 0.0, 0.0]

    def step(i):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = F.cross_entropy(model(inputs[i % 4]), labels[i % 4])
        value = loss.item()
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        phases[0] += t1 - t0
        phases[1] += t2 - t1
        phases[2] += t3 - t2
        return value

    for i in range(a.warmup):
        step(i)
    phases[:] = [0.0, 0.0, 0.0]
    t = time.perf_counter()
    for i in range(a.steps):
        last = step(i)
    s = time.perf_counter() - t
    print(f"pytorch {torch.__version__} preresnet{a.depth}{' (channels_last)' if a.channels_last else ''} batch {a.batch}, threads {torch.get_num_threads()}: "
          f"{a.steps} steps in {s:.2f} s = {a.steps * a.batch / s:.1f} images/s ({s / a.steps * 1000:.0f} ms/step); last loss {last:.4f}")
    print(f"  per step: forward + loss {phases[0] / a.steps * 1000:.0f} ms, backward {phases[1] / a.steps * 1000:.0f} ms, "
          f"SGD step {phases[2] / a.steps * 1000:.1f} ms")


if __name__ == "__main__":
    main()
