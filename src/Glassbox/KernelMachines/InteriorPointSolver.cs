namespace Glassbox.KernelMachines;

/// <summary>
/// A primal-dual interior-point method (Mehrotra predictor-corrector) for the C-SVC dual
/// min ½αᵀQα − eᵀα, yᵀα = 0, 0 ≤ α ≤ C, in β = α/C ∈ [0, 1]ⁿ so that its gradient CQβ − e is
/// LIBSVM's G. Each iteration factors CQ + D (D diagonal, from the bound multipliers) once: n³/3
/// flops, but only some 20–40 iterations whatever the conditioning, where SMO's iteration count
/// explodes on degenerate problems at large C (low-rank kernels, duplicated rows).
/// Its answer is a starting point for SMO: once μ is small, each iteration rounds β to the bounds
/// by complementarity (β &lt; z: at 0; 1 − β &lt; s: at C), restores yᵀα = 0, and stops as soon as the
/// rounded point meets LIBSVM's stopping rule with room to spare; SMO then only confirms it.
/// </summary>
internal static class InteriorPointSolver
{
    const int MaxIterations = 60;
    const double StepFraction = 0.995;

    /// <summary>Rounding is tried once μ is below this (β-space complementarity).</summary>
    const double RoundingMu = 1e-4;

    /// <summary>|yᵀα| allowed after rounding, relative to C·n: rounding error only.</summary>
    const double FeasibilityTolerance = 1e-14;

    /// <summary>
    /// Returns a feasible α on the bounds where it should be, or null when the factorisation fails.
    /// <paramref name="qc"/> is C·Q (row-major n×n float64, the solver's order); y = ±1.
    /// </summary>
    public static double[]? Solve(double[] qc, double[] y, double c, double eps)
    {
        int n = y.Length;
        var beta = new double[n];
        var z = new double[n];
        var s = new double[n];
        var t = new double[n];
        var rd = new double[n];
        var d = new double[n];
        var v = new double[n];
        var qb = new double[n];
        var m = new double[(long)n * n];
        Array.Fill(beta, 0.5);
        double b = 0;
        Array.Fill(z, 1.0);
        Array.Fill(s, 1.0);
        double[]? best = null;

        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            DenseCholesky.Multiply(qc, n, beta, qb);
            double rp = 0, mu = 0;
            for (int i = 0; i < n; i++)
            {
                t[i] = 1 - beta[i];
                rd[i] = qb[i] - 1 + b * y[i] - z[i] + s[i];
                rp += y[i] * beta[i];
                mu += beta[i] * z[i] + t[i] * s[i];
            }
            mu /= 2.0 * n;
            if (mu < RoundingMu && Round(qc, y, c, beta, z, s, out double violation) is { } rounded)
            {
                best = rounded;
                if (violation < eps / 4) return best;
            }

            Array.Copy(qc, m, m.Length);
            for (int i = 0; i < n; i++) m[(long)i * n + i] += z[i] / beta[i] + s[i] / t[i];
            if (!DenseCholesky.TryFactor(m, n)) return best;
            for (int i = 0; i < n; i++) v[i] = y[i];
            DenseCholesky.Solve(m, n, v);
            double yv = 0;
            for (int i = 0; i < n; i++) yv += y[i] * v[i];

            // Predictor (σ = 0), then the corrector with σ = (μ_aff/μ)³ and the second-order terms.
            var affine = Direction(m, v, yv, y, rd, rp, beta, t, z, s, 0.0, null);
            double stepAffine = Math.Min(1.0, StepLength(beta, t, z, s, affine));
            double muAffine = 0;
            for (int i = 0; i < n; i++)
                muAffine += (beta[i] + stepAffine * affine.DBeta[i]) * (z[i] + stepAffine * affine.Dz[i])
                    + (t[i] - stepAffine * affine.DBeta[i]) * (s[i] + stepAffine * affine.Ds[i]);
            muAffine /= 2.0 * n;
            double sigma = Math.Pow(muAffine / mu, 3);
            var step = Direction(m, v, yv, y, rd, rp, beta, t, z, s, sigma * mu, affine);
            double length = Math.Min(1.0, StepFraction * StepLength(beta, t, z, s, step));
            for (int i = 0; i < n; i++)
            {
                beta[i] += length * step.DBeta[i];
                z[i] += length * step.Dz[i];
                s[i] += length * step.Ds[i];
            }
            b += length * step.Db;
        }
        return best ?? Round(qc, y, c, beta, z, s, out _);
    }

    sealed record Step(double[] DBeta, double Db, double[] Dz, double[] Ds);

    static Step Direction(
        double[] factor, double[] v, double yv, double[] y, double[] rd, double rp,
        double[] beta, double[] t, double[] z, double[] s, double sigmaMu, Step? affine)
    {
        int n = y.Length;
        // Complementarity: zΔβ + βΔz = σμ − βz − ΔβₐΔzₐ and −sΔβ + tΔs = σμ − ts + ΔβₐΔsₐ.
        var pz = new double[n];
        var ps = new double[n];
        var u = new double[n];
        for (int i = 0; i < n; i++)
        {
            pz[i] = sigmaMu - beta[i] * z[i] - (affine is null ? 0 : affine.DBeta[i] * affine.Dz[i]);
            ps[i] = sigmaMu - t[i] * s[i] + (affine is null ? 0 : affine.DBeta[i] * affine.Ds[i]);
            u[i] = -rd[i] + pz[i] / beta[i] - ps[i] / t[i];
        }
        DenseCholesky.Solve(factor, n, u);
        double yu = 0;
        for (int i = 0; i < n; i++) yu += y[i] * u[i];
        double db = (yu + rp) / yv;
        var dBeta = new double[n];
        var dz = new double[n];
        var ds = new double[n];
        for (int i = 0; i < n; i++)
        {
            dBeta[i] = u[i] - db * v[i];
            dz[i] = (pz[i] - z[i] * dBeta[i]) / beta[i];
            ds[i] = (ps[i] + s[i] * dBeta[i]) / t[i];
        }
        return new Step(dBeta, db, dz, ds);
    }

    /// <summary>The largest step keeping β, 1 − β, z and s positive.</summary>
    static double StepLength(double[] beta, double[] t, double[] z, double[] s, Step step)
    {
        double length = double.PositiveInfinity;
        for (int i = 0; i < beta.Length; i++)
        {
            if (step.DBeta[i] < 0) length = Math.Min(length, -beta[i] / step.DBeta[i]);
            if (step.DBeta[i] > 0) length = Math.Min(length, t[i] / step.DBeta[i]);
            if (step.Dz[i] < 0) length = Math.Min(length, -z[i] / step.Dz[i]);
            if (step.Ds[i] < 0) length = Math.Min(length, -s[i] / step.Ds[i]);
        }
        return length;
    }

    /// <summary>
    /// α with each variable on the bound its complementarity pair points to, yᵀα = 0 restored
    /// through the free ones, and LIBSVM's violation m(α) − M(α) of the result; null when the free
    /// variables lack the room to restore yᵀα = 0 (SMO keeps yᵀα as it finds it, so an infeasible
    /// point must never be handed to it).
    /// </summary>
    internal static double[]? Round(double[] qc, double[] y, double c, double[] beta, double[] z, double[] s, out double violation)
    {
        int n = y.Length;
        var alpha = new double[n];
        var free = new List<int>();
        double residual = 0;
        for (int i = 0; i < n; i++)
        {
            double ti = 1 - beta[i];
            bool lower = beta[i] < z[i], upper = ti < s[i];
            if (lower && (!upper || beta[i] / z[i] <= ti / s[i])) alpha[i] = 0;
            else if (upper) alpha[i] = c;
            else
            {
                alpha[i] = c * beta[i];
                free.Add(i);
            }
            residual += y[i] * alpha[i];
        }
        // Move the roomiest free variables until yᵀα = 0.
        foreach (int i in free.OrderByDescending(i => Math.Min(alpha[i], c - alpha[i])))
        {
            if (residual == 0) break;
            double next = Math.Clamp(alpha[i] - y[i] * residual, 0, c);
            residual += y[i] * (next - alpha[i]);
            alpha[i] = next;
        }
        violation = double.PositiveInfinity;
        if (Math.Abs(residual) > FeasibilityTolerance * c * Math.Max(1, n)) return null;

        var scaled = new double[n];
        for (int i = 0; i < n; i++) scaled[i] = alpha[i] / c;
        var g = new double[n];
        DenseCholesky.Multiply(qc, n, scaled, g);
        double up = double.NegativeInfinity, low = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            double v = -y[i] * (g[i] - 1);
            bool canUp = y[i] > 0 ? alpha[i] < c : alpha[i] > 0;
            bool canLow = y[i] > 0 ? alpha[i] > 0 : alpha[i] < c;
            if (canUp) up = Math.Max(up, v);
            if (canLow) low = Math.Min(low, v);
        }
        violation = up - low;
        return alpha;
    }
}
