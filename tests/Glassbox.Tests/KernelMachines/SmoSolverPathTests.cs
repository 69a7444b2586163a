using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

/// <summary>
/// Issue 11, point 11 (the SMO part's survivors): the bias when no multiplier is free, the warm-start line search, warm starts
/// from an unsolved solver, at an equal C and at a smaller one, and the float32 solver refusing the interior-point switch —
/// each against values worked out by hand in the comments.
/// </summary>
public sealed class SmoSolverPathTests
{
    // Points 1, 3 (class +1) and −1, −2 (class −1) on a line, linear kernel K = x xᵀ.
    static BinaryProblem Line()
    {
        double[] x = [1, 3, -1, -2];
        var k = new double[16];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) k[i * 4 + j] = x[i] * x[j];
        return BinaryProblem.Build(new KernelMatrix(k, 4), [0, 1, 2, 3], [0, 1], [2, 3]);
    }

    [Fact]
    public void With_every_multiplier_at_C_the_bias_is_the_midpoint_of_the_bounds()
    {
        // C = 0.01: every α = C (Σyα = 0 holds). Qα_i = y_i x_i·C·Σ_j |x_j| = 7C y_i x_i, so y_i G_i = 7C x_i − y_i:
        // −0.93, −0.79 for class +1 (at C: lower bounds), 0.93, 0.86 for class −1 (at C: upper bounds).
        // ρ = (min upper + max lower)/2 = (0.86 − 0.79)/2 = 0.035.
        var solver = new SmoSolver<double>(Line(), 1e-6, shrinking: false, maxIterations: null, interiorPoint: false);
        BinarySolution s = solver.Solve(0.01, WarmStart.None);
        Assert.All(s.Alpha, a => Assert.Equal(0.01, a, 12));
        Assert.Equal(0.035, s.Rho, 12);
    }

    [Fact]
    public void The_line_search_scale_is_the_clamped_minimiser_along_the_ray()
    {
        // αᵀQα = Σ α(G + 1): here 0.5·(3 + 1) + 0.25·(1 + 1) = 2.5, eᵀα = 0.75, so s* = 0.3.
        double[] alpha = [0.5, 0.25, 0], g = [3, 1, -1];
        Assert.Equal(0.3, SmoSolver<double>.LineSearchScale(alpha, g, r: 10), 15);
        Assert.Equal(0.2, SmoSolver<double>.LineSearchScale(alpha, g, r: 0.2), 15);
        // Negative curvature cannot happen for a PSD kernel, but a zero one can (α = 0): then the whole way, r.
        Assert.Equal(4.0, SmoSolver<double>.LineSearchScale([0, 0, 0], g, r: 4), 15);
        Assert.Equal(4.0, SmoSolver<double>.LineSearchScale([1, 0, 0], [-2, 0, 0], r: 4), 15); // αᵀQα = 1·(−1) < 0
    }

    [Theory]
    [InlineData("Proportional")]
    [InlineData("Unscaled")]
    [InlineData("LineSearch")]
    public void A_warm_path_ends_where_a_cold_solve_does(string modeName)
    {
        var mode = Enum.Parse<WarmStart>(modeName);
        // From C = 0.01 (every α at C) to C = 100: the line search gives s = eᵀα/αᵀQα = 0.04/(49·10⁻⁴) ≈ 8.16 < r = 10⁴, so the
        // bounded multipliers must be scaled, not set to the new C.
        var cold = new SmoSolver<double>(Line(), 1e-9, shrinking: false, maxIterations: null, interiorPoint: false).Solve(100, WarmStart.None);
        var solver = new SmoSolver<double>(Line(), 1e-9, shrinking: false, maxIterations: null, interiorPoint: false);
        BinarySolution first = solver.Solve(0.01, mode); // nothing to start from yet: a cold start, whatever the mode
        Assert.All(first.Alpha, a => Assert.Equal(0.01, a, 12));
        BinarySolution warm = solver.Solve(100, mode);
        for (int i = 0; i < 4; i++) Assert.Equal(cold.Alpha[i], warm.Alpha[i], 7);
        Assert.Equal(cold.Rho, warm.Rho, 7);
        Assert.Equal(cold.Objective, warm.Objective, 9);
        BinarySolution again = solver.Solve(100, mode); // the same C again is allowed
        Assert.Equal(cold.Rho, again.Rho, 7);
        var e = Assert.Throws<InvalidOperationException>(() => solver.Solve(1, mode));
        Assert.Contains("A warm start needs C to grow; got 1 after 100", e.Message);
    }

    [Fact]
    public void The_float32_solver_refuses_the_interior_point_switch()
    {
        var e = Assert.Throws<ArgumentException>(() => new SmoSolver<float>(Line(), 1e-3, shrinking: true, maxIterations: null, interiorPoint: true));
        Assert.Contains("The interior-point switch needs float64 rows.", e.Message);
    }
}
