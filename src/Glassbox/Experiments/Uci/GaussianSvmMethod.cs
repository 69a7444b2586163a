using Glassbox.Data;
using Glassbox.KernelMachines;

namespace Glassbox.Experiments.Uci;

/// <summary>
/// Gaussian-kernel C-SVM baseline, K(x,x') = exp(−γ‖x−x'‖²). The features are standardised, so
/// ‖x−x'‖² is about 2d and γ is gridded relative to 1/d: γ = g/d, g ∈ {0.01, 0.1, 1, 10}, with
/// the NTK's C grid {10⁻²..10⁴}: 28 configurations, looped γ then C.
/// </summary>
public sealed class GaussianSvmMethod(SvmSolver solver = SvmSolver.Fast) : IUciMethod
{
    public static readonly IReadOnlyList<double> GammaTimesFeatures = new[] { 0.01, 0.1, 1, 10 };

    public SvmSolver Solver { get; } = solver;

    public int GridSize => 4 * KernelSvm.CGrid.Count;

    public string? Settings => Solver == SvmSolver.Fast ? null : $"solver={Solver.ToString().ToLowerInvariant()}";

    public string Name => "rbf";

    public IPreparedUciMethod Prepare(UciDataset data) => new Prepared(this, data);

    sealed class Prepared(GaussianSvmMethod method, UciDataset data) : IPreparedUciMethod
    {
        readonly Dictionary<double, KernelMatrix> _kernels = new();

        KernelMatrix Kernel(double gamma)
        {
            if (!_kernels.TryGetValue(gamma, out KernelMatrix? kernel))
                _kernels[gamma] = kernel = GaussianKernel.Compute(data.X, data.Features, gamma);
            return kernel;
        }

        public IEnumerable<(UciConfig Config, double Accuracy)> Sweep(int[] train, int[] test)
        {
            foreach (double g in GammaTimesFeatures)
            {
                double gamma = g / data.Features;
                foreach (var (c, accuracy) in KernelSvm.Path(Kernel(gamma), data.Y, train, test, KernelSvm.CGrid, method.Solver))
                    yield return (new UciConfig(C: c, Gamma: gamma), accuracy);
            }
        }

        public double Accuracy(UciConfig config, int[] train, int[] test) =>
            KernelSvm.Accuracy(Kernel(config.Gamma!.Value), data.Y, train, test, config.C!.Value, method.Solver);

        public void Dispose() => _kernels.Clear();
    }
}
