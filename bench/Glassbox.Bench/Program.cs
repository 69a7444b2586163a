using BenchmarkDotNet.Running;
using Glassbox.Bench;

// Micro-benchmarks: `dotnet run -c Release --project bench/Glassbox.Bench -- --filter '*'`.
// Side-by-side with scikit-learn: `... -- svm-compare DIR` (DIR written by bench/svm_vs_sklearn.py).
if (args.Length > 0 && args[0] == "svm-compare")
    return SvmCompare.Run(args[1..]);
if (args.Length > 0 && args[0] == "svm-protocol")
    return SvmProtocol.Run(args[1..]);
if (args.Length > 0 && args[0] == "chol-time")
    return CholeskyTiming.Run(args[1..]);
if (args.Length > 0 && args[0] == "svm-path")
    return SvmCompare.TimePath(args[1..]);
if (args.Length > 0 && args[0] == "svm-time")
    return SvmCompare.TimeOne(args[1..]);
if (args.Length > 0 && args[0] == "kernel-rate")
    return Glassbox.Bench.KernelRate.Run(args[1..]);
if (args.Length > 0 && args[0] == "uci-kernels")
    return Glassbox.Bench.UciKernels.Run(args[1..]);
if (args.Length > 0 && args[0] == "nuclear-time")
    return Glassbox.Bench.NuclearTiming.Run(args[1..]);
if (args.Length > 0 && args[0] == "completion-time")
    return Glassbox.Bench.CompletionTiming.Run(args[1..]);
if (args.Length > 0 && args[0] == "cntk-accuracy")
    return Glassbox.Bench.CntkAccuracy.Run(args[1..]);
if (args.Length > 0 && args[0] == "cntk-time")
    return Glassbox.Bench.CntkTiming.Run(args[1..]);
if (args.Length > 0 && args[0] == "train-throughput")
    return Glassbox.Bench.TrainThroughput.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
