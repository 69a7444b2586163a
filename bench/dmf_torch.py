#!/usr/bin/python3
"""The deep matrix factorization loop of Arora, Cohen, Hu, Luo (NeurIPS 2019) in PyTorch, as the
authors run it (github.com/roosephu/deep_matrix_factorization, main.py + opt.py): a chain of bias-free
nn.Linear layers, autograd, and their GroupRMSprop (one running mean of the summed squared gradient
norms, alpha 0.99, eps 1e-4, lr 1e-3), float64, on W* = U V^T (100x100, rank 5, ||W*||_F = n) with
2000 observed entries. Written here from the paper's description for a side-by-side timing with
`Glassbox.Bench completion-time`; it does not read or write Glassbox files.

    /usr/bin/python3 bench/dmf_torch.py --depth 3 --iterations 3000 --threads 1   # time per iteration
    /usr/bin/python3 bench/dmf_torch.py --depth 3 --iterations 0                  # run to loss 1e-6

Prints one line: iterations, seconds, iterations/s, final loss, reconstruction error.
"""
import argparse
import time

import torch


def problem(n, rank, k, seed):
    g = torch.Generator().manual_seed(seed)
    u = torch.randn(n, rank, generator=g, dtype=torch.float64)
    v = torch.randn(n, rank, generator=g, dtype=torch.float64)
    w = u @ v.T
    w = w / w.norm() * n
    idx = torch.randperm(n * n, generator=g)[:k]
    return w, idx // n, idx % n


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--iterations", type=int, default=3000, help="0: until the training loss is <= 1e-6")
    p.add_argument("--threads", type=int, default=0, help="0: PyTorch's default")
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--rank", type=int, default=5)
    p.add_argument("--observations", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--init-scale", type=float, default=1e-3)
    p.add_argument("--lr", type=float, default=1e-3)
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    w_gt, us, vs = problem(a.n, a.rank, a.observations, a.seed)
    ys_ = w_gt[us, vs]

    model = torch.nn.Sequential(*[torch.nn.Linear(a.n, a.n, bias=False) for _ in range(a.depth)]).double()
    std = a.init_scale ** (1.0 / a.depth) * a.n ** -0.5
    for param in model.parameters():
        torch.nn.init.normal_(param, std=std)
    params = list(model.parameters())

    alpha, eps, square_avg = 0.99, 1e-4, 0.0
    limit = a.iterations if a.iterations > 0 else 10**7
    start = time.perf_counter()
    t = 0
    for t in range(limit):
        e2e = None
        for fc in model.children():  # the authors' get_e2e
            e2e = fc.weight.t() if e2e is None else fc(e2e)
        loss = (e2e[us, vs] - ys_).pow(2).mean()
        for q in params:
            q.grad = None
        loss.backward()
        if a.iterations == 0 and loss.item() <= 1e-6:
            break
        with torch.no_grad():  # GroupRMSprop.step
            square_avg = alpha * square_avg + (1 - alpha) * sum(q.grad.pow(2).sum().item() for q in params)
            lr = a.lr / ((square_avg / (1 - alpha ** (t + 1))) ** 0.5 + eps)
            for q in params:
                q.add_(q.grad, alpha=-lr)
    seconds = time.perf_counter() - start
    iterations = t + 1 if a.iterations > 0 else t
    with torch.no_grad():
        e2e = None
        for fc in model.children():
            e2e = fc.weight.t() if e2e is None else fc(e2e)
        recon = (e2e - w_gt).pow(2).mean().item()
        final = (e2e[us, vs] - ys_).pow(2).mean().item()
    print(f"pytorch {torch.__version__} depth {a.depth}, threads {torch.get_num_threads()}: {iterations} iterations in "
          f"{seconds:.2f} s = {iterations / seconds:.0f} it/s, {seconds / iterations * 1e6:.1f} us/it; "
          f"final loss {final:.3e}, reconstruction {recon:.3e}")


if __name__ == "__main__":
    main()
