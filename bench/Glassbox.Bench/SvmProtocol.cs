using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Glassbox.KernelMachines;

namespace Glassbox.Bench;

/// <summary>
/// `svm-protocol`: the paper's SVM model selection (Arora et al. 2020, UCI.py) with this library:
/// for each of the 15 fully connected NTKs (dep 0..4, fix_dep 0..dep) one C path over
/// {1e-2, ..., 1e4} on the training rows of conxuntos.dat, scored on its validation rows
/// (105 fits per set). Prints the time of the fits and, where bench/svm_protocol_sklearn.py left
/// its record, scikit-learn's time and accuracy for the same fits.
///
///     dotnet run -c Release --project bench/Glassbox.Bench -- svm-protocol [--solver Fast|Libsvm]
///         [--data-dir DIR] [--out DIR] [--max-c C] (all | NAME...)
/// </summary>
public static class SvmProtocol
{
    static readonly double[] Grid = { 1e-2, 1e-1, 1, 10, 100, 1e3, 1e4 };

    public static int Run(string[] args)
    {
        string dataDir = "../shared/data", outDir = "out/svm-protocol";
        var solver = SvmSolver.Fast;
        double maxC = 1e4;
        var names = new List<string>();
        for (int a = 0; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--data-dir": dataDir = args[++a]; break;
                case "--out": outDir = args[++a]; break;
                case "--solver": solver = Enum.Parse<SvmSolver>(args[++a]); break;
                case "--max-c": maxC = double.Parse(args[++a], CultureInfo.InvariantCulture); break;
                default: names.Add(args[a]); break;
            }
        }
        if (names is ["all"])
            names = File.ReadAllLines(Path.Combine(dataDir, "uci", "NTK90_datasets.txt")).Where(s => s.Length > 0).ToList();
        double[] cs = Grid.Where(c => c <= maxC).ToArray();
        Directory.CreateDirectory(outDir);

        double ours = 0, theirs = 0;
        int fits = 0, compared = 0, sameAccuracy = 0;
        double worstGap = 0;
        foreach (string name in names)
        {
            var (x, d, labels, train, validation) = LoadUci(dataDir, name);
            int n = labels.Length;
            int[] trainLabels = train.Select(i => labels[i]).ToArray();
            int[] validationLabels = validation.Select(i => labels[i]).ToArray();
            var reference = LoadReference(Path.Combine(outDir, $"{name}.sklearn.jsonl"));
            double seconds = 0, sklearnSeconds = 0;
            var records = new List<string>();
            for (int dep = 0; dep < 5; dep++)
                for (int fix = 0; fix <= dep; fix++)
                {
                    var kernel = new KernelMatrix(Ntk(x, n, d, dep, fix), n);
                    var sw = Stopwatch.StartNew();
                    IReadOnlyList<SvmModel> path = SvmClassifier.FitPath(kernel, train, trainLabels, cs, new SvmOptions(Solver: solver));
                    double pathSeconds = sw.Elapsed.TotalSeconds;
                    seconds += pathSeconds;
                    for (int t = 0; t < cs.Length; t++)
                    {
                        int[] predicted = path[t].Predict(kernel, validation);
                        double accuracy = predicted.Zip(validationLabels, (p, q) => p == q ? 1.0 : 0.0).Average();
                        fits++;
                        string key = $"{dep}/{fix}/{cs[t]:g}";
                        if (reference.TryGetValue(key, out var r))
                        {
                            compared++;
                            sklearnSeconds += r.Seconds;
                            if (accuracy == r.Accuracy) sameAccuracy++;
                            worstGap = Math.Max(worstGap, Math.Abs(accuracy - r.Accuracy));
                        }
                        records.Add(JsonSerializer.Serialize(new
                        {
                            dataset = name, dep, fix, C = cs[t], path_seconds = pathSeconds, iterations = path[t].Iterations,
                            n_sv = path[t].Support.Count, accuracy, solver = solver.ToString(),
                        }));
                    }
                }
            File.WriteAllLines(Path.Combine(outDir, $"{name}.glassbox.jsonl"), records);
            ours += seconds;
            theirs += sklearnSeconds;
            Console.WriteLine($"{name,-40} n={n,5} classes={labels.Distinct().Count(),3}: {seconds,8:f2} s" +
                (sklearnSeconds > 0 ? $"   sklearn {sklearnSeconds,8:f1} s ({sklearnSeconds / seconds:f1}x)" : ""));
        }
        Console.WriteLine($"total: {fits} fits in {ours:f1} s");
        if (compared > 0)
            Console.WriteLine($"against sklearn on {compared} fits: {theirs:f1} s there; same validation accuracy in {sameAccuracy}, largest gap {worstGap:f4}");
        return 0;
    }

    /// <summary>NTK.py's kernel_value(X, dep + 1, fix) in float64.</summary>
    static double[] Ntk(double[] x, int n, int d, int dep, int fix)
    {
        var s = new double[n * n];
        Parallel.For(0, n, i =>
        {
            for (int j = 0; j < n; j++)
            {
                double v = 0;
                for (int f = 0; f < d; f++) v += x[i * d + f] * x[j * d + f];
                s[i * n + j] = v;
            }
        });
        var diag = new double[n];
        var h = new double[n * n];
        for (int layer = 0; layer <= dep; layer++)
        {
            if (fix <= layer)
                for (int k = 0; k < h.Length; k++) h[k] += s[k];
            if (layer == dep) break;
            for (int i = 0; i < n; i++) diag[i] = s[i * n + i];
            Parallel.For(0, n, i =>
            {
                for (int j = 0; j < n; j++)
                {
                    int k = i * n + j;
                    double p = Math.Max(Math.Sqrt(diag[i] * diag[j]), 1e-9);
                    double sn = Math.Clamp(s[k] / p, -1, 1);
                    double angle = Math.Acos(sn);
                    s[k] = (sn * (Math.PI - angle) + Math.Sqrt(1 - sn * sn)) * p / 2.0 / Math.PI;
                    h[k] = h[k] * (Math.PI - angle) / 2.0 / Math.PI;
                }
            });
        }
        // Exactly symmetric (the products above are symmetric up to rounding of the dot products).
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) h[j * n + i] = h[i * n + j];
        return h;
    }

    static (double[] X, int D, int[] Labels, int[] Train, int[] Validation) LoadUci(string dataDir, string name)
    {
        string root = Path.Combine(dataDir, "uci", name);
        string[] lines = File.ReadAllLines(Path.Combine(root, $"{name}_R.dat")).Skip(1).Where(l => l.Trim().Length > 0).ToArray();
        int d = lines[0].Split('\t').Length - 2;
        var x = new double[lines.Length * d];
        var labels = new int[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            string[] parts = lines[i].Split('\t');
            for (int f = 0; f < d; f++) x[i * d + f] = double.Parse(parts[f + 1], CultureInfo.InvariantCulture);
            labels[i] = int.Parse(parts[^1], CultureInfo.InvariantCulture);
        }
        string[] folds = File.ReadAllLines(Path.Combine(root, "conxuntos.dat"));
        int[] Parse(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        return (x, d, labels, Parse(folds[0]), Parse(folds[1]));
    }

    static Dictionary<string, (double Seconds, double Accuracy)> LoadReference(string path)
    {
        var result = new Dictionary<string, (double, double)>();
        if (!File.Exists(path)) return result;
        foreach (string line in File.ReadLines(path))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            string key = $"{r.GetProperty("dep").GetInt32()}/{r.GetProperty("fix").GetInt32()}/{r.GetProperty("C").GetDouble():g}";
            result[key] = (r.GetProperty("seconds").GetDouble(), r.GetProperty("accuracy").GetDouble());
        }
        return result;
    }
}
