using Glassbox.Data;
using Glassbox.Experiments.Uci;
using Glassbox.Tests.Cli;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Experiments;

/// <summary>Issue 11, point 9: progress moves inside a unit of work, and a rerun says what it reused.</summary>
public sealed class ProgressWithinUnitsTests : IDisposable
{
    readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_protocol_reports_each_configuration_and_fold_and_the_grid_size_is_what_the_sweep_yields(bool nngp)
    {
        UciDataset data = UciLoader.Load(TestData.UciSet("lenses"));
        var method = new NtkMethod(nngpOnly: nngp);
        var shares = new List<double>();

        UciProtocol.Run(method, data, new InlineProgress<double>(shares.Add));

        using var prepared = method.Prepare(data);
        int yielded = prepared.Sweep(data.Selection!.Train, data.Selection.Test).Count();
        Assert.Equal(nngp ? 35 : 105, yielded); // the paper's grids: L ≤ 4 (f ≤ L) × 7 values of C
        Assert.Equal(yielded, method.GridSize);
        Assert.Equal(yielded + 4, shares.Count);
        Assert.Equal(1.0, shares[^1], 12);
        Assert.True(shares.Zip(shares.Skip(1)).All(p => p.Second > p.First));
    }

    [Fact]
    public void A_rerun_of_uci_says_how_many_finished_results_it_reused()
    {
        string[] args = ["uci", "--data-dir", TestData.Root, "--datasets", "lenses,fertility", "--methods", "ntk", "--out", _temp.Path];
        var first = CliRunner.Run(args);
        var second = CliRunner.Run(args);

        Assert.DoesNotContain("reusing", first.Out);
        Assert.Contains("reusing 2 finished (set, method) result(s)", second.Out);
    }
}
