using System.CommandLine;
using System.Diagnostics;
using Glassbox.Data;
using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>
/// `glassbox kernel --arch cnn`: the CNTK or CNN-GP matrix as a resumable job of tiles in OUT.parts/ beside the output; the
/// output appears only when every tile is done, and the parts folder is then removed.
/// </summary>
public static class CnnKernelRun
{
    public const int DefaultTile = 32;

    /// <summary>The options only the convolutional kernel reads.</summary>
    public sealed class Options
    {
        public Option<string> Readout { get; } = new("--readout") { Description = "cnn: flatten (vanilla CNTK), gap (global average pooling) or lap:C (local average pooling, window C)", DefaultValueFactory = _ => "gap" };
        public Option<bool> Flip { get; } = new("--flip") { Description = "cnn: average the kernel over left-right mirror images" };
        public Option<string> Dtype { get; } = new("--dtype") { Description = "cnn: float32 (fast, SIMD) or float64 (accurate) arithmetic", DefaultValueFactory = _ => "float32" };
        public Option<int> Threads { get; } = new("--threads") { Description = "cnn: threads (default: all cores)" };
        public Option<string?> Dataset { get; } = new("--dataset") { Description = "cnn: cifar10 or mnist training images instead of --x, standardised per channel as the authors do" };
        public Option<int?> Images { get; } = new("--images") { Description = "cnn: with --dataset, how many of the first training images" };
        public Option<string?> DataDir { get; } = DataOptions.DataDir();

        public Options()
        {
            Dtype.AcceptOnlyFromAmong("float32", "float64");
            Dataset.AcceptOnlyFromAmong("cifar10", "mnist");
        }

        public IEnumerable<Option> All => [Readout, Flip, Dtype, Threads, Dataset, Images, DataDir];

        /// <summary>Refuses any of these options given with an architecture that ignores them.</summary>
        public void RefuseFor(ParseResult parsed, string arch)
        {
            foreach (Option option in All)
                if (parsed.GetResult(option) is { Implicit: false })
                    throw new UsageException($"{option.Name} applies to --arch cnn, not --arch {arch}");
        }
    }

    public static int Run(IAnsiConsole console, ParseResult parsed, Options o, int depth, bool fixGiven, int? fixValue, string kind,
        string? xPath, string? x2Path, string output, int? tileOption)
    {
        if (fixValue is not null) throw new UsageException("--fix takes no value with --arch cnn: --fix alone freezes the first and last layers");
        if (depth < 2) throw new UsageException($"--depth counts the convolutions plus the readout and must be ≥ 2, got {depth}");
        if (fixGiven && kind == "nngp") throw new UsageException("--fix applies to --kind ntk; the NNGP is the kernel of training only the readout");
        if (fixGiven && depth == 2) throw new UsageException("--fix with --depth 2 freezes both layers the net has, so its NTK is 0; use --depth ≥ 3");
        if (parsed.GetValue(o.Dataset) is not null && x2Path is not null)
            throw new UsageException("--x2 cannot be combined with --dataset: the data set's images are standardised and the file's would not be");
        if (parsed.GetValue(o.Dataset) is null && parsed.GetResult(o.DataDir) is { Implicit: false })
            throw new UsageException("--data-dir applies to --dataset; --x names its file directly");
        int tile = tileOption ?? DefaultTile;
        if (tile < 1) throw new UsageException($"--tile must be ≥ 1, got {tile}");
        int threads = parsed.GetValue(o.Threads);
        if (parsed.GetResult(o.Threads) is { Implicit: false } && threads < 1) throw new UsageException($"--threads must be ≥ 1, got {threads}");
        CntkReadout readout;
        try { readout = CntkReadout.Parse(parsed.GetValue(o.Readout)!); }
        catch (FormatException e) { throw new UsageException($"--readout: {e.Message}"); }
        if (!MatrixFile.IsNpy(output) && !MatrixFile.IsCsv(output)) throw new UsageException($"--out '{output}' must end in .npy or .csv");

        ImageBatch x = ReadImages(parsed, o, xPath);
        ImageBatch? x2 = x2Path is null ? null : ReadNpy(x2Path, "--x2");
        if (x2 is not null && (x2.Channels, x2.Height, x2.Width) != (x.Channels, x.Height, x.Width))
            throw new UsageException($"--x2 {x2Path} holds {x2.Channels}×{x2.Height}×{x2.Width} images but the first set holds {x.Channels}×{x.Height}×{x.Width}");
        var arch = new CntkArchitecture(depth, readout, fixGiven, parsed.GetValue(o.Flip));
        try { arch.Validate(x.Height, x.Width); }
        catch (ArgumentOutOfRangeException e) { throw new UsageException($"{arch}: {e.Message.Split(" (Parameter")[0]}"); }

        var engine = new CpuCntkEngine(parsed.GetValue(o.Dtype) == "float64" ? CntkPrecision.Float64 : CntkPrecision.Float32, threads);
        string parts = Path.GetFullPath(output) + ".parts";
        CntkKernelJob job;
        try { job = new CntkKernelJob(parts, arch, x, x2, tile, engine); }
        catch (InvalidOperationException e) { throw new UsageException(e.Message); }
        KernelKind kernelKind = kind == "nngp" ? KernelKind.Nngp : KernelKind.Ntk;
        // Entries the job computes: tiles on and above the diagonal only, when X meets itself.
        long total = job.Tiles.Sum(k => (long)k.Rows * k.Cols), reused = job.Finished().Sum(k => (long)k.Rows * k.Cols);
        if (reused > 0) console.MarkupLine($"resuming: {job.Finished().Count} of {job.Tiles.Count} tiles already in {parts.EscapeMarkup()}");

        var clock = Stopwatch.StartNew();
        console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"{arch} {job.Rows}×{job.Cols}", maxValue: total);
                task.Value = reused;
                job.Run(new InlineProgress<long>(done =>
                {
                    task.Value = done;
                    double rate = (done - reused) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    if (done > reused) task.Description = $"{arch} {job.Rows}×{job.Cols} {rate:F1} entries/s";
                }));
            });
        if (MatrixFile.IsNpy(output))
        {
            using var writer = new NpyBlockWriter(output, job.Rows, job.Cols);
            job.WriteMatrix(kernelKind, depth, new NpyKernelSink(writer));
            writer.Commit();
        }
        else MatrixFile.Write(output, new Matrix(job.Rows, job.Cols, job.Matrix(kernelKind, depth)));
        Directory.Delete(parts, recursive: true);
        double seconds = clock.Elapsed.TotalSeconds;
        console.MarkupLine($"wrote {job.Rows}×{job.Cols} {kind.ToUpperInvariant()} of {arch} ({engine.Identity}) to {output.EscapeMarkup()}" +
            $" in {seconds:F1} s ({(total - reused) / Math.Max(seconds, 1e-9):F1} entries/s computed{(x2 is null ? "; the matrix is symmetric, so only tiles on and above its diagonal were" : "")})");
        return ExitCodes.Ok;
    }

    static ImageBatch ReadImages(ParseResult parsed, Options o, string? xPath)
    {
        string? dataset = parsed.GetValue(o.Dataset);
        int? count = parsed.GetValue(o.Images);
        if ((xPath is null) == (dataset is null)) throw new UsageException("give the images either as --x IMAGES.npy or as --dataset cifar10|mnist --images N");
        if (dataset is null)
        {
            if (count is not null) throw new UsageException("--images applies to --dataset; --x uses every image in its file");
            return ReadNpy(xPath!, "--x");
        }
        if (count is null || count < 1) throw new UsageException("--dataset needs --images N (N ≥ 1), the number of training images");
        ImageSplit data = DataOptions.LoadImages(dataset, parsed.GetValue(o.DataDir));
        if (count > data.Train.Count) throw new UsageException($"--images {count}: {dataset} has {data.Train.Count} training images");
        return CntkInputs.Standardised(data.Train.Take(count.Value), data.Train);
    }

    static ImageBatch ReadNpy(string path, string option)
    {
        if (!File.Exists(path)) throw new UsageException($"{option}: no such file '{path}'");
        if (!MatrixFile.IsNpy(path)) throw new UsageException($"{option} '{path}' must be a .npy array of N×C×H×W images");
        try { return CntkInputs.ReadNpy(path); }
        catch (DataFormatException e) { throw new UsageException($"{option}: {e.Message}"); }
    }
}
