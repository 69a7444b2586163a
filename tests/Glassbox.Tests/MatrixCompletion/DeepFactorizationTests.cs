using Glassbox.MatrixCompletion;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.MatrixCompletion;

public class DeepFactorizationTests
{
    static Observations RandomObservations(int m, int n, int k, int seed)
    {
        var random = new Random(seed);
        var positions = Enumerable.Range(0, m * n).OrderBy(_ => random.Next()).Take(k).ToArray();
        return new Observations(m, n, positions.Select(p => p / n).ToArray(), positions.Select(p => p % n).ToArray(),
            positions.Select(_ => random.NextDouble() * 2 - 1).ToArray());
    }

    // Loss written directly from the definition: multiply the factors entry by entry, average the squared misfit.
    static double DirectLoss(Observations o, double[][,] factors)
    {
        double[,] w = factors[0];
        for (int j = 1; j < factors.Length; j++)
        {
            double[,] f = factors[j];
            var next = new double[f.GetLength(0), w.GetLength(1)];
            for (int a = 0; a < f.GetLength(0); a++)
                for (int b = 0; b < w.GetLength(1); b++)
                    for (int c = 0; c < f.GetLength(1); c++)
                        next[a, b] += f[a, c] * w[c, b];
            w = next;
        }
        double sum = 0;
        for (int k = 0; k < o.Count; k++) sum += Math.Pow(w[o.Row[k], o.Col[k]] - o.Value[k], 2);
        return sum / o.Count;
    }

    static double[,] ToArray(Tensor t)
    {
        var data = t.contiguous().data<double>().ToArray();
        int rows = (int)t.shape[0], cols = (int)t.shape[1];
        var a = new double[rows, cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) a[i, j] = data[i * cols + j];
        return a;
    }

    [Theory]
    [InlineData(1, 6, 6)]
    [InlineData(2, 6, 6)]
    [InlineData(3, 5, 7)]
    [InlineData(4, 6, 6)]
    [InlineData(5, 4, 6)]
    public void Gradients_equal_central_finite_differences(int depth, int m, int n)
    {
        var observed = RandomObservations(m, n, 15, seed: depth);
        using var model = DeepFactorization.Initialize(observed, depth, FactorInit.Gaussian, scale: 1.0, seed: 7);
        double loss = model.ComputeGradients();
        var gradients = model.Gradients;
        double[][,] factors = model.Factors.Select(ToArray).ToArray();
        Assert.Equal(DirectLoss(observed, factors), loss, 12);

        const double h = 1e-6;
        var random = new Random(3);
        for (int j = 0; j < depth; j++)
        {
            double[,] g = ToArray(gradients[j]);
            double scale = g.Cast<double>().Max(Math.Abs);
            for (int trial = 0; trial < 6; trial++)
            {
                int a = random.Next(factors[j].GetLength(0)), b = random.Next(factors[j].GetLength(1));
                double saved = factors[j][a, b];
                factors[j][a, b] = saved + h;
                double plus = DirectLoss(observed, factors);
                factors[j][a, b] = saved - h;
                double minus = DirectLoss(observed, factors);
                factors[j][a, b] = saved;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - g[a, b]) <= 1e-7 * Math.Max(scale, 1e-3),
                    $"depth {depth}, factor {j + 1} [{a},{b}]: analytic {g[a, b]:E6}, finite difference {numeric:E6}");
            }
        }
    }

    [Fact]
    public void Gradients_equal_autograd_on_a_rectangular_problem()
    {
        var observed = RandomObservations(7, 9, 30, seed: 11);
        using var model = DeepFactorization.Initialize(observed, 3, FactorInit.Gaussian, scale: 0.5, seed: 5);
        double loss = model.ComputeGradients();
        var gradients = model.Gradients;

        using var scope = NewDisposeScope();
        var leaves = model.Factors.Select(f => f.detach().clone().requires_grad_(true)).ToArray();
        Tensor w = leaves[0];
        for (int j = 1; j < leaves.Length; j++) w = leaves[j].mm(w);
        var flat = tensor(observed.Row.Zip(observed.Col, (r, c) => (long)r * observed.Cols + c).ToArray());
        Tensor autogradLoss = w.flatten().index_select(0, flat).sub(tensor(observed.Value, float64)).square().mean();
        autogradLoss.backward();

        Assert.Equal(autogradLoss.item<double>(), loss, 13);
        for (int j = 0; j < leaves.Length; j++)
        {
            double difference = (leaves[j].grad! - gradients[j]).abs().max().item<double>();
            Assert.True(difference < 1e-14, $"factor {j + 1}: max |analytic − autograd| = {difference:E3}");
        }
    }

    [Fact]
    public void Initialisations_have_the_stated_scale()
    {
        var observed = RandomObservations(100, 100, 50, seed: 1);
        using var gaussian = DeepFactorization.Initialize(observed, 3, FactorInit.Gaussian, scale: 1e-3, seed: 2);
        using var w = gaussian.Product();
        double ratio = w.norm().item<double>() / (1e-3 * Math.Sqrt(100));
        Assert.InRange(ratio, 0.8, 1.2); // the authors' own check on ‖W(0)‖_F

        using var balanced = DeepFactorization.Initialize(observed, 3, FactorInit.Balanced, scale: 1e-3, seed: 2);
        using var b = balanced.Product();
        using var expected = eye(100, dtype: float64).mul(1e-3);
        Assert.True(b.allclose(expected, rtol: 1e-12, atol: 0));
    }

    [Fact]
    public void A_factor_of_the_wrong_shape_is_refused()
    {
        var observed = RandomObservations(4, 5, 6, seed: 1);
        var error = Assert.Throws<ArgumentException>(() =>
            new DeepFactorization(observed, [zeros(5, 5, dtype: float64), zeros(5, 5, dtype: float64)]));
        Assert.Contains("4x5", error.Message);
    }
}
