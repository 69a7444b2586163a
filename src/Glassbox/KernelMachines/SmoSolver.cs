namespace Glassbox.KernelMachines;

/// <summary>What one solve of a binary problem returns; <see cref="Alpha"/> is in member order, unsigned.</summary>
internal sealed record BinarySolution(
    double[] Alpha, double Rho, double Objective, long Iterations, bool ReachedMaxIterations, bool UsedInteriorPoint);

/// <summary>
/// LIBSVM's <c>Solver</c> for C-SVC (svm.cpp, Fan, Chen &amp; Lin 2005), rule for rule:
/// min ½αᵀQα − eᵀα subject to yᵀα = 0, 0 ≤ α ≤ C; WSS with second-order information and
/// τ = 1e-12; stop when m(α) − M(α) &lt; eps; shrinking every min(l, 1000) iterations with the
/// one-time unshrink at m − M ≤ 10·eps; ρ the mean of yᵢGᵢ over free αᵢ, else the midpoint.
/// Like LIBSVM it physically swaps shrunk variables to the end, so the scan order (and with it
/// every tie-break) matches. With <typeparamref name="T"/> = float the kernel rows are LIBSVM's
/// Qfloat and the iterations are scikit-learn's to the last bit. Extensions: the block is
/// resident (no kernel cache); <see cref="Solve"/> can restart from the previous solution for a
/// larger C (a C path); and with float64 rows the solver can hand over to an interior-point
/// method when SMO is slow (<c>SmoSolver.InteriorPoint.cs</c>).
/// </summary>
internal sealed partial class SmoSolver<T> where T : unmanaged
{
    const double Tau = 1e-12;
    const byte LowerBound = 0, UpperBound = 1, Free = 2;

    readonly BinaryProblem problem;
    readonly int l;
    readonly T[][] q; // q[i][j] = yᵢyⱼK(xᵢ, xⱼ) for positions i, j (permuted with the variables)
    readonly double[] qd;
    readonly sbyte[] y;
    readonly double eps;
    readonly bool shrinking;
    readonly long maxIterations;
    readonly bool interiorPoint;

    readonly double[] alpha, g, gBar;
    readonly byte[] status;
    // Vector-friendly copies of y and of the status: yd = ±1.0, up/low = −1 where αᵢ may move up/down.
    readonly double[] yd;
    readonly long[] up, low;
    readonly int[] activeSet; // activeSet[k] = member index now at position k
    int activeSize;
    bool unshrink;
    double c;
    bool solved;

    /// <param name="interiorPoint">Allow the switch to the interior-point method (float64 rows only).</param>
    public SmoSolver(BinaryProblem problem, double eps, bool shrinking, long? maxIterations, bool interiorPoint)
    {
        if (interiorPoint && typeof(T) != typeof(double))
            throw new ArgumentException("The interior-point switch needs float64 rows.", nameof(interiorPoint));
        this.problem = problem;
        l = problem.Count;
        q = problem.SignedRows<T>();
        qd = (double[])problem.QD.Clone();
        y = (sbyte[])problem.Y.Clone();
        this.eps = eps;
        this.shrinking = shrinking;
        this.maxIterations = maxIterations ?? long.MaxValue;
        this.interiorPoint = interiorPoint;
        alpha = new double[l];
        g = new double[l];
        gBar = new double[l];
        status = new byte[l];
        yd = new double[l];
        up = new long[l];
        low = new long[l];
        for (int i = 0; i < l; i++) yd[i] = y[i];
        activeSet = new int[l];
        for (int i = 0; i < l; i++) activeSet[i] = i;
    }

    /// <summary>
    /// Solves for <paramref name="newC"/>. Cold: from α = 0 in member order, exactly LIBSVM's start.
    /// Warm (only for newC ≥ the previous C): from the previous solution scaled by s ∈ [0, C_new/C_old],
    /// which stays feasible; its gradient follows in O(l) from the previous one.
    /// </summary>
    public BinarySolution Solve(double newC, WarmStart warmStart)
    {
        if (warmStart == WarmStart.None || !solved) ColdStart(newC);
        else WarmStartFrom(newC, warmStart);
        return Run();
    }

    void ColdStart(double newC)
    {
        if (solved) RestoreOrder();
        c = newC;
        Array.Clear(alpha);
        Array.Fill(g, -1.0); // G = Qα + p with p = −e
        Array.Clear(gBar);
        for (int k = 0; k < l; k++) SetStatus(k, LowerBound);
        activeSize = l;
        unshrink = false;
    }

    void WarmStartFrom(double newC, WarmStart mode)
    {
        if (newC < c) throw new InvalidOperationException($"A warm start needs C to grow; got {newC} after {c}.");
        double r = newC / c;
        double s = mode switch
        {
            WarmStart.Proportional => r,
            WarmStart.Unscaled => 1.0,
            _ => LineSearchScale(r),
        };
        bool keepBounds = s == r;
        for (int k = 0; k < l; k++)
        {
            // Q(sα) − e = s(G + e) − e.
            g[k] = s * g[k] + (s - 1);
            if (status[k] == UpperBound && keepBounds) alpha[k] = newC;
            else alpha[k] *= s;
            gBar[k] = keepBounds ? r * gBar[k] : 0.0;
        }
        c = newC;
        for (int k = 0; k < l; k++) UpdateStatus(k);
        activeSize = l;
        unshrink = false;
    }

    double LineSearchScale(double r) => LineSearchScale(alpha, g, r);

    /// <summary>
    /// The s ∈ [0, r] minimising f(sα) = ½s²·αᵀQα − s·eᵀα along the ray through α, with αᵀQα = Σ α_k(G_k + 1) since G = Qα − e.
    /// </summary>
    internal static double LineSearchScale(ReadOnlySpan<double> alpha, ReadOnlySpan<double> g, double r)
    {
        double quad = 0, lin = 0;
        for (int k = 0; k < alpha.Length; k++)
        {
            quad += alpha[k] * (g[k] + 1);
            lin += alpha[k];
        }
        if (!(quad > 0)) return r;
        return Math.Clamp(lin / quad, 0, r);
    }

    BinarySolution Run()
    {
        smoWork = 0;
        interiorPointTried = usedInteriorPoint = false;
        long iter = 0;
        int counter = Math.Min(l, 1000) + 1;
        bool reachedMax = false;
        while (true)
        {
            if (iter >= maxIterations)
            {
                reachedMax = true;
                break;
            }
            if (--counter == 0)
            {
                counter = Math.Min(l, 1000);
                if (shrinking) DoShrinking();
                if (interiorPoint && InteriorPointPaysOff()) SwitchToInteriorPoint();
            }

            if (SelectWorkingSet(out int i, out int j))
            {
                ReconstructGradient();
                activeSize = l;
                if (SelectWorkingSet(out i, out j)) break;
                counter = 1; // shrink at the next iteration
            }
            ++iter;
            smoWork += activeSize;
            TakeStep(i, j);
        }

        double rho = CalculateRho();
        if (activeSize < l)
        {
            // Only after an iteration limit: leave a full gradient for a later warm start.
            ReconstructGradient();
            activeSize = l;
        }
        double v = 0;
        for (int i = 0; i < l; i++) v += alpha[i] * (g[i] - 1);
        var result = new double[l];
        for (int i = 0; i < l; i++) result[activeSet[i]] = alpha[i];
        solved = true;
        return new BinarySolution(result, rho, v / 2, iter, reachedMax, usedInteriorPoint);
    }

    void TakeStep(int i, int j)
    {
        T[] qi = q[i], qj = q[j];
        double ci = c, cj = c;
        double oldAi = alpha[i], oldAj = alpha[j];
        if (y[i] != y[j])
        {
            double quad = qd[i] + qd[j] + 2 * SmoKernels.At(qi, j);
            if (quad <= 0) quad = Tau;
            double delta = (-g[i] - g[j]) / quad;
            double diff = alpha[i] - alpha[j];
            alpha[i] += delta;
            alpha[j] += delta;
            if (diff > 0)
            {
                if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = diff; }
            }
            else
            {
                if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = -diff; }
            }
            if (diff > ci - cj)
            {
                if (alpha[i] > ci) { alpha[i] = ci; alpha[j] = ci - diff; }
            }
            else
            {
                if (alpha[j] > cj) { alpha[j] = cj; alpha[i] = cj + diff; }
            }
        }
        else
        {
            double quad = qd[i] + qd[j] - 2 * SmoKernels.At(qi, j);
            if (quad <= 0) quad = Tau;
            double delta = (g[i] - g[j]) / quad;
            double sum = alpha[i] + alpha[j];
            alpha[i] -= delta;
            alpha[j] += delta;
            if (sum > ci)
            {
                if (alpha[i] > ci) { alpha[i] = ci; alpha[j] = sum - ci; }
            }
            else
            {
                if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = sum; }
            }
            if (sum > cj)
            {
                if (alpha[j] > cj) { alpha[j] = cj; alpha[i] = sum - cj; }
            }
            else
            {
                if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = sum; }
            }
        }

        double dai = alpha[i] - oldAi, daj = alpha[j] - oldAj;
        SmoKernels.UpdateGradient(g.AsSpan(0, activeSize), qi, qj, dai, daj);

        bool ui = status[i] == UpperBound, uj = status[j] == UpperBound;
        UpdateStatus(i);
        UpdateStatus(j);
        if (ui != (status[i] == UpperBound))
            SmoKernels.AddScaled(gBar, qi, ui ? -ci : ci);
        if (uj != (status[j] == UpperBound))
            SmoKernels.AddScaled(gBar, qj, uj ? -cj : cj);
    }

    void UpdateStatus(int i) => SetStatus(i, alpha[i] >= c ? UpperBound : alpha[i] <= 0 ? LowerBound : Free);

    void SetStatus(int i, byte s)
    {
        status[i] = s;
        // I_up: y = +1 below C or y = −1 above 0; I_low the other way round.
        bool canUp = y[i] == +1 ? s != UpperBound : s != LowerBound;
        bool canLow = y[i] == +1 ? s != LowerBound : s != UpperBound;
        up[i] = canUp ? -1L : 0L;
        low[i] = canLow ? -1L : 0L;
    }

    /// <summary>WSS 2 of Fan et al.; true when the active set is already optimal.</summary>
    bool SelectWorkingSet(out int outI, out int outJ)
    {
        int n = activeSize;
        int i = SmoKernels.ArgMaxUp(g.AsSpan(0, n), yd, up, out double gmax);
        double gmax2;
        int j;
        if (i == -1)
        {
            // No candidate for i: as LIBSVM, Gmax = −∞ selects no j (Gmax2 still scans I_low).
            j = SmoKernels.ArgMinLow(g.AsSpan(0, n), yd, low, qd, q[0], 0, 1, gmax, out gmax2);
        }
        else
        {
            j = SmoKernels.ArgMinLow(g.AsSpan(0, n), yd, low, qd, q[i], qd[i], yd[i], gmax, out gmax2);
        }
        outI = i;
        outJ = j;
        return gmax + gmax2 < eps || j == -1;
    }

    bool BeShrunk(int i, double gmax1, double gmax2)
    {
        if (status[i] == UpperBound) return y[i] == +1 ? -g[i] > gmax1 : -g[i] > gmax2;
        if (status[i] == LowerBound) return y[i] == +1 ? g[i] > gmax2 : g[i] > gmax1;
        return false;
    }

    void DoShrinking()
    {
        double gmax1 = double.NegativeInfinity; // max { −yᵢ∇f(α)ᵢ | i ∈ I_up(α) }
        double gmax2 = double.NegativeInfinity; // max { yᵢ∇f(α)ᵢ | i ∈ I_low(α) }
        for (int i = 0; i < activeSize; i++)
        {
            if (y[i] == +1)
            {
                if (status[i] != UpperBound && -g[i] >= gmax1) gmax1 = -g[i];
                if (status[i] != LowerBound && g[i] >= gmax2) gmax2 = g[i];
            }
            else
            {
                if (status[i] != UpperBound && -g[i] >= gmax2) gmax2 = -g[i];
                if (status[i] != LowerBound && g[i] >= gmax1) gmax1 = g[i];
            }
        }

        if (!unshrink && gmax1 + gmax2 <= eps * 10)
        {
            unshrink = true;
            ReconstructGradient();
            activeSize = l;
        }

        for (int i = 0; i < activeSize; i++)
        {
            if (!BeShrunk(i, gmax1, gmax2)) continue;
            activeSize--;
            while (activeSize > i)
            {
                if (!BeShrunk(activeSize, gmax1, gmax2))
                {
                    SwapIndex(i, activeSize);
                    break;
                }
                activeSize--;
            }
        }
    }

    /// <summary>Recomputes G of the shrunk variables from Ḡ and the free variables.</summary>
    void ReconstructGradient()
    {
        if (activeSize == l) return;
        for (int j = activeSize; j < l; j++) g[j] = gBar[j] - 1;

        long nrFree = 0;
        for (int j = 0; j < activeSize; j++)
            if (status[j] == Free) nrFree++;

        if (nrFree * l > 2L * activeSize * (l - activeSize))
        {
            for (int i = activeSize; i < l; i++)
            {
                T[] qi = q[i];
                double sum = g[i];
                for (int j = 0; j < activeSize; j++)
                    if (status[j] == Free) sum += alpha[j] * SmoKernels.At(qi, j);
                g[i] = sum;
            }
        }
        else
        {
            for (int i = 0; i < activeSize; i++)
            {
                if (status[i] != Free) continue;
                T[] qi = q[i];
                double ai = alpha[i];
                for (int j = activeSize; j < l; j++) g[j] += ai * SmoKernels.At(qi, j);
            }
        }
    }

    double CalculateRho()
    {
        int nrFree = 0;
        double ub = double.PositiveInfinity, lb = double.NegativeInfinity, sumFree = 0;
        for (int i = 0; i < activeSize; i++)
        {
            double yG = y[i] * g[i];
            if (status[i] == UpperBound)
            {
                if (y[i] == -1) ub = Math.Min(ub, yG);
                else lb = Math.Max(lb, yG);
            }
            else if (status[i] == LowerBound)
            {
                if (y[i] == +1) ub = Math.Min(ub, yG);
                else lb = Math.Max(lb, yG);
            }
            else
            {
                ++nrFree;
                sumFree += yG;
            }
        }
        return nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
    }

    void SwapIndex(int i, int j)
    {
        if (i == j) return;
        (q[i], q[j]) = (q[j], q[i]);
        for (int k = 0; k < l; k++)
        {
            T[] row = q[k];
            (row[i], row[j]) = (row[j], row[i]);
        }
        (y[i], y[j]) = (y[j], y[i]);
        (qd[i], qd[j]) = (qd[j], qd[i]);
        (g[i], g[j]) = (g[j], g[i]);
        (status[i], status[j]) = (status[j], status[i]);
        (yd[i], yd[j]) = (yd[j], yd[i]);
        (up[i], up[j]) = (up[j], up[i]);
        (low[i], low[j]) = (low[j], low[i]);
        (alpha[i], alpha[j]) = (alpha[j], alpha[i]);
        (activeSet[i], activeSet[j]) = (activeSet[j], activeSet[i]);
        (gBar[i], gBar[j]) = (gBar[j], gBar[i]);
    }

    /// <summary>Swaps everything back to member order (LIBSVM's start order for a cold solve).</summary>
    void RestoreOrder()
    {
        for (int i = 0; i < l; i++)
            while (activeSet[i] != i) SwapIndex(i, activeSet[i]);
    }
}
