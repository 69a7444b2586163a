namespace Glassbox.KernelMachines;

/// <summary>
/// An acceleration of LIBSVM's SMO for hard problems (large C, low-rank kernels): now and then,
/// a Newton step on the free variables with the bounded ones held fixed. SMO changes two
/// variables at a time and can need millions of iterations to settle the few free variables of
/// a degenerate problem (a linear kernel at C = 100 on 1.5k rows: 3·10⁷); the face minimiser is
/// one small linear solve. The step is a descent step (exact line search, clipped at the first
/// bound), so SMO's convergence and its stopping rule are untouched: the solve still ends only
/// when m(α) − M(α) &lt; eps over all variables. Only the path, not the criterion, differs from LIBSVM.
/// </summary>
internal sealed partial class SmoSolver
{
    /// <summary>Never spend more on Newton steps than on the SMO iterations since the last one.</summary>
    double workSinceNewton;

    /// <summary>Largest free set tried (the factorisation is m³/3).</summary>
    const int MaxNewtonSize = 1500;

    void TryNewtonStep()
    {
        int n = activeSize;
        int m = 0;
        for (int k = 0; k < n; k++)
            if (status[k] == Free) m++;
        if (m < 2 || m > MaxNewtonSize) return;
        double cost = (double)m * m * m / 3 + 2.0 * m * n;
        if (cost > workSinceNewton) return;
        workSinceNewton = 0;

        var free = new int[m];
        for (int k = 0, t = 0; k < n; k++)
            if (status[k] == Free) free[t++] = k;

        // A = Q_FF + δI; δ grows until the float32-rounded block factors.
        var qff = new double[m * m];
        double maxDiag = 0;
        for (int a = 0; a < m; a++)
        {
            float[] row = q[free[a]];
            for (int b = 0; b < m; b++) qff[a * m + b] = row[free[b]];
            maxDiag = Math.Max(maxDiag, qff[a * m + a]);
        }
        var factor = new double[m * m];
        bool factored = false;
        for (double delta = 1e-10 * maxDiag; delta <= 1e-2 * maxDiag && !factored; delta *= 100)
        {
            qff.CopyTo(factor, 0);
            for (int a = 0; a < m; a++) factor[a * m + a] += delta;
            factored = DenseCholesky.TryFactor(factor, m);
        }
        if (!factored) return;

        // min ½dᵀAd + G_Fᵀd subject to y_Fᵀd = 0: d = −A⁻¹G_F + ν·A⁻¹y_F, ν from the constraint.
        var u = new double[m];
        var v = new double[m];
        for (int a = 0; a < m; a++)
        {
            u[a] = g[free[a]];
            v[a] = yd[free[a]];
        }
        DenseCholesky.Solve(factor, m, u);
        DenseCholesky.Solve(factor, m, v);
        double yu = 0, yv = 0;
        for (int a = 0; a < m; a++)
        {
            yu += yd[free[a]] * u[a];
            yv += yd[free[a]] * v[a];
        }
        if (!(yv > 0)) return;
        double nu = yu / yv;
        var d = new double[m];
        for (int a = 0; a < m; a++) d[a] = -u[a] + nu * v[a];

        // Exact line search on the true quadratic, clipped at the first bound.
        double slope = 0, curvature = 0;
        for (int a = 0; a < m; a++)
        {
            slope += g[free[a]] * d[a];
            curvature += d[a] * DenseCholesky.Dot(qff.AsSpan(a * m, m), d);
        }
        if (!(slope < 0)) return;
        double step = curvature > 0 ? -slope / curvature : double.PositiveInfinity;
        int blocking = -1;
        for (int a = 0; a < m; a++)
        {
            double ai = alpha[free[a]];
            double limit = d[a] > 0 ? (c - ai) / d[a] : d[a] < 0 ? -ai / d[a] : double.PositiveInfinity;
            if (limit < step) { step = limit; blocking = a; }
        }
        if (!(step > 0) || double.IsInfinity(step)) return;

        for (int a = 0; a < m; a++)
        {
            int k = free[a];
            double old = alpha[k];
            double next = a == blocking ? (d[a] > 0 ? c : 0) : Math.Clamp(old + step * d[a], 0, c);
            double delta = next - old;
            if (delta == 0) continue;
            alpha[k] = next;
            SmoKernels.AddScaled(g.AsSpan(0, n), q[k], delta);
            bool wasUpper = status[k] == UpperBound;
            UpdateStatus(k);
            if (wasUpper != (status[k] == UpperBound))
                SmoKernels.AddScaled(gBar, q[k], wasUpper ? -c : c);
        }
    }
}
