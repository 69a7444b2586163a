using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

/// <summary>Issue 11, defect 4: a rounded interior point that cannot restore yᵀα = 0 is not handed to SMO.</summary>
public sealed class InteriorPointRoundingTests
{
    static readonly double[] Identity2 = [1, 0, 0, 1];

    [Fact]
    public void Rounding_without_room_to_restore_the_equality_gives_no_point()
    {
        // Both variables point at their upper bound (t = 1 − β small against s) and none is free: α = (C, C), yᵀα = 2C.
        double[] y = [1, 1], beta = [0.999, 0.999], z = [1e-4, 1e-4], s = [1, 1];
        Assert.Null(InteriorPointSolver.Round(Identity2, y, 1.0, beta, z, s, out _));
    }

    [Fact]
    public void Rounding_with_a_free_variable_restores_the_equality_exactly()
    {
        // Variable 0 at its upper bound, variable 1 (y = −1) free: it moves to balance yᵀα = 0.
        double[] y = [1, -1], beta = [0.999, 0.4], z = [1e-4, 0.1], s = [1, 0.1];
        double[]? alpha = InteriorPointSolver.Round(Identity2, y, 2.0, beta, z, s, out double violation);

        Assert.NotNull(alpha);
        Assert.Equal(0.0, y[0] * alpha![0] + y[1] * alpha[1]);
        Assert.Equal(2.0, alpha[0]);
        Assert.True(double.IsFinite(violation));
    }
}
