namespace Glassbox.KernelMachines;

/// <summary>
/// The switch from SMO to the interior-point method when SMO is slow. SMO's cost is counted in
/// element operations (Σ active size over its iterations); once it exceeds what an interior-point
/// solve of this size is estimated to cost, the interior-point answer is rounded to the bounds and
/// SMO resumes from it, so the solve still ends under LIBSVM's stopping rule. The cost model is a
/// fixed formula, not a clock, so the same problem takes the same path on every run; by the
/// ski-rental argument the switch costs at most about twice the better of the two methods.
/// </summary>
internal sealed partial class SmoSolver<T>
{
    /// <summary>
    /// Seconds per SMO element operation (the rows come from cache while the block fits the L2,
    /// from memory beyond) and per factorisation flop; measured on the 2-core Xeon.
    /// </summary>
    double SmoSecondsPerElement => (double)l * l * sizeof(double) <= 4e6 ? 1.5e-9 : 4e-9;

    const double FactorSecondsPerFlop = 1.0 / 7e9;

    /// <summary>Switch once SMO has spent this fraction of the interior-point estimate.</summary>
    const double SwitchFraction = 0.5;

    /// <summary>Typical interior-point iterations before the rounded point passes (Mehrotra predictor-corrector).</summary>
    const double InteriorPointIterations = 25;

    double smoWork;
    bool interiorPointTried, usedInteriorPoint;

    static double InteriorPointSeconds(int n) =>
        InteriorPointIterations * ((double)n * n * n / 3 * FactorSecondsPerFlop + 6.0 * n * n * 1e-9);

    bool InteriorPointPaysOff() =>
        !interiorPointTried && smoWork * SmoSecondsPerElement > SwitchFraction * InteriorPointSeconds(l);

    void SwitchToInteriorPoint()
    {
        interiorPointTried = true;
        double[]? solution = InteriorPointSolver.Solve(problem.SignedBlock(activeSet, c), yd, c, eps);
        if (solution is null) return;
        // SMO keeps yᵀα as it finds it: take the point only if the equality holds (else SMO goes on from where it was).
        double balance = 0;
        for (int k = 0; k < l; k++) balance += yd[k] * solution[k];
        if (Math.Abs(balance) > 1e-12 * c * l) return;
        usedInteriorPoint = true;

        solution.CopyTo(alpha, 0);
        Array.Fill(g, -1.0);
        Array.Clear(gBar);
        for (int k = 0; k < l; k++)
        {
            UpdateStatus(k);
            if (alpha[k] > 0) SmoKernels.AddScaled(g, q[k], alpha[k]);
            if (status[k] == UpperBound) SmoKernels.AddScaled(gBar, q[k], c);
        }
        activeSize = l;
        unshrink = false;
    }
}
