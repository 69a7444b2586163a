using Glassbox.Data;
using Glassbox.Experiments.Uci;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Experiments;

public sealed class UciProtocolTests
{
    /// <summary>A method whose accuracies are scripted, to check the protocol's bookkeeping alone.</summary>
    sealed class Scripted(params double[] validation) : IUciMethod
    {
        public double[] Validation { get; } = validation;
        public List<(UciConfig, int[], int[])> Evaluated { get; } = new();
        public string Name => "scripted";
        public IPreparedUciMethod Prepare(UciDataset data) => new Prepared(this);

        sealed class Prepared(Scripted owner) : IPreparedUciMethod
        {
            public IEnumerable<(UciConfig Config, double Accuracy)> Sweep(int[] train, int[] test) =>
                owner.Validation.Select((a, i) => (new UciConfig(Depth: i), a));

            public double Accuracy(UciConfig config, int[] train, int[] test)
            {
                owner.Evaluated.Add((config, train, test));
                return 0.25 * owner.Evaluated.Count; // 0.25, 0.5, 0.75, 1.0 → mean 0.625
            }

            public void Dispose() { }
        }
    }

    [Fact]
    public void The_first_strictly_best_configuration_wins_and_is_tested_on_the_four_splits()
    {
        UciDataset iris = UciLoader.Load(TestData.UciSet("iris"));
        var method = new Scripted(0.5, 0.8, 0.8, 0.7);

        UciResult result = UciProtocol.Run(method, iris);

        Assert.Equal(1, result.Depth); // index 1, not the later tie at index 2
        Assert.Equal(0.8, result.ValAcc);
        Assert.Equal(0.625, result.TestAcc, 12);
        Assert.Equal(4, method.Evaluated.Count);
        for (int k = 0; k < 4; k++)
        {
            Assert.Same(iris.Folds![k].Train, method.Evaluated[k].Item2);
            Assert.Same(iris.Folds![k].Test, method.Evaluated[k].Item3);
        }
    }

    [Fact]
    public void Ntk_on_iris_reproduces_the_reference_procedure()
    {
        // bench/reference/uci_ntk_reference.py (NumPy kernels + scikit-learn 1.2.1 SVC) on iris:
        // val 0.98667, test 0.97297, L=0, f=0, C=0.1.
        UciResult result = UciProtocol.Run(new NtkMethod(), UciLoader.Load(TestData.UciSet("iris")));
        Assert.Equal((0, 0, 0.1), (result.Depth!.Value, result.Fix!.Value, result.C!.Value));
        Assert.Equal(0.98667, result.ValAcc, 5);
        Assert.Equal(0.97297, result.TestAcc, 5);
    }

    [Fact]
    public void A_killed_run_resumes_without_redoing_finished_pairs_and_writes_the_same_file()
    {
        using var dir = new TempDir();
        string[] sets = { "iris", "fertility" };
        var methods = new IUciMethod[] { new NtkMethod(), new NtkMethod(nngpOnly: true) };

        var whole = new UciResultsFile(dir.File("whole.jsonl"));
        new UciRun(TestData.Uci, sets, methods, whole).Execute();

        // "Kill" after the first two results: cancel once they are saved.
        var partial = new UciResultsFile(dir.File("partial.jsonl"));
        using var cancel = new CancellationTokenSource();
        var progress = new Counting((report, finished) => { if (finished >= 2) cancel.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => new UciRun(TestData.Uci, sets, methods, partial).Execute(progress, cancel.Token));
        Assert.Equal(2, partial.Load().Count);

        var started = new List<(string, string)>();
        new UciRun(TestData.Uci, sets, methods, partial).Execute(
            new Counting((report, _) => { if (report.Finished is null && report.Within is null) started.Add((report.Dataset, report.Method)); }));

        Assert.Equal(new[] { ("fertility", "ntk"), ("fertility", "nngp") }, started);
        Assert.Equal(Strip(whole.Load()), Strip(partial.Load()));
    }

    [Fact]
    public void A_run_of_other_methods_keeps_the_results_already_in_the_file()
    {
        using var dir = new TempDir();
        var file = new UciResultsFile(dir.File("results.jsonl"));
        new UciRun(TestData.Uci, new[] { "iris" }, new IUciMethod[] { new NtkMethod(nngpOnly: true) }, file).Execute();
        var returned = new UciRun(TestData.Uci, new[] { "iris" }, new IUciMethod[] { new NtkMethod() }, file).Execute();

        Assert.Equal(new[] { "ntk" }, returned.Select(r => r.Method));
        Assert.Equal(new[] { "ntk", "nngp" }, file.Load().Select(r => r.Method));
    }

    static IEnumerable<UciResult> Strip(IEnumerable<UciResult> results) => results.Select(r => r with { Seconds = 0 });

    /// <summary>Passes each report on with the number of results finished so far.</summary>
    sealed class Counting(Action<UciProgress, int> onReport) : IProgress<UciProgress>
    {
        int _finished;

        public void Report(UciProgress value)
        {
            if (value.Finished is not null) _finished++;
            onReport(value, _finished);
        }
    }
}
