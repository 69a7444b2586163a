using Glassbox.Data;
using Glassbox.Experiments.Cntk;
using Glassbox.Experiments.Cntk.FewShot;
using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using Glassbox.Reporting;
using Glassbox.Tests.Data;
using Glassbox.Training;
using MathNet.Numerics.LinearAlgebra;

namespace Glassbox.Tests.Experiments.Cntk;

/// <summary>
/// Experiment b: the draws are balanced and nested, each draw's kernel regression (a sub-block of the union's kernel job) equals
/// the authors' solve on a kernel computed for that draw alone, the net learns an easy problem, and a rerun reuses finished rows.
/// </summary>
public sealed class FewShotTests : IDisposable
{
    readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Three classes told apart by which channel is bright, with noise; labels in a shuffled order.</summary>
    static ImageDataset Synthetic(int count, int seed, int side = 6, int signal = 70)
    {
        var rng = new Random(seed);
        int plane = side * side, size = 3 * plane;
        var pixels = new byte[count * size];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)rng.Next(3);
            for (int k = 0; k < size; k++) pixels[i * size + k] = (byte)Math.Clamp(rng.Next(0, 150) + (k / plane == labels[i] ? signal : 0), 0, 255);
        }
        return new ImageDataset(count, 3, side, side, pixels, labels, 3);
    }

    static ImageSplit Split(int side = 6, int signal = 70) => new(Synthetic(90, 1, side, signal), Synthetic(60, 2, side, signal));

    static int CountOf(ImageDataset d, int[] indices, int label) => indices.Count(i => d.Labels[i] == label);

    [Fact]
    public void A_seeds_draws_are_balanced_and_nested_and_seeds_differ()
    {
        ImageDataset train = Split().Train;
        int[] small = FewShotDraws.Draw(train, 6, 1), large = FewShotDraws.Draw(train, 15, 1), other = FewShotDraws.Draw(train, 15, 2);
        Assert.All(Enumerable.Range(0, 3), c => { Assert.Equal(2, CountOf(train, small, c)); Assert.Equal(5, CountOf(train, large, c)); });
        Assert.Subset(large.ToHashSet(), small.ToHashSet());
        Assert.NotEqual(large, other);
        int[] union = FewShotDraws.Union(train, [6, 15], 2);
        Assert.Equal(large.Union(other).Order(), union);
        Assert.Throws<ArgumentOutOfRangeException>(() => FewShotDraws.Draw(train, 6, 0));
        Assert.Throws<ArgumentException>(() => FewShotDraws.Draw(train, 7, 1));
    }

    [Fact]
    public void Each_draws_accuracy_from_the_union_job_equals_the_authors_solve_on_that_draw_alone()
    {
        ImageSplit data = Split(signal: 12); // a hard problem, so that accuracies differ between draws
        ImageDataset test = data.Test;
        int[] union = FewShotDraws.Union(data.Train, [6, 12], 3);
        ImageDataset unionImages = BalancedDraw.Subset(data.Train, union);
        var arch = new CntkArchitecture(3, new CntkReadout.Gap(), Fix: true);
        var engine = new CpuCntkEngine(CntkPrecision.Float64, 1);
        var regression = new CntkRegression(temp.File("job"), arch, CntkInputs.Standardised(unionImages, data.Train), CntkInputs.Standardised(test, data.Train), 7, engine);
        regression.Compute();
        var draws = new[] { (6, 1), (12, 2), (6, 3), (12, 3) }.Select(d => FewShotDraws.Draw(data.Train, d.Item1, d.Item2)).ToList();
        double[] accuracies = regression.Accuracies(KernelKind.Ntk, 3, draws.Select(d => d.Select(i => Array.BinarySearch(union, i)).ToArray()).ToList(),
            unionImages.Labels, test.Labels);

        for (int k = 0; k < draws.Count; k++)
        {
            ImageDataset draw = BalancedDraw.Subset(data.Train, draws[k]);
            ImageBatch x = CntkInputs.Standardised(draw, data.Train), z = CntkInputs.Standardised(test, data.Train);
            int n = draw.Count;
            var h = Matrix<double>.Build.DenseOfRowMajor(n, n, engine.Compute(arch, x, x).Matrix(KernelKind.Ntk, 3).ToArray());
            var cross = Matrix<double>.Build.DenseOfRowMajor(test.Count, n, engine.Compute(arch, z, x).Matrix(KernelKind.Ntk, 3).ToArray());
            var scores = cross * h.Solve(Matrix<double>.Build.Dense(n, 3, (i, c) => draw.Labels[i] == c ? 0.9 : -0.1));
            int correct = Enumerable.Range(0, test.Count).Count(i => scores.Row(i).MaximumIndex() == test.Labels[i]);
            Assert.Equal(correct / (double)test.Count, accuracies[k]);
        }
        Assert.True(accuracies.Distinct().Count() > 2, "the draws should not all score alike, or a mixed-up sub-block could pass");
    }

    [Fact]
    public void The_net_learns_an_easy_problem_and_the_same_seed_gives_the_same_accuracy()
    {
        ImageSplit data = Split(side: 8);
        var spec = new FewShotSpec([30], 1, 20, new CntkArchitecture(3, new CntkReadout.Flatten()), [3], NetSteps: 40, NetBatch: 15, NetRate: 0.05, Threads: 1);
        ImageDataset draw = BalancedDraw.Subset(data.Train, FewShotDraws.Draw(data.Train, 30, 1));
        var normalization = PixelNormalization.Of(data.Train);
        double first = FewShotNet.TrainAndTest(draw, data.Test, normalization, spec, seed: 1);
        double again = FewShotNet.TrainAndTest(draw, data.Test, normalization, spec, seed: 1);
        double untrained = FewShotNet.TrainAndTest(draw, data.Test, normalization, spec with { NetSteps = 1, NetRate = 1e-9 }, seed: 1);
        Assert.Equal(first, again);
        Assert.True(first >= 0.8 && first > untrained + 0.2, $"trained {first}, untrained {untrained}");
    }

    [Fact]
    public void A_rerun_reuses_every_finished_row_and_other_settings_are_refused()
    {
        ImageSplit data = Split(side: 8);
        var spec = new FewShotSpec([3, 6], 2, 4, new CntkArchitecture(3, new CntkReadout.Flatten()), [2, 3], NetSteps: 2, NetBatch: 4, Tile: 4, Threads: 1);
        string folder = temp.File("run");
        IReadOnlyList<FewShotRow> rows = FewShotExperiment.Run(data, spec, folder);
        Assert.Equal(3 * 2 * 2, rows.Count);
        Assert.Equal(["cntk-flatten-d2", "cntk-flatten-d3", "preresnet20"], rows.Select(r => r.Method).Distinct().Order());
        string results = Path.Combine(folder, FewShotExperiment.ResultsFile);
        DateTime written = File.GetLastWriteTimeUtc(results);
        Assert.Equal(rows, FewShotExperiment.Run(data, spec, folder));
        Assert.Equal(written, File.GetLastWriteTimeUtc(results));

        var e = Assert.Throws<InvalidDataException>(() => FewShotExperiment.Run(data, spec with { NetSteps = 3 }, folder));
        Assert.Contains("other settings", e.Message);
        Assert.Contains("2 steps", e.Message);
    }

    [Fact]
    public void Invalid_specs_name_the_setting()
    {
        var arch = new CntkArchitecture(5, new CntkReadout.Gap());
        Assert.Contains("multiple of the 10 classes", Assert.Throws<ArgumentException>(() => new FewShotSpec([15], 1, 5, arch, [5]).Validate(10)).Message);
        Assert.Contains("depths must lie in 2..5", Assert.Throws<ArgumentException>(() => new FewShotSpec([10], 1, 5, arch, [6]).Validate(10)).Message);
        Assert.Contains("at least one seed", Assert.Throws<ArgumentException>(() => new FewShotSpec([10], 0, 5, arch, [5]).Validate(10)).Message);
        Assert.Contains("steps must be ≥ 0", Assert.Throws<ArgumentException>(() => new FewShotSpec([10], 1, 5, arch, [5], NetSteps: -1).Validate(10)).Message);
    }

    [Fact]
    public void The_table_shows_the_mean_and_sample_sd_over_draws()
    {
        FewShotRow Row(string m, int n, int s, double a) => new(m, n, s, a, 0, "x");
        var rows = new[] { Row("k", 10, 1, 0.10), Row("k", 10, 2, 0.20), Row("k", 10, 3, 0.30), Row("net", 10, 1, 0.25), Row("k", 20, 1, 0.5) };
        var cell = FewShotReport.Cells(rows).Single(c => c.Method == "k" && c.Size == 10);
        Assert.Equal(0.2, cell.Mean, 12);
        Assert.Equal(0.1, cell.Sd, 12); // sqrt((0.01 + 0 + 0.01) / 2)
        string table = FewShotReport.Table(rows, ["k", "net"]);
        Assert.Contains("| 10 | 3 | 20.0 ± 10.0 | 25.0 ± 0.0 |", table);
        Assert.Contains("| 20 | 1 | 50.0 ± 0.0 | — |", table);
    }
}
