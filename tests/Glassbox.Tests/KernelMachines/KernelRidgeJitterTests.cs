using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

/// <summary>Which jitter kernel ridge settles on, worked out by hand: the first of 0, 1e-12, 1e-10, … times the mean of the
/// training block's diagonal with which K + (λ + jitter)I factors and the solve stays finite.</summary>
public sealed class KernelRidgeJitterTests
{
    [Fact]
    public void A_rank_one_kernel_takes_the_first_jitter_scaled_by_its_mean_diagonal()
    {
        // K = v vᵀ with v = (1, 2, 3): Cholesky's second pivot is 4 − 2·2 = 0 exactly, so λ = 0 fails; the mean diagonal is
        // (1 + 4 + 9)/3 and its off-diagonal entries differ from it, so a wrong diagonal index gives another scale.
        double[] v = [1, 2, 3];
        var k = new KernelMatrix([.. from a in v from b in v select a * b], 3);
        KernelRidgeModel model = KernelRidge.Fit(k, [0, 1, 2], [0, 1, 0], 0);
        Assert.Equal(1e-12 * 14 / 3, model.Jitter, 1e-25);
        Assert.All(model.Coefficients, c => Assert.True(double.IsFinite(c)));
    }

    [Fact]
    public void A_solve_that_overflows_is_retried_with_the_next_jitter()
    {
        // diag(1e-320, 1): the factor exists (√1e-320 = 1e-160) but 1/1e-320 overflows to ∞ in one coefficient, not in the
        // other; the next jitter, 1e-12 × the mean diagonal 0.5, gives finite coefficients.
        var k = new KernelMatrix([1e-320, 0, 0, 1], 2);
        KernelRidgeModel model = KernelRidge.Fit(k, [0, 1], [0, 1], 0);
        Assert.Equal(0.5e-12, model.Jitter, 1e-25);
        Assert.All(model.Coefficients, c => Assert.True(double.IsFinite(c)));
    }
}
