using BenchmarkDotNet.Running;

// Micro-benchmarks: `dotnet run -c Release --project bench/Glassbox.Bench -- --filter '*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
