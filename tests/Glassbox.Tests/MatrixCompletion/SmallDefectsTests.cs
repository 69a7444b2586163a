using Glassbox.MatrixCompletion;
using static TorchSharp.torch;

namespace Glassbox.Tests.MatrixCompletion;

/// <summary>Issue 11, point 6: the law on an empty Ω, n² past int, and the balanced start of rectangular matrices.</summary>
public sealed class SmallDefectsTests
{
    [Theory]
    [InlineData(3, 5, 3)]
    [InlineData(5, 3, 3)]
    [InlineData(4, 4, 2)]
    [InlineData(2, 6, 4)]
    public void The_balanced_start_is_balanced_for_every_shape(int m, int n, int depth)
    {
        var observed = new Observations(m, n, [0, 1], [0, 1], [1.0, -1.0]);
        using var model = DeepFactorization.Initialize(observed, depth, FactorInit.Balanced, scale: 0.3, seed: 1);
        var w = model.Factors;

        for (int j = 0; j + 1 < depth; j++)
        {
            // W_{j+1}ᵀ W_{j+1} = W_j W_jᵀ, the condition of the paper's theorem, computed directly.
            using Tensor left = w[j + 1].t().matmul(w[j + 1]), right = w[j].matmul(w[j].t());
            Assert.True(left.allclose(right, rtol: 0, atol: 1e-15), $"factors {j + 1} and {j + 2} of {m}×{n} are not balanced");
        }
        // The product is still s·I (m×n): the start the dynamics experiment describes.
        using Tensor product = model.Product();
        using Tensor expected = eye(m, n, dtype: float64).mul(0.3);
        Assert.True(product.allclose(expected, rtol: 1e-12, atol: 0));
    }

    [Fact]
    public void The_law_on_no_observed_entries_is_an_error_not_NaN()
    {
        var none = new Observations(3, 3, [], [], []);
        using var model = DeepFactorization.Initialize(none, 2, FactorInit.Balanced, scale: 0.1, seed: 1);

        var e = Assert.Throws<ArgumentException>(() => SingularValueLaw.Evaluate(model, 2));
        Assert.Contains("at least one observed entry", e.Message);
    }

    [Fact]
    public void The_entry_count_check_computes_n_squared_in_64_bits()
    {
        // 46,341² = 2,147,488,281 > int.MaxValue: in 32 bits it wraps negative and every k looked too many.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LowRankProblem.Generate(46_341, 1, 0, 1));
        Assert.Contains("2147488281", e.Message);
    }
}
