using System.Diagnostics;
using Glassbox.Data;
using Xunit.Abstractions;

namespace Glassbox.Tests.Data;

/// <summary>One full check of the shared data (a few seconds), shared by the tests that read it.</summary>
public sealed class SharedDataCheck
{
    public SharedDataCheck()
    {
        var watch = Stopwatch.StartNew();
        // Fashion-MNIST is pointed at a folder that never exists, so the result is the same on every machine.
        Checks = DataCatalog.CheckAll(TestData.Root, new Recorder(Reported), fashionMnistFolder: "/nonexistent/fashion-mnist");
        Elapsed = watch.Elapsed;
    }

    public IReadOnlyList<DatasetCheck> Checks { get; }

    public List<DatasetCheck> Reported { get; } = [];

    public TimeSpan Elapsed { get; }

    // A Progress<T> would post to the thread pool; this records synchronously.
    private sealed class Recorder(List<DatasetCheck> into) : IProgress<DatasetCheck>
    {
        public void Report(DatasetCheck value)
        {
            lock (into) into.Add(value);
        }
    }
}

public sealed class DataCatalogTests(SharedDataCheck shared, ITestOutputHelper output) : IClassFixture<SharedDataCheck>, IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_shared_data_checks_out_as_documented()
    {
        var checks = shared.Checks;
        output.WriteLine($"CheckAll: {shared.Elapsed.TotalSeconds:F2} s for {checks.Count} sets");

        Assert.Equal(checks.Count, shared.Reported.Count);
        var uci = checks.Where(c => c.Kind == DatasetKind.Uci).ToList();
        Assert.Equal(121, uci.Count);
        Assert.Equal(118, uci.Count(c => c.IsOk));
        Assert.Equal(["connect-4", "miniboone", "musk-2"],
            uci.Where(c => c.Status == DatasetStatus.MissingDataFile).Select(c => c.Name));

        var iris = uci.Single(c => c.Name == "iris");
        Assert.Equal(new DatasetCheck("iris", "uci", 150, 4, 3, "OK", null), iris);
        var adult = uci.Single(c => c.Name == "adult");
        Assert.Equal((48842, "train 32561 + test 16281"), (adult.Rows, adult.Detail));

        var mnist = checks.Single(c => c.Kind == DatasetKind.Mnist);
        Assert.Equal(("OK", 60000, 784, 10), (mnist.Status, mnist.Rows, mnist.Features, mnist.Classes));
        Assert.StartsWith("60000/10000", mnist.Detail);
        var cifar = checks.Single(c => c.Kind == DatasetKind.Cifar10);
        Assert.Equal(("OK", 10000, 3072, 10), (cifar.Status, cifar.Rows, cifar.Features, cifar.Classes));
        Assert.StartsWith("10000/10000", cifar.Detail);
        var movielens = checks.Single(c => c.Kind == DatasetKind.MovieLens);
        Assert.Equal(("OK", 100000, "943 users, 1682 items"), (movielens.Status, movielens.Rows, movielens.Detail));
        Assert.Equal(DatasetStatus.NotInstalled, checks.Single(c => c.Kind == DatasetKind.FashionMnist).Status);

        foreach (var c in checks.Where(c => !c.IsOk)) output.WriteLine($"{c.Name}: {c.Status}: {c.Detail}");
    }

    [Fact]
    public void The_ntk_90_are_the_complete_sets_of_at_most_5000_rows_without_a_test_file()
    {
        var ok = shared.Checks
            .Where(c => c.Kind == DatasetKind.Uci && c.IsOk && c.Detail is null && c.Rows <= 5000)
            .Select(c => c.Name);

        Assert.Equal(UciCatalog.ReadNtk90(TestData.Uci).Order(StringComparer.Ordinal), ok);
    }

    [Fact]
    public void A_corrupt_set_is_reported_not_thrown()
    {
        string root = _temp.Path;
        Directory.CreateDirectory(Path.Combine(root, "uci"));
        _temp.Copy(TestData.UciSet("balloons"), Path.Combine("uci", "balloons"));
        string iris = _temp.Copy(TestData.UciSet("iris"), Path.Combine("uci", "iris"));
        TextEdit.Cell(Path.Combine(iris, "iris_R.dat"), line: 7, column: 3, "abc");

        var checks = DataCatalog.CheckAll(root, fashionMnistFolder: Path.Combine(root, "none"));

        Assert.Equal(["balloons", "iris", "mnist", "fashion-mnist", "cifar10", "ml-100k"], checks.Select(c => c.Name));
        Assert.True(checks[0].IsOk);
        Assert.Equal(DatasetStatus.Corrupt, checks[1].Status);
        Assert.Contains("iris_R.dat: line 7, column 3: expected a finite number, found 'abc'", checks[1].Detail);
        Assert.All(new[] { checks[2], checks[4], checks[5] }, c => Assert.Equal(DatasetStatus.MissingDataFile, c.Status));
        Assert.Equal(DatasetStatus.NotInstalled, checks[3].Status);
    }
}
