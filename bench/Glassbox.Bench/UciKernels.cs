using System.Diagnostics;
using Glassbox.Data;
using Glassbox.Experiments.Uci;
using Glassbox.Kernels;

namespace Glassbox.Bench;

/// <summary>
/// `uci-kernels UCI_FOLDER [names-file]`: wall time of the ReLU kernel family K[L][f], L &lt; 5, over
/// all rows of each UCI set: the kernel part of the protocol alone. Its NumPy counterpart is
/// bench/reference/uci_kernel_time.py; run both on the same machine, one after the other.
/// </summary>
public static class UciKernels
{
    public static int Run(string[] args)
    {
        string folder = args[0];
        string names = args.Length > 1 ? args[1] : Path.Combine(folder, UciCatalog.Ntk90FileName);
        double total = 0;
        foreach (string name in File.ReadAllText(names).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            UciDataset data = UciLoader.Load(folder, name);
            var clock = Stopwatch.StartNew();
            ReluNtkFamily.Compute(NtkMethod.MaxDepth, new Matrix(data.Rows, data.Features, data.X));
            double seconds = clock.Elapsed.TotalSeconds;
            total += seconds;
            Console.WriteLine($"{name}\t{data.Rows}\t{seconds:0.000}");
        }
        Console.WriteLine($"total\t\t{total:0.00}");
        return 0;
    }
}
