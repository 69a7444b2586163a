using Glassbox.MatrixCompletion;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.MatrixCompletion;

/// <summary>Every setting's check at its boundary: the last bad value is refused by name, the first good one accepted.</summary>
public sealed class SettingsValidationTests
{
    static readonly DeepFactorizationOptions Good = new();

    public static TheoryData<DeepFactorizationOptions, string> BadFactorizationSettings => new()
    {
        { Good with { Depth = 0 }, "Depth" },
        { Good with { InitScale = 0 }, "InitScale" },
        { Good with { InitScale = double.PositiveInfinity }, "InitScale" },
        { Good with { InitScale = double.NaN }, "InitScale" },
        { Good with { Step = 0 }, "Step" },
        { Good with { Step = double.PositiveInfinity }, "Step" },
        { Good with { MaxIterations = -1 }, "MaxIterations" },
        { Good with { LossThreshold = -1e-300 }, "LossThreshold" },
        { Good with { LossThreshold = double.NaN }, "LossThreshold" },
        { Good with { RecordsPerDecade = 0 }, "RecordsPerDecade" },
        { Good with { TopSingularValues = -1 }, "TopSingularValues" },
    };

    [Theory]
    [MemberData(nameof(BadFactorizationSettings))]
    public void A_bad_factorization_setting_is_refused_by_name(DeepFactorizationOptions options, string name) =>
        Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(options.Validate).ParamName);

    [Fact]
    public void The_first_good_factorization_settings_are_accepted() =>
        (Good with { Depth = 1, MaxIterations = 0, LossThreshold = 0, RecordsPerDecade = 1, TopSingularValues = 0, InitScale = double.Epsilon })
            .Validate();

    [Fact]
    public void The_trainer_checks_its_settings_before_it_starts()
    {
        var problem = LowRankProblem.Generate(4, 1, 8, 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DeepFactorizationTrainer.Fit(problem, Good with { InitScale = -1 }));
        Assert.Equal("InitScale", error.ParamName);
    }

    public static TheoryData<NuclearNormOptions, string, string> BadNuclearSettings => new()
    {
        { new(Epsilon: -1e-300), "Epsilon", "Epsilon must be a finite number ≥ 0, got" },
        { new(Epsilon: double.PositiveInfinity), "Epsilon", "Epsilon must be" },
        { new(GapTolerance: 0), "GapTolerance", "GapTolerance must be a positive finite number, got 0." },
        { new(ResidualTolerance: 0), "ResidualTolerance", "ResidualTolerance must be a positive finite number, got 0." },
        { new(ResidualTolerance: double.PositiveInfinity), "ResidualTolerance", "ResidualTolerance must be" },
        { new(MaxIterations: 0), "MaxIterations", "MaxIterations must be ≥ 1, got 0." },
    };

    [Theory]
    [MemberData(nameof(BadNuclearSettings))]
    public void A_bad_nuclear_norm_setting_is_refused_by_name(NuclearNormOptions options, string name, string message)
    {
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(name, error.ParamName);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void The_first_good_nuclear_norm_settings_are_accepted() =>
        new NuclearNormOptions(Epsilon: 0, GapTolerance: double.Epsilon, ResidualTolerance: double.Epsilon, MaxIterations: 1).Validate();

    [Fact]
    public void The_solver_refuses_no_observations_by_name() =>
        Assert.Equal("observed", Assert.Throws<ArgumentNullException>(() => NuclearNormSolver.Solve(null!)).ParamName);

    [Fact]
    public void Generated_problems_check_each_argument_and_are_named_by_their_settings()
    {
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => LowRankProblem.Generate(0, 1, 1, 1)).ParamName);
        var rank = Assert.Throws<ArgumentOutOfRangeException>(() => LowRankProblem.Generate(5, 6, 1, 1));
        Assert.Equal("rank", rank.ParamName);
        Assert.Contains("between 1 and n = 5", rank.Message);
        Assert.Equal("observations", Assert.Throws<ArgumentOutOfRangeException>(() => LowRankProblem.Generate(5, 1, 0, 1)).ParamName);
        var smallest = LowRankProblem.Generate(1, 1, 1, 7); // n = 1 and a single entry are allowed
        Assert.Equal((1, 1), (smallest.Rows, smallest.Train.Count));
        Assert.Equal(1, Math.Abs(smallest.Truth!.Data[0]), 14); // ‖W*‖_F = n
        Assert.Equal("lowrank-n10-r2-k50-s3", LowRankProblem.Generate(10, 2, 50, 3).Name);
    }

    [Fact]
    public void MovieLens_random_splits_are_seeded_in_file_order_and_named_in_the_invariant_culture()
    {
        string folder = Path.Combine(TestData.Root, "movielens", "ml-100k");
        Assert.Equal("testFraction", Assert.Throws<ArgumentOutOfRangeException>(() => MovieLensProblem.RandomSplit(folder, 0, 1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => MovieLensProblem.RandomSplit(folder, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MovieLensProblem.RandomSplit(folder, double.NaN, 1));
        Assert.Equal("ml-100k-u1", MovieLensProblem.Standard(folder).Name);

        var culture = Thread.CurrentThread.CurrentCulture;
        try
        {
            // A decimal comma, as in de-DE (the suite runs in invariant-globalization mode, so the culture is built here).
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            Thread.CurrentThread.CurrentCulture = comma;
            var a = MovieLensProblem.RandomSplit(folder, 0.25, seed: 1);
            Assert.Equal("ml-100k-random0.25-s1", a.Name);
            var b = MovieLensProblem.RandomSplit(folder, 0.25, seed: 2);
            Assert.Equal(25_000, a.Test!.Count);
            // Another seed holds out other ratings, and neither holds out simply the file's first quarter.
            long[] file = FileOrder(folder);
            Assert.NotEqual(Positions(a.Test), Positions(b.Test!));
            Assert.NotEqual(file[..25_000], Positions(a.Test));
            // Both parts keep the file's order (u.data is not sorted by position, so a sorted order would show).
            Assert.True(IsSubsequence(Positions(a.Test), file));
            Assert.True(IsSubsequence(Positions(a.Train), file));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = culture;
        }
    }

    static long[] Positions(Observations o) => o.Row.Select((r, k) => (long)r * o.Cols + o.Col[k]).ToArray();

    // u.data: user \t item \t rating \t time; the problem is items × users (1-based ids in the file).
    static long[] FileOrder(string folder) => File.ReadLines(Path.Combine(folder, "u.data"))
        .Select(line => line.Split('\t')).Select(f => (long.Parse(f[1]) - 1) * 943 + (long.Parse(f[0]) - 1)).ToArray();

    static bool IsSubsequence(long[] part, long[] whole)
    {
        int at = 0;
        foreach (long p in part)
        {
            while (at < whole.Length && whole[at] != p) at++;
            if (at == whole.Length) return false;
            at++;
        }
        return true;
    }
}
