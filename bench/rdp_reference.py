#!/usr/bin/python3
"""Records RDP and ε values of the sampled Gaussian mechanism for tests/Glassbox.Tests/Privacy/RdpAccountantTests.cs.

The reference procedure as TF-Privacy's rdp_accountant and Opacus's accountants/analysis/rdp.py publish it (integer
orders by the binomial expansion, fractional ones by the two-series method), written out here with SciPy's special
functions (binom, log_ndtr) so that the C# accountant is checked against an independent implementation of the same
mathematics, not against itself. Debian's python3-numpy and python3-scipy:
    /usr/bin/python3 bench/rdp_reference.py > tests/Glassbox.Tests/Privacy/Fixtures/rdp_reference.json
"""
import json
import math

import numpy as np
from scipy import special


def log_add(x, y):
    a, b = min(x, y), max(x, y)
    return b if a == -np.inf else math.log1p(math.exp(a - b)) + b


def log_sub(x, y):
    if y == -np.inf:
        return x
    if x == y:
        return -np.inf
    return math.log(math.expm1(x - y)) + y


def log_erfc(x):
    return math.log(2) + special.log_ndtr(-x * 2 ** 0.5)


def log_a_int(q, sigma, alpha):
    log_a = -np.inf
    for i in range(alpha + 1):
        c = math.log(special.binom(alpha, i)) + i * math.log(q) + (alpha - i) * math.log(1 - q)
        log_a = log_add(log_a, c + (i * i - i) / (2 * sigma ** 2))
    return log_a


def log_a_frac(q, sigma, alpha):
    log_a0, log_a1, i = -np.inf, -np.inf, 0
    z0 = sigma ** 2 * math.log(1 / q - 1) + 0.5
    while True:
        coef = special.binom(alpha, i)
        log_coef, j = math.log(abs(coef)), alpha - i
        log_t0 = log_coef + i * math.log(q) + j * math.log(1 - q)
        log_t1 = log_coef + j * math.log(q) + i * math.log(1 - q)
        log_e0 = math.log(0.5) + log_erfc((i - z0) / (math.sqrt(2) * sigma))
        log_e1 = math.log(0.5) + log_erfc((z0 - j) / (math.sqrt(2) * sigma))
        log_s0 = log_t0 + (i * i - i) / (2 * sigma ** 2) + log_e0
        log_s1 = log_t1 + (j * j - j) / (2 * sigma ** 2) + log_e1
        if coef > 0:
            log_a0, log_a1 = log_add(log_a0, log_s0), log_add(log_a1, log_s1)
        else:
            log_a0, log_a1 = log_sub(log_a0, log_s0), log_sub(log_a1, log_s1)
        i += 1
        if max(log_s0, log_s1) < -30:
            return log_add(log_a0, log_a1)


def rdp(q, sigma, alpha):
    if q == 1:
        return alpha / (2 * sigma ** 2)
    la = log_a_int(q, sigma, int(alpha)) if float(alpha).is_integer() else log_a_frac(q, sigma, alpha)
    return la / (alpha - 1)


ORDERS = [1 + x / 10.0 for x in range(1, 100)] + list(range(12, 64))


def epsilon(q, sigma, steps, delta, conversion):
    curve = np.array([rdp(q, sigma, a) for a in ORDERS]) * steps
    orders = np.array(ORDERS, dtype=float)
    if conversion == "classic":
        eps = curve - math.log(delta) / (orders - 1)
    else:
        eps = curve - (math.log(delta) + np.log(orders)) / (orders - 1) + np.log((orders - 1) / orders)
    k = int(np.nanargmin(eps))
    return float(eps[k]), float(orders[k])


def main():
    orders = [1.1, 1.5, 2, 2.5, 3.9, 7.3, 10.9, 12, 32, 63]
    rdp_cases = [{"q": q, "sigma": s, "order": a, "rdp": rdp(q, s, a)}
                 for q in [1e-3, 256 / 60000, 0.01, 0.04, 0.3, 0.9]
                 for s in [0.5, 0.8, 1.1, 1.5, 3.0, 10.0]
                 for a in orders]
    eps_cases = []
    for q, s, t, d in [(0.04, 1.5, 2250, 1e-5), (256 / 60000, 1.1, 14063, 1e-5), (240 / 60000, 1.3, 3750, 1e-5),
                       (0.01, 0.8, 1000, 1e-6), (0.1, 4.0, 50, 1e-3), (0.5, 2.0, 10, 1e-5)]:
        for conversion in ["improved", "classic"]:
            e, order = epsilon(q, s, t, d, conversion)
            eps_cases.append({"q": q, "sigma": s, "steps": t, "delta": d, "conversion": conversion, "epsilon": e, "order": order})
    erfc_cases = [{"x": x, "log_erfc": log_erfc(x)} for x in [-5.0, -0.5, 0.0, 0.7, 3.0, 10.0, 24.9, 25.0, 25.1, 27.0, 40.0, 1000.0]]
    json.dump({"source": "bench/rdp_reference.py (SciPy " + __import__("scipy").__version__ + ")",
               "rdp": rdp_cases, "epsilon": eps_cases, "log_erfc": erfc_cases}, __import__("sys").stdout, indent=1)


if __name__ == "__main__":
    main()
