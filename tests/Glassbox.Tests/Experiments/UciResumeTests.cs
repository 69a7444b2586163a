using Glassbox.Experiments.Uci;
using Glassbox.KernelMachines;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Experiments;

public sealed class UciResumeTests : IDisposable
{
    readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_result_of_another_solver_is_computed_again_and_replaced_not_reused()
    {
        var file = new UciResultsFile(_temp.File("results.jsonl"));
        var fast = new UciRun(TestData.Uci, ["lenses"], [new NtkMethod()], file).Execute();
        Assert.Null(fast.Single().Settings);

        var libsvm = new UciRun(TestData.Uci, ["lenses"], [new NtkMethod(solver: SvmSolver.Libsvm)], file).Execute();
        var again = new UciRun(TestData.Uci, ["lenses"], [new NtkMethod(solver: SvmSolver.Libsvm)], file).Execute();

        Assert.Equal("solver=libsvm", libsvm.Single().Settings);
        Assert.Equal(libsvm.Single().Seconds, again.Single().Seconds); // the second libsvm run reused the first
        Assert.Single(file.Load()); // replaced, not duplicated
        Assert.Equal("solver=libsvm", file.Load().Single().Settings);
    }
}
