using Glassbox.Tests.Data;
using Glassbox.Training;

namespace Glassbox.Tests.Cli;

/// <summary>Converted rates that leave the range of the run's numbers are refused up front, naming where.</summary>
public sealed class RateOverflowTests
{
    [Theory]
    [InlineData("1", "2.5e-3", "30", "step:25")]
    [InlineData("0.1", "5e-4", "2000", "constant")]
    public void Lr_convert_refuses_a_rate_that_overflows_a_double(string lr, string wd, string epochs, string schedule)
    {
        var result = CliRunner.Run("lr", "convert", "--lr", lr, "--momentum", "0.9", "--wd", wd, "--epochs", epochs, "--schedule", schedule);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("leaves the range of float64", result.Err);
        Assert.Matches(@"step \d+ \(epoch \d+, counting from 0\)", result.Err);
        Assert.Single(result.Err.Trim().Split('\n')); // one sentence, no table before it
        Assert.DoesNotContain("Infinity", result.Out);
        Assert.DoesNotContain("α =", result.Out);
    }

    [Fact]
    public void The_first_step_named_is_the_first_whose_rate_passes_the_limit()
    {
        // η = 0.1 constant, λ = 5e-4, γ = 0.9: η̃_t = η α^(−2t−1); the first t with η̃_t > limit, found independently.
        var conversion = ExponentialEquivalent.Convert(new ConstantSchedule(0.1), 5e-4, 0.9);
        double alpha = ExponentialEquivalent.Alpha(0.1, 5e-4, 0.9);
        double limit = 1e6;
        long first = (long)Math.Ceiling((Math.Log(limit / 0.1) / -Math.Log(alpha) - 1) / 2);
        while (0.1 * Math.Pow(alpha, -2.0 * first - 1) <= limit) first++;
        while (first > 0 && 0.1 * Math.Pow(alpha, -2.0 * (first - 1) - 1) > limit) first--;

        conversion.Check(first, new NumberRange("the test's range", limit)); // steps 0..first−1 stay inside
        var e = Assert.Throws<ArgumentException>(() => conversion.Check(first + 1, new NumberRange("the test's range", limit), 391));
        Assert.Contains($"at step {first} (epoch {first / 391}, counting from 0)", e.Message);
    }

    [Fact]
    public void Train_with_exp_refuses_a_float32_run_whose_rate_passes_float32s_range_but_not_float64s()
    {
        using var dir = new TempDir();
        string[] common = ["train", "--data-dir", TestData.Root, "--train-images", "128", "--test-images", "64", "--batch", "1", "--lr", "1",
            "--wd", "2.5e-3", "--schedule", "exp", "--epochs", "20"];

        var single = CliRunner.Run([.. common, "--out", dir.File("f32")]);
        Assert.Equal(2, single.ExitCode);
        Assert.Contains("leaves the range of float32", single.Err);
        Assert.False(Directory.Exists(dir.File("f32")) && Directory.EnumerateFiles(dir.File("f32")).Any());

        // The same schedule fits a double: the check is the run's own range, not a fixed one.
        var conversion = ExponentialEquivalent.Convert(new ConstantSchedule(1), 2.5e-3, 0.9);
        conversion.Check(20 * 128, NumberRange.Double);
    }
}
