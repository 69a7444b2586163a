using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

public sealed class GaussianKernelTests
{
    static double[] RandomMatrix(int rows, int d, int seed, double scale = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * d).Select(_ => scale * SvmTestProblems.Normal(random)).ToArray();
    }

    static double Direct(double[] x1, int i, double[] x2, int j, int d, double gamma)
    {
        double s = 0;
        for (int f = 0; f < d; f++)
        {
            double diff = x1[i * d + f] - x2[j * d + f];
            s += diff * diff;
        }
        return Math.Exp(-gamma * s);
    }

    [Fact]
    public void Cross_kernel_equals_the_direct_formula()
    {
        const int d = 7;
        double[] x1 = RandomMatrix(23, d, seed: 1), x2 = RandomMatrix(17, d, seed: 2);
        double[] k = GaussianKernel.Compute(x1, x2, d, gamma: 0.3);
        Assert.Equal(23 * 17, k.Length);
        for (int i = 0; i < 23; i++)
            for (int j = 0; j < 17; j++)
                Assert.Equal(Direct(x1, i, x2, j, d, 0.3), k[i * 17 + j], 1e-12);
    }

    [Fact]
    public void Square_kernel_is_symmetric_with_a_unit_diagonal_and_equals_the_direct_formula()
    {
        const int d = 5;
        // Large offsets make ‖x‖² + ‖x′‖² − 2x·x′ cancel badly: the clamp keeps every value ≤ 1.
        double[] x = RandomMatrix(30, d, seed: 3).Select(v => v + 1e4).ToArray();
        for (int f = 0; f < d; f++) x[29 * d + f] = x[28 * d + f]; // a duplicate row
        KernelMatrix k = GaussianKernel.Compute(x, d, gamma: 0.01);
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(1.0, k[i, i]);
            for (int j = 0; j < 30; j++)
            {
                Assert.Equal(k[i, j], k[j, i]);
                Assert.InRange(k[i, j], 0, 1);
                Assert.Equal(Direct(x, i, x, j, d, 0.01), k[i, j], 1e-6);
            }
        }
        Assert.Equal(1.0, k[28, 29]);
    }

    [Fact]
    public void Bad_shapes_and_gamma_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => GaussianKernel.Compute(new double[7], 3, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianKernel.Compute(new double[6], 3, 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianKernel.Compute(new double[6], 0, 1.0));
        Assert.Throws<ArgumentException>(() => GaussianKernel.Compute(new[] { 1.0, double.NaN }, 2, 1.0));
    }
}
