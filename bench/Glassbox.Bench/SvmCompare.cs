using System.Diagnostics;
using System.Text.Json;
using Glassbox.KernelMachines;

namespace Glassbox.Bench;

/// <summary>
/// Fits the problems written by bench/svm_vs_sklearn.py and prints how Glassbox's C-SVM agrees
/// with scikit-learn's (cold fits: iterations, support, dual coefficients, intercepts, decision
/// values, predictions) and what warm-started C paths cost and change.
/// </summary>
public static class SvmCompare
{
    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: svm-compare DIR [--repeat N]");
            return 2;
        }
        string dir = args[0];
        int repeat = args.Length >= 3 && args[1] == "--repeat" ? int.Parse(args[2]) : 1;
        var reference = new SklearnReference(dir);
        Console.WriteLine($"{reference.Dataset} ({reference.KernelName}), n = {reference.N}, train {reference.Train.Length}, test {reference.Test.Length}, sklearn {reference.SklearnVersion}");

        double[] cs = reference.Results.Select(r => r.C).ToArray();
        var (cold, coldSeconds) = Time(repeat, () => SvmClassifier.FitPath(reference.Kernel, reference.Train, reference.TrainLabels, cs, new SvmOptions(), WarmStart.None));
        Console.WriteLine($"{"C",8} {"iter ours",10} {"iter skl",10} {"same iter",9} {"nSV",5} {"supp=",5} {"max|Δcoef|",11} {"max|Δb|",10} {"max|Δdec|",10} {"pred agree",10} {"acc ours",8} {"acc skl",8}");
        for (int t = 0; t < cs.Length; t++)
        {
            var r = reference.Results[t];
            SvmModel m = cold[t];
            long[] ours = m.Machines.Select(x => x.Iterations).ToArray();
            int samePairs = ours.Zip(r.NIter, (a, b) => a == b ? 1 : 0).Sum();
            bool sameSupport = m.Support.SequenceEqual(r.Support);
            double coefDiff = sameSupport ? MaxDiff(m.DualCoefficients(), r.DualCoef) : double.NaN;
            double bDiff = m.Intercepts.Zip(r.Intercept, (a, b) => Math.Abs(a - b)).Max();
            double[,] dec = m.DecisionFunction(reference.Kernel, reference.Test);
            double decDiff = 0;
            for (int i = 0; i < reference.Test.Length; i++)
                for (int p = 0; p < dec.GetLength(1); p++) decDiff = Math.Max(decDiff, Math.Abs(dec[i, p] - r.Decision[i][p]));
            int[] pred = m.Vote(dec);
            double agree = pred.Zip(r.Predict, (a, b) => a == b ? 1.0 : 0.0).Average();
            double acc = Accuracy(pred, reference.TestLabels);
            Console.WriteLine($"{cs[t],8:g3} {ours.Sum(),10} {r.NIter.Sum(),10} {samePairs,4}/{ours.Length,-4} {m.Support.Count,5} {(sameSupport ? "yes" : "NO"),5} {coefDiff,11:e2} {bDiff,10:e2} {decDiff,10:e2} {agree,10:f4} {acc,8:f4} {r.Accuracy,8:f4}");
        }
        double sklearnSeconds = reference.Results.Sum(r => r.FitSeconds);
        Console.WriteLine($"cold path: ours {coldSeconds:f3} s, sklearn {sklearnSeconds:f3} s (sum of its fits), ratio {sklearnSeconds / coldSeconds:f1}x");

        foreach (var (solver, mode) in new[] { (SvmSolver.Libsvm, WarmStart.Proportional), (SvmSolver.Fast, WarmStart.None), (SvmSolver.Fast, WarmStart.Proportional), (SvmSolver.Fast, WarmStart.Unscaled), (SvmSolver.Fast, WarmStart.LineSearch) })
        {
            var options = new SvmOptions(Solver: solver);
            var (warm, warmSeconds) = Time(repeat, () => SvmClassifier.FitPath(reference.Kernel, reference.Train, reference.TrainLabels, cs, options, mode));
            Console.Write($"{solver,-6} {mode,-12}: {warmSeconds,7:f3} s, ratio {sklearnSeconds / warmSeconds,6:f1}x; iterations/pred differing from cold per C:");
            for (int t = 0; t < cs.Length; t++)
            {
                int[] pw = warm[t].Predict(reference.Kernel, reference.Test);
                int[] pc = cold[t].Predict(reference.Kernel, reference.Test);
                int differ = pw.Zip(pc, (a, b) => a != b ? 1 : 0).Sum();
                Console.Write($" {warm[t].Iterations}/{differ}");
            }
            Console.WriteLine();
        }
        return 0;
    }

    /// <summary>svm-time DIR C [threads] [repeat]: times cold fits at one C on a reference problem.</summary>
    public static int TimeOne(string[] args)
    {
        if (Environment.GetEnvironmentVariable("TORCH_THREADS") is string tt) Glassbox.Backend.TorchBackend.SetThreads(int.Parse(tt));
        var reference = new SklearnReference(args[0]);
        double c = double.Parse(args[1]);
        if (Environment.GetEnvironmentVariable("PAIR") is string pair)
        {
            int[] keep = pair.Split(',').Select(int.Parse).ToArray();
            reference.Restrict(keep);
        }
        int threads = args.Length > 2 ? int.Parse(args[2]) : 0;
        int repeat = args.Length > 3 ? int.Parse(args[3]) : 3;
        var options = new SvmOptions(C: c, MaxDegreeOfParallelism: threads, Shrinking: Environment.GetEnvironmentVariable("NOSHRINK") == null,
            Solver: Environment.GetEnvironmentVariable("SOLVER") == "Fast" ? SvmSolver.Fast : SvmSolver.Libsvm);
        for (int i = 0; i < repeat; i++)
        {
            var sw = Stopwatch.StartNew();
            SvmModel m = SvmClassifier.Fit(reference.Kernel, reference.Train, reference.TrainLabels, options);
            Console.WriteLine($"C={c:g}: {sw.Elapsed.TotalSeconds:f3} s, {m.Iterations} iterations, nSV {m.Support.Count}");
            if (Environment.GetEnvironmentVariable("PAIRS") != null)
                foreach (BinaryMachine b in m.Machines)
                    Console.WriteLine($"  {b.ClassA} vs {b.ClassB}: iterations {b.Iterations}, nSV {b.SupportPositions.Count}, bounded {b.BoundedCount}, free {b.SupportPositions.Count - b.BoundedCount}");
        }
        return 0;
    }

    /// <summary>svm-path DIR c1,c2,... MODE [threads]: times one warm-started path and prints iterations per C.</summary>
    public static int TimePath(string[] args)
    {
        var reference = new SklearnReference(args[0]);
        double[] cs = args[1].Split(',').Select(double.Parse).ToArray();
        var mode = Enum.Parse<WarmStart>(args[2]);
        int threads = args.Length > 3 ? int.Parse(args[3]) : 0;
        var options = new SvmOptions(MaxDegreeOfParallelism: threads,
            Solver: Environment.GetEnvironmentVariable("SOLVER") == "Fast" ? SvmSolver.Fast : SvmSolver.Libsvm);
        var sw = Stopwatch.StartNew();
        IReadOnlyList<SvmModel> path = SvmClassifier.FitPath(reference.Kernel, reference.Train, reference.TrainLabels, cs, options, mode);
        double seconds = sw.Elapsed.TotalSeconds;
        int[] testLabels = reference.TestLabels;
        foreach (SvmModel m in path)
        {
            double acc = Accuracy(m.Predict(reference.Kernel, reference.Test), testLabels);
            Console.WriteLine($"C={m.C:g}: {m.Iterations} iterations, nSV {m.Support.Count}, test accuracy {acc:f4}");
            if (Environment.GetEnvironmentVariable("PAIRS") != null)
                foreach (BinaryMachine b in m.Machines)
                    Console.WriteLine($"  {b.ClassA} vs {b.ClassB}: iterations {b.Iterations}, nSV {b.SupportPositions.Count}, bounded {b.BoundedCount}");
        }
        Console.WriteLine($"{mode}: {seconds:f3} s");
        return 0;
    }

    static (T Value, double Seconds) Time<T>(int repeat, Func<T> f)
    {
        T value = f();
        double best = double.PositiveInfinity;
        for (int i = 0; i < repeat; i++)
        {
            var sw = Stopwatch.StartNew();
            value = f();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return (value, best);
    }

    static double MaxDiff(double[][] a, double[][] b)
    {
        double worst = 0;
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < a[i].Length; j++) worst = Math.Max(worst, Math.Abs(a[i][j] - b[i][j]));
        return worst;
    }

    static double Accuracy(int[] predicted, int[] truth) => predicted.Zip(truth, (a, b) => a == b ? 1.0 : 0.0).Average();
}

/// <summary>The files bench/svm_vs_sklearn.py writes.</summary>
public sealed class SklearnReference
{
    public SklearnReference(string dir)
    {
        Kernel = ReadKernel(Path.Combine(dir, "kernel.f64"));
        N = Kernel.Size;
        Labels = ReadArray<int>(Path.Combine(dir, "labels.i32"));
        Train = ReadArray<int>(Path.Combine(dir, "train.i32"));
        Test = ReadArray<int>(Path.Combine(dir, "test.i32"));
        string json = Path.Combine(dir, "sklearn.json");
        if (!File.Exists(json))
        {
            // Only the problem (the script is still fitting): enough for timing our side.
            Dataset = Path.GetFileName(dir);
            KernelName = SklearnVersion = "?";
            Results = [];
            return;
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement root = doc.RootElement;
        Dataset = root.GetProperty("dataset").GetString()!;
        KernelName = root.GetProperty("kernel").GetString()!;
        SklearnVersion = root.GetProperty("sklearn").GetString()!;
        Results = root.GetProperty("results").EnumerateArray().Select(r => new Result(
            r.GetProperty("C").GetDouble(),
            r.GetProperty("fit_seconds").GetDouble(),
            r.GetProperty("n_iter").EnumerateArray().Select(v => v.GetInt64()).ToArray(),
            r.GetProperty("support").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
            r.GetProperty("dual_coef").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray(),
            r.GetProperty("intercept").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            r.GetProperty("decision").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray(),
            r.GetProperty("predict").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
            r.GetProperty("accuracy").GetDouble())).ToList();
    }

    static KernelMatrix ReadKernel(string path)
    {
        double[] values = ReadArray<double>(path);
        int n = (int)Math.Round(Math.Sqrt(values.Length));
        return new KernelMatrix(values, n);
    }

    public string Dataset { get; }
    public string KernelName { get; }
    public int N { get; }
    public string SklearnVersion { get; }
    public KernelMatrix Kernel { get; }
    public int[] Labels { get; }
    public int[] Train { get; private set; }
    public int[] Test { get; private set; }
    /// <summary>Keeps only training and test rows whose label is in <paramref name="labels"/>.</summary>
    public void Restrict(int[] labels)
    {
        Train = Train.Where(i => labels.Contains(Labels[i])).ToArray();
        Test = Test.Where(i => labels.Contains(Labels[i])).ToArray();
    }

    public int[] TrainLabels => Train.Select(i => Labels[i]).ToArray();
    public int[] TestLabels => Test.Select(i => Labels[i]).ToArray();
    public IReadOnlyList<Result> Results { get; }

    static T[] ReadArray<T>(string path) where T : unmanaged
    {
        byte[] bytes = File.ReadAllBytes(path);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    public sealed record Result(double C, double FitSeconds, long[] NIter, int[] Support, double[][] DualCoef,
        double[] Intercept, double[][] Decision, int[] Predict, double Accuracy);
}
