using System.Diagnostics;
using Glassbox.Data;
using Glassbox.Experiments.Tour;
using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using Glassbox.Reporting;
using Glassbox.Training;
using System.Globalization;

namespace Glassbox.Experiments.Cntk.FewShot;

/// <summary>
/// Experiment b of issue 14, few-shot CIFAR-10: kernel regression with a CNTK against a trained net on the same class-balanced
/// draws (<see cref="FewShotDraws"/>), one fixed balanced test set. The kernel is one tiled job over the union of all draws
/// (<c>folder/kernel/</c>, resumable tile by tile); every draw's regression is a sub-block of it. Each finished result is
/// saved to <c>folder/results.jsonl</c>, so a rerun does only what is missing; a folder holding results of other settings is refused.
/// </summary>
public static class FewShotExperiment
{
    public const string ResultsFile = "results.jsonl";

    /// <summary>Runs what is missing and returns every row of the spec (kernel rows first, then the net's).</summary>
    public static IReadOnlyList<FewShotRow> Run(ImageSplit data, FewShotSpec spec, string folder, IProgress<TourStep>? progress = null,
        CancellationToken cancel = default)
    {
        spec.Validate(data.Train.Classes);
        var file = new JsonLinesFile<FewShotRow>(Path.Combine(folder, ResultsFile), "few-shot result");
        List<FewShotRow> rows = file.Load();
        string? other = rows.Select(r => r.Settings).FirstOrDefault(s => s != spec.Settings);
        if (other is not null)
            throw new InvalidDataException($"{file.Path} holds results computed with other settings (saved: {other}; now: {spec.Settings}); choose another folder or delete it");

        ImageDataset test = BalancedDraw.Subset(data.Test, BalancedDraw.Indices(data.Test, spec.TestPerClass, seed: 0));
        int[] union = FewShotDraws.Union(data.Train, spec.Sizes, spec.Seeds);
        var draws = (from n in spec.Sizes.Distinct().Order() from s in Enumerable.Range(1, spec.Seeds) select (Size: n, Seed: s)).ToList();
        bool Done(string method, int n, int s) => rows.Any(r => r.Method == method && r.Size == n && r.Seed == s);

        if (spec.Depths.Any(d => draws.Any(x => !Done(spec.KernelMethod(d), x.Size, x.Seed))))
        {
            ImageDataset unionImages = BalancedDraw.Subset(data.Train, union);
            var regression = new CntkRegression(Path.Combine(folder, "kernel"), spec.Kernel, CntkInputs.Standardised(unionImages, data.Train),
                CntkInputs.Standardised(test, data.Train), spec.Tile, new CpuCntkEngine(spec.Precision, spec.Threads));
            var clock = Stopwatch.StartNew();
            long total = regression.Entries;
            regression.Compute(new InlineProgress<long>(done => progress?.Report(new TourStep($"{spec.Kernel} over {union.Length} + {test.Count} images", done, total, "entries"))),
                cancel);
            double seconds = clock.Elapsed.TotalSeconds;
            var positions = draws.Select(x => FewShotDraws.Draw(data.Train, x.Size, x.Seed).Select(i => Array.BinarySearch(union, i)).ToArray()).ToList();
            foreach (int depth in spec.Depths.Distinct().Order())
            {
                string method = spec.KernelMethod(depth);
                double[] accuracy = regression.Accuracies(KernelKind.Ntk, depth, positions, unionImages.Labels.AsSpan(0, union.Length), test.Labels.AsSpan(0, test.Count));
                for (int k = 0; k < draws.Count; k++)
                    if (!Done(method, draws[k].Size, draws[k].Seed))
                        rows.Add(new FewShotRow(method, draws[k].Size, draws[k].Seed, accuracy[k], seconds, spec.Settings));
            }
            file.Save(rows);
        }

        if (spec.NetSteps > 0)
        {
            var normalization = PixelNormalization.Of(data.Train);
            var todo = draws.Where(x => !Done(spec.Model, x.Size, x.Seed)).ToList();
            double stepsAll = todo.Sum(x => (double)spec.NetSteps), before = 0;
            foreach (var (n, s) in todo)
            {
                cancel.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                ImageDataset draw = BalancedDraw.Subset(data.Train, FewShotDraws.Draw(data.Train, n, s));
                double start = before;
                double accuracy = FewShotNet.TrainAndTest(draw, test, normalization, spec, s,
                    new InlineProgress<long>(done => progress?.Report(new TourStep($"{spec.Model}: n = {n}, seed {s}", start + Math.Min(done, spec.NetSteps), stepsAll, "steps"))), cancel);
                rows.Add(new FewShotRow(spec.Model, n, s, accuracy, clock.Elapsed.TotalSeconds, spec.Settings));
                file.Save(rows);
                before += spec.NetSteps;
            }
        }
        return rows.Where(r => spec.Sizes.Contains(r.Size) && r.Seed <= spec.Seeds).ToList();
    }

    /// <summary>What the paper claims for this experiment (its abstract; the per-size table was not checked).</summary>
    public const string PaperClaim = "Arora, Du, Li, Salakhutdinov, Wang, Yu, ICLR 2020 (\"Harnessing the power of infinitely wide deep nets on "
        + "small-data tasks\", arXiv:1910.01663), abstract: on CIFAR-10 with 10–640 training samples, the convolutional NTK consistently beats "
        + "ResNet-34 by 1%–3%.";

    /// <summary>The methods of a spec in table order: the kernel at each depth, then the net.</summary>
    public static IReadOnlyList<string> Methods(FewShotSpec spec) =>
        spec.Depths.Distinct().Order().Select(spec.KernelMethod).Concat(spec.NetSteps > 0 ? [spec.Model] : []).ToList();

    /// <summary>The Markdown summary: the scale, the table of mean ± sd per size, and the paper's claim beside it.</summary>
    public static string Summary(FewShotSpec spec, IReadOnlyList<FewShotRow> rows, int testCount)
    {
        var inv = CultureInfo.InvariantCulture;
        string net = spec.NetSteps > 0
            ? string.Create(inv, $"{spec.Model} trained for {spec.NetSteps} SGD steps (rounded up to whole epochs) of batch min(n, {spec.NetBatch}), "
                + $"momentum {FewShotSpec.Momentum}, weight decay {FewShotSpec.WeightDecay}, cosine rate from {spec.NetRate} to 0, random crops and flips; tested once at the end.")
            : "No net trained (--net-steps 0).";
        return string.Create(inv, $"Class-balanced draws of n CIFAR-10 training images, seeds 1–{spec.Seeds}, nested within a seed; one test set of the first "
                + $"{spec.TestPerClass} test images of each class ({testCount} images). Kernel regression (targets one-hot, λ = 0) with the NTK of "
                + $"{spec.Kernel} ({spec.Precision}), read at depth{(spec.Depths.Distinct().Count() > 1 ? "s" : "")} {string.Join(", ", spec.Depths.Distinct().Order())}. {net}\n\n")
            + "Test accuracy (%), mean ± sample sd over the draws:\n\n" + FewShotReport.Table(rows, Methods(spec))
            + "\nThe paper: " + PaperClaim + "\n";
    }
}
