using System.CommandLine;
using Glassbox.Data;
using Glassbox.Kernels;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox kernel`: the NTK or NNGP matrix of a fully connected ReLU net (fc) or a convolutional net (cnn) for the user's own data.</summary>
public static class KernelVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var arch = new Option<string>("--arch") { Description = "Architecture: fc (fully connected ReLU) or cnn (3×3 convolutions and ReLUs, Arora et al. 2019)", DefaultValueFactory = _ => "fc" };
        arch.AcceptOnlyFromAmong("fc", "cnn");
        var depth = new Option<int>("--depth") { Description = "fc: L, the number of hidden layers (0: the linear kernel x·x'); cnn: the convolutions plus the readout (≥ 2)", Required = true };
        var fix = new Option<int?>("--fix") { Description = "fc: f, how many of the first layers are frozen (NTK only; default 0); cnn: --fix alone freezes the first and last layers", Arity = ArgumentArity.ZeroOrOne };
        var kind = new Option<string>("--kind") { Description = "ntk, or nngp (the kernel of training only the readout: f = L)", DefaultValueFactory = _ => "ntk" };
        kind.AcceptOnlyFromAmong("ntk", "nngp");
        var scale = new Option<string>("--scale") { Description = "paper (Arora et al. 2020, σ_w = 1) or standard (c_σ = 2: 2^L × paper)", DefaultValueFactory = _ => "paper" };
        scale.AcceptOnlyFromAmong("paper", "standard");
        var x = new Option<string?>("--x") { Description = "fc: samples as rows, .csv (no header) or .npy (float32/64); cnn: images, .npy N×C×H×W (float32/64)" };
        var x2 = new Option<string?>("--x2") { Description = "Second set of rows; without it the kernel of X with itself" };
        var output = new Option<string>("--out") { Description = "Output matrix, .csv or .npy (float64; .npy is streamed tile by tile)", Required = true };
        output.Validators.Add(r => { if (OutputPaths.Problem(r.GetValueOrDefault<string>(), [".csv", ".npy"]) is { } problem) r.AddError($"--out {r.GetValueOrDefault<string>()}: {problem}"); });
        var tile = new Option<int?>("--tile") { Description = $"Rows per tile (fc: bounds memory, default {TiledKernel.DefaultTile}; cnn: the unit of work that a rerun resumes from, default {CnnKernelRun.DefaultTile})" };
        var cnn = new CnnKernelRun.Options();

        var command = new Command("kernel", "Compute the exact infinite-width NTK or NNGP kernel matrix of your data.");
        foreach (Option option in new Option[] { arch, depth, fix, kind, scale, x, x2, output, tile }.Concat(cnn.All)) command.Options.Add(option);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(arch) == "cnn")
            {
                if (parsed.GetResult(scale) is { Implicit: false }) throw new UsageException("--scale applies to --arch fc; the convolutional kernel has the authors' scale");
                return CnnKernelRun.Run(console, parsed, cnn, parsed.GetValue(depth), parsed.GetResult(fix) is { Implicit: false }, parsed.GetValue(fix),
                    parsed.GetValue(kind)!, parsed.GetValue(x), parsed.GetValue(x2), parsed.GetValue(output)!, parsed.GetValue(tile));
            }
            cnn.RefuseFor(parsed, "fc");
            if (parsed.GetResult(fix) is { Implicit: false } && parsed.GetValue(fix) is null) throw new UsageException("--fix needs f, a number of layers, with --arch fc");
            if (parsed.GetValue(x) is null) throw new UsageException("--x is required with --arch fc");
            return Run(console, new KernelRequest(
                parsed.GetValue(depth), parsed.GetValue(fix), parsed.GetValue(kind)!, parsed.GetValue(scale)!,
                parsed.GetValue(x)!, parsed.GetValue(x2), parsed.GetValue(output)!, parsed.GetValue(tile) ?? TiledKernel.DefaultTile));
        });
        return command;
    }

    sealed record KernelRequest(int Depth, int? Fix, string Kind, string Scale, string X, string? X2, string Out, int Tile);

    static int Run(IAnsiConsole console, KernelRequest request)
    {
        if (request.Depth < 0) throw new UsageException($"--depth must be ≥ 0, got {request.Depth}");
        if (request.Kind == "nngp" && request.Fix is not null)
            throw new UsageException("--fix applies to --kind ntk; the NNGP is the kernel with every layer but the readout fixed");
        int fix = request.Fix ?? 0;
        if (fix < 0 || fix > request.Depth) throw new UsageException($"--fix must be in [0, --depth = {request.Depth}], got {fix}");
        if (request.Tile < 1) throw new UsageException($"--tile must be ≥ 1, got {request.Tile}");
        RequireExtension(request.X, "--x");
        if (request.X2 is not null) RequireExtension(request.X2, "--x2");
        RequireExtension(request.Out, "--out");

        Matrix x = ReadInput(request.X, "--x");
        Matrix? x2 = request.X2 is null ? null : ReadInput(request.X2, "--x2");
        if (x2 is not null && x2.Cols != x.Cols)
            throw new UsageException($"--x {request.X} has {x.Cols} columns but --x2 {request.X2} has {x2.Cols}");

        var kernelKind = request.Kind == "nngp" ? KernelKind.Nngp : KernelKind.Ntk;
        var architecture = FullyConnected.Relu(request.Depth, request.Kind == "nngp" ? request.Depth : fix,
            request.Scale == "standard" ? KernelScale.Standard : KernelScale.Paper);
        int rows = x.Rows, cols = (x2 ?? x).Rows;

        console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"{request.Kind} {rows}×{cols}", maxValue: 1.0);
                var progress = new InlineProgress<double>(share => task.Value = share);
                if (MatrixFile.IsNpy(request.Out))
                {
                    using var writer = new NpyBlockWriter(request.Out, rows, cols);
                    TiledKernel.Compute(architecture, kernelKind, x, x2, new NpyKernelSink(writer), request.Tile, progress);
                    writer.Commit();
                }
                else
                {
                    var sink = new ArrayKernelSink(rows, cols);
                    TiledKernel.Compute(architecture, kernelKind, x, x2, sink, request.Tile, progress);
                    MatrixFile.Write(request.Out, new Matrix(rows, cols, sink.Data));
                }
            });
        console.MarkupLine($"wrote {rows}×{cols} {request.Kind.ToUpperInvariant()} (L = {request.Depth}" +
            $"{(kernelKind == KernelKind.Ntk ? $", f = {fix}" : "")}, {request.Scale} scale) to {request.Out.EscapeMarkup()}");
        return ExitCodes.Ok;
    }

    static void RequireExtension(string path, string option)
    {
        if (!MatrixFile.IsCsv(path) && !MatrixFile.IsNpy(path))
            throw new UsageException($"{option} '{path}' must end in .csv or .npy");
    }

    static Matrix ReadInput(string path, string option)
    {
        if (!File.Exists(path)) throw new UsageException($"{option}: no such file '{path}'");
        return MatrixFile.Read(path);
    }
}
