using Glassbox.Data;
using Glassbox.KernelMachines;
using Glassbox.Kernels;

namespace Glassbox.Experiments.Uci;

/// <summary>
/// The NTK of the UCI paper with a C-SVM: kernels K[L][f] of L ∈ {0..4} hidden ReLU layers with the
/// first f ∈ {0..L} layers fixed, C ∈ {10⁻²..10⁴}: 105 configurations, looped L, f, C. With
/// <paramref name="nngpOnly"/> only f = L (the NNGP: 35 configurations). Kernels are computed once
/// over all rows; each (L, f) fits its C path with <paramref name="solver"/>: LIBSVM's exact SMO,
/// or the fast solver (warm-started path, same stopping rule).
/// </summary>
public sealed class NtkMethod(bool nngpOnly = false, SvmSolver solver = SvmSolver.Fast) : IUciMethod
{
    public const int MaxDepth = 5;

    public bool NngpOnly { get; } = nngpOnly;
    public SvmSolver Solver { get; } = solver;

    public int GridSize => NngpOnly ? MaxDepth * KernelSvm.CGrid.Count : MaxDepth * (MaxDepth + 1) / 2 * KernelSvm.CGrid.Count;

    public string? Settings => Solver == SvmSolver.Fast ? null : $"solver={Solver.ToString().ToLowerInvariant()}";

    public string Name => NngpOnly ? "nngp" : "ntk";

    public IPreparedUciMethod Prepare(UciDataset data)
    {
        double[][] kernels = ReluNtkFamily.Compute(MaxDepth, new Matrix(data.Rows, data.Features, data.X));
        return new Prepared(this, data, kernels.Select(k => new KernelMatrix(k, data.Rows)).ToArray());
    }

    sealed class Prepared(NtkMethod method, UciDataset data, KernelMatrix[] kernels) : IPreparedUciMethod
    {
        public IEnumerable<(UciConfig Config, double Accuracy)> Sweep(int[] train, int[] test)
        {
            for (int depth = 0; depth < MaxDepth; depth++)
                for (int fix = method.NngpOnly ? depth : 0; fix <= depth; fix++)
                {
                    KernelMatrix kernel = kernels[ReluNtkFamily.Index(depth, fix)];
                    foreach (var (c, accuracy) in KernelSvm.Path(kernel, data.Y, train, test, KernelSvm.CGrid, method.Solver))
                        yield return (new UciConfig(Depth: depth, Fix: fix, C: c), accuracy);
                }
        }

        public double Accuracy(UciConfig config, int[] train, int[] test) =>
            KernelSvm.Accuracy(kernels[ReluNtkFamily.Index(config.Depth!.Value, config.Fix!.Value)], data.Y, train, test, config.C!.Value, method.Solver);

        public void Dispose() { }
    }
}
