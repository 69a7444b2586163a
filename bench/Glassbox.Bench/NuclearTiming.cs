using Glassbox.Backend;
using Glassbox.MatrixCompletion;
using TorchSharp;

namespace Glassbox.Bench;

/// <summary>
/// `nuclear-time [n] [rank] [entries] [seed] [epsilon] [threads]`: the nuclear-norm solver on the
/// paper's synthetic problem (<see cref="LowRankProblem"/>; defaults 100, 5, 2000, 1, 1e-3, LibTorch's
/// default thread count): iterations and seconds to the default tolerances, and the reconstruction error.
/// </summary>
public static class NuclearTiming
{
    public static int Run(string[] args)
    {
        int n = Arg(args, 0, 100), rank = Arg(args, 1, 5), entries = Arg(args, 2, 2000), seed = Arg(args, 3, 1);
        double epsilon = args.Length > 4 ? double.Parse(args[4]) : 1e-3;
        TorchBackend.SetThreads(Arg(args, 5, 0));
        var problem = LowRankProblem.Generate(n, rank, entries, seed);
        int firstBelow = 0;
        var gapReached = new SynchronousProgress(p => { if (firstBelow == 0 && p.Gap <= 1e-4) firstBelow = p.Iteration; });
        var r = NuclearNormSolver.Solve(problem.Train, new NuclearNormOptions(Epsilon: epsilon), gapReached);
        Console.WriteLine(
            $"{problem.Name}, eps {epsilon}, threads {torch.get_num_threads()}: {r.Iterations} iterations " +
            $"(gap ≤ 1e-4 first at {firstBelow}), converged {r.Converged}, {r.Seconds:F2} s; ‖X‖_* {r.NuclearNorm:F6}, " +
            $"dual bound {r.DualBound:F6}, gap {r.RelativeGap:E2}, residual {r.PrimalResidual:E2}, violation {r.MaxViolation:E1}; " +
            $"reconstruction error {problem.ReconstructionError(r.X.Data):E4}");
        return 0;
    }

    static int Arg(string[] args, int i, int fallback) => args.Length > i ? int.Parse(args[i]) : fallback;

    sealed class SynchronousProgress(Action<(int Iteration, double Gap)> report) : IProgress<(int Iteration, double Gap)>
    {
        public void Report((int Iteration, double Gap) value) => report(value);
    }
}
