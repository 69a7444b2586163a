using Glassbox.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Kernels;

/// <summary>
/// The layer details the main kernel tests did not reach (Stryker survivors of docs/results/mutation.md): biases against a
/// scalar re-derivation, the exact angle of nearly parallel inputs, the erf derivative kernel by finite differences, the
/// finite modules' bias and fan-in scaling, argument checks and the tiling's progress.
/// </summary>
public sealed class LayerDetailsTests
{
    /// <summary>Dense(σ₁, β), then L × (ReLU, Dense(σ_h, β)), every layer trained: NTK and NNGP of one pair, in plain scalars.</summary>
    static (double Ntk, double Nngp) DirectWithBias(double[] x, double[] y, int depth, double firstStd, double hiddenStd, double biasStd)
    {
        double c = 0, a = 0, b = 0;
        for (int k = 0; k < x.Length; k++) { c += x[k] * y[k]; a += x[k] * x[k]; b += y[k] * y[k]; }
        double b2 = biasStd * biasStd;
        (c, a, b) = (firstStd * firstStd * c + b2, firstStd * firstStd * a + b2, firstStd * firstStd * b + b2);
        double ntk = c;
        for (int h = 1; h <= depth; h++)
        {
            double theta = Math.Acos(Math.Clamp(c / Math.Sqrt(a * b), -1, 1));
            double relu = Math.Sqrt(a * b) * (Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta)) / (2 * Math.PI);
            double step = (Math.PI - theta) / (2 * Math.PI);
            double w2 = hiddenStd * hiddenStd;
            (c, a, b) = (w2 * relu + b2, w2 * a / 2 + b2, w2 * b / 2 + b2);
            ntk = w2 * ntk * step + c;
        }
        return (ntk, c);
    }

    [Fact]
    public void Biased_layers_match_the_scalar_recursion()
    {
        double[,] x = DirectKernels.Random(5, 4, seed: 8);
        var arch = FullyConnected.Create(2, new Relu(), firstStd: 1.3, hiddenStd: 1.1, biasStd: 0.7);
        double[] ntk = TiledKernel.Compute(arch, KernelKind.Ntk, x), nngp = TiledKernel.Compute(arch, KernelKind.Nngp, x);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
            {
                var (expectedNtk, expectedNngp) = DirectWithBias(DirectKernels.Row(x, i), DirectKernels.Row(x, j), 2, 1.3, 1.1, 0.7);
                Assert.Equal(expectedNtk, ntk[i * 5 + j], 1e-12 * Math.Abs(expectedNtk));
                Assert.Equal(expectedNngp, nngp[i * 5 + j], 1e-12 * Math.Abs(expectedNngp));
            }
    }

    [Fact]
    public void Nearly_parallel_inputs_keep_their_angle_which_arccos_of_the_correlation_loses()
    {
        // θ = atan(1e-9): cos θ rounds to 1, so arccos(ρ) would give 0 and an error of θ/π ≈ 3e-10 in Σ̇.
        double theta = Math.Atan(1e-9);
        double[,] x = { { 1, 0 } }, y = { { 1, 1e-9 } };
        double norm = Math.Sqrt(1 + 1e-18);
        double ntk = TiledKernel.Compute(FullyConnected.Relu(1), KernelKind.Ntk, x, y)[0];
        // Paper scale, depth 1: Θ = Σ¹ + Σ⁰·Σ̇ with Σ⁰ = ‖x‖‖y‖cos θ, Σ¹ = ‖x‖‖y‖(sin θ + (π − θ)cos θ)/(2π), Σ̇ = (π − θ)/(2π).
        double sigma0 = norm * Math.Cos(theta), sigma1 = norm * (Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta)) / (2 * Math.PI);
        double expected = sigma1 + sigma0 * (Math.PI - theta) / (2 * Math.PI);
        Assert.Equal(expected, ntk, 1e-15);
    }

    [Fact]
    public void The_erf_derivative_kernel_is_the_derivative_of_the_erf_covariance()
    {
        // Price's theorem: E[f'(u) f'(v)] = ∂E[f(u) f(v)]/∂c. With the erf covariance (2/π)·asin(2c/√((1+2a)(1+2b))) written
        // out here, a central difference gives Σ̇, and depth 1 with weights of std 1 and no bias: Θ = Σ¹ + Σ⁰·Σ̇.
        double[,] x = { { 0.3, -0.8, 0.5 } }, y = { { 0.9, 0.1, -0.4 } };
        double a = 0.09 + 0.64 + 0.25, b = 0.81 + 0.01 + 0.16, c = 0.27 - 0.08 - 0.2;
        double Cov(double cc) => 2 / Math.PI * Math.Asin(2 * cc / Math.Sqrt((1 + 2 * a) * (1 + 2 * b)));
        const double h = 1e-5;
        double derivative = (Cov(c + h) - Cov(c - h)) / (2 * h);
        double ntk = TiledKernel.Compute(FullyConnected.Create(1, new Erf(), 1, 1, 0), KernelKind.Ntk, x, y)[0];
        Assert.Equal(Cov(c) + c * derivative, ntk, 1e-9);
    }

    [Fact]
    public void A_finite_dense_module_adds_its_bias_and_scales_hidden_inputs_by_fan_in_only()
    {
        using var scope = NewDisposeScope();
        // Dense reading raw inputs: y = σ_w·x Wᵀ + σ_b·b; after a non-Dense layer the input is still raw.
        var net = new Serial([new Relu(), new Dense(2.0, 0.5, Outputs: 3)]).BuildNet(inFeatures: 4, width: 3);
        Tensor[] p = net.parameters().ToArray();
        Tensor weight = p[0], bias = p[1];
        Tensor input = tensor(new double[] { 1, 2, 0, 3 }, [1, 4], ScalarType.Float64);
        Tensor expected = input.matmul(weight.T).mul(2.0).add(bias.mul(0.5));
        Assert.True(net.forward(input).allclose(expected, rtol: 0, atol: 1e-14));
        // A Dense after a Dense reads hidden units: scaled by 1/√fan_in.
        var deep = new Serial([new Dense(1.0), new Dense(1.0, Outputs: 2)]).BuildNet(inFeatures: 4, width: 5);
        Tensor[] q = deep.parameters().ToArray();
        Tensor hidden = input.matmul(q[0].T);
        Assert.True(deep.forward(input).allclose(hidden.matmul(q[2].T).div(Math.Sqrt(5)), rtol: 0, atol: 1e-13));
        // Trainable layers train; a frozen one (the NNGP's) does not.
        Assert.All(q, t => Assert.True(t.requires_grad));
        var frozen = new Serial([new Dense(1.0, Trainable: false), new Dense(1.0, Outputs: 2)]).BuildNet(inFeatures: 4, width: 5);
        Assert.Equal([false, false, true, true], frozen.parameters().Select(t => t.requires_grad));
    }

    [Fact]
    public void Arguments_are_checked_by_name()
    {
        Assert.Equal("depth", Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnected.Relu(-1)).ParamName);
        Assert.Contains("fix must be in [0, depth = 2]", Assert.Throws<ArgumentOutOfRangeException>(() => FullyConnected.Relu(2, fix: 3)).Message);
        Assert.Equal("maxDepth", Assert.Throws<ArgumentOutOfRangeException>(() => ReluNtkFamily.Compute(0, new Glassbox.Data.Matrix(1, 1, [1.0]))).ParamName);
        Assert.Single(ReluNtkFamily.Compute(1, new Glassbox.Data.Matrix(1, 1, [1.0]))[0]);
        Assert.Equal("tile", Assert.Throws<ArgumentOutOfRangeException>(() => TiledKernel.Compute(FullyConnected.Relu(1), KernelKind.Ntk, new double[2, 2], tile: 0)).ParamName);
        Assert.Contains("X1 has 3 columns but X2 has 4",
            Assert.Throws<ArgumentException>(() => TiledKernel.Compute(FullyConnected.Relu(1), KernelKind.Ntk, new double[2, 3], new double[2, 4])).Message);
        Assert.Contains("does not fit one array", Assert.Throws<ArgumentException>(() => new ArrayKernelSink(50_000, 50_000)).Message);
        using var scope = NewDisposeScope();
        string Refused(Tensor a, Tensor b) => Assert.Throws<ArgumentException>(() => KernelState.FromInputs(a, b)).Message;
        Assert.Contains("inputs must be matrices with the same number of columns, got [2,3] and [3]", Refused(zeros(2, 3), zeros(3)));
        Assert.Contains("got [3] and [2,3]", Refused(zeros(3), zeros(2, 3)));
        Assert.Contains("got [2,3] and [2,4]", Refused(zeros(2, 3), zeros(2, 4)));
    }

    [Fact]
    public void Progress_counts_tiles_up_to_exactly_one()
    {
        double[,] x = DirectKernels.Random(4, 2, seed: 1);
        var symmetric = new Collected<double>();
        TiledKernel.Compute(FullyConnected.Relu(1), KernelKind.Ntk, x, null, new ArrayKernelSink(4, 4), tile: 2, symmetric);
        Assert.Equal([1 / 3.0, 2 / 3.0, 1.0], symmetric.Items); // tiles (0,0), (0,2), (2,2); the mirror images come free
        var full = new Collected<double>();
        TiledKernel.Compute(FullyConnected.Relu(1), KernelKind.Ntk, x, x, new ArrayKernelSink(4, 4), tile: 2, full);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], full.Items);
    }
}
