using Glassbox.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Kernels;

/// <summary>The Jacobian contraction against a closed form: for f(x) = w·x + b the gradient is (x, 1), so Θ(x, x′) = x·x′ + 1,
/// whatever the weights — in one block of gradients, or block pair by block pair when the memory budget holds fewer.</summary>
public sealed class EmpiricalNtkTests
{
    [Theory]
    [InlineData(1L << 30)] // all five gradients in one block
    [InlineData(2 * 2 * 4 * sizeof(double))] // two per block (two blocks live at once): blocks of 2, 2, 1
    [InlineData(1)] // one per block
    public void The_gram_matrix_of_an_affine_map_is_x_dot_x_plus_one_in_any_blocking(long budget)
    {
        double[,] x = { { 1, 2, 3 }, { -1, 0.5, 2 }, { 0, 0, 0 }, { 4, -2, 1 }, { 0.25, 0.5, -0.75 } };
        using var net = nn.Linear(3, 1, dtype: ScalarType.Float64);
        EmpiricalNtk.StandardNormalInit(net, 5);
        double[] gram = EmpiricalNtk.Gram(net, tensor(x), budget);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                double expected = 1 + x[i, 0] * x[j, 0] + x[i, 1] * x[j, 1] + x[i, 2] * x[j, 2];
                Assert.Equal(expected, gram[i * 5 + j], 1e-13);
            }
    }
}
