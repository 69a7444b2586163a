using Glassbox.Training;
using Xunit.Abstractions;
using static Glassbox.Tests.Training.ScaleInvariantToy;

namespace Glassbox.Tests.Training;

/// <summary>
/// The claim itself, on a scale-invariant toy loss: SGD with momentum and weight decay, and SGD with momentum,
/// no weight decay and the converted rate, trace the same directions, with norms in the ratio c_t.
/// </summary>
public sealed class ExactConversionTests(ITestOutputHelper output)
{
    const int Steps = 200;
    const double Rate = 0.1, Momentum = 0.9;

    public static TheoryData<string, double, BufferStart> Cases => new()
    {
        { "constant", 5e-4, BufferStart.Steady },
        { "constant", 1e-2, BufferStart.Steady },
        { "step", 5e-4, BufferStart.Steady },
        { "step", 1e-2, BufferStart.Steady },
        { "cosine", 1e-2, BufferStart.Steady },
        { "constant", 1e-2, BufferStart.Zero },
        { "step", 1e-2, BufferStart.Zero },
    };

    [Fact]
    public void The_toy_gradient_is_right_orthogonal_to_theta_and_scales_as_one_over_the_norm()
    {
        var toy = new ScaleInvariantToy(8, seed: 3);
        double[] theta = toy.Start, g = toy.Gradient(theta);
        for (int i = 0; i < toy.Dimension; i++)
        {
            double h = 1e-6;
            double[] up = (double[])theta.Clone(), down = (double[])theta.Clone();
            up[i] += h;
            down[i] -= h;
            Assert.Equal((toy.Loss(up) - toy.Loss(down)) / (2 * h), g[i], 1e-8);
        }
        Assert.True(Math.Abs(Dot(g, theta)) < 1e-14 * Norm(g) * Norm(theta));
        double[] g37 = toy.Gradient(Scaled(theta, 3.7));
        for (int i = 0; i < toy.Dimension; i++) Assert.Equal(g[i] / 3.7, g37[i], 1e-15);
        Assert.Equal(toy.Loss(theta), toy.Loss(Scaled(theta, 0.01)), 1e-14);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_converted_run_is_the_original_run_rescaled_at_every_step(string kind, double weightDecay, BufferStart start)
    {
        var toy = new ScaleInvariantToy(8, seed: 1);
        LearningRateSchedule schedule = kind switch
        {
            "constant" => new ConstantSchedule(Rate),
            "step" => new StepDecaySchedule(Rate, [70, 140], 0.1),
            _ => new CosineSchedule(Rate, Steps, 1e-3),
        };
        LrConversion conversion = ExponentialEquivalent.Convert(schedule, weightDecay, Momentum, start);
        Assert.Equal(kind == "constant" && start == BufferStart.Steady, conversion.Converted is ExponentialSchedule);

        var original = toy.Sgd(toy.Start, schedule.Rate, weightDecay, Momentum, new double[toy.Dimension], Steps);
        var converted = toy.Sgd(toy.Start, conversion.Converted.Rate, 0, Momentum, Scaled(toy.Start, conversion.InitialBufferFactor), Steps);

        var d = Deviation(original, converted, conversion.WeightScale);
        // How far rounding alone carries the run: the same run from θ₀ moved by a few ulps.
        var nudged = toy.Sgd(Scaled(toy.Start, 1 + 4e-16), schedule.Rate, weightDecay, Momentum, new double[toy.Dimension], Steps);
        var floor = Deviation(original, nudged, _ => 1 + 4e-16);
        output.WriteLine($"{kind} λ = {weightDecay} {start}: max direction {d.Direction:e2}, max norm ratio {d.Norm:e2}, " +
            $"max ‖θ̃ − cθ‖/‖θ̃‖ {d.Vector:e2} (rounding alone: {floor.Vector:e2}); final c = {conversion.WeightScale(Steps):g4}, moved {d.Moved:g3}");
        Assert.True(d.Moved > 0.1, $"the run barely moved ({d.Moved}): the test would prove nothing");
        Assert.True(d.Direction < 1e-10, $"directions differ by {d.Direction:e2}");
        Assert.True(d.Norm < 1e-10, $"norms differ from the scale c_t by {d.Norm:e2}");
        Assert.True(d.Vector < 1e-10, $"θ̃ − cθ is {d.Vector:e2} of θ̃");
    }

    [Fact]
    public void Without_the_initial_buffer_the_pure_exponential_is_only_approximate()
    {
        var toy = new ScaleInvariantToy(8, seed: 1);
        var schedule = new ConstantSchedule(Rate);
        LrConversion conversion = ExponentialEquivalent.Convert(schedule, 5e-4, Momentum);
        var original = toy.Sgd(toy.Start, schedule.Rate, 5e-4, Momentum, new double[toy.Dimension], Steps);
        var converted = toy.Sgd(toy.Start, conversion.Converted.Rate, 0, Momentum, new double[toy.Dimension], Steps);

        var d = Deviation(original, converted, conversion.WeightScale);
        output.WriteLine($"zero buffer with η·α^(−2t−1): max direction {d.Direction:e2}, max ‖θ̃ − cθ‖/‖θ̃‖ {d.Vector:e2}");
        Assert.True(d.Vector > 1e-6, $"expected a visible difference, found {d.Vector:e2}");
    }

    [Fact]
    public void The_step_decay_needs_the_taper_restarting_the_exponential_at_a_milestone_is_not_exact()
    {
        // The untapered guess: η̃_t = η_t α(η_t)^(−2t−1), the constant-rate answer applied piece by piece.
        var toy = new ScaleInvariantToy(8, seed: 1);
        var schedule = new StepDecaySchedule(Rate, [70, 140], 0.1);
        LrConversion conversion = ExponentialEquivalent.Convert(schedule, 1e-2, Momentum);
        double Guess(long t) => schedule.Rate(t) * Math.Pow(ExponentialEquivalent.Alpha(schedule.Rate(t), 1e-2, Momentum), -2 * t - 1);
        var original = toy.Sgd(toy.Start, schedule.Rate, 1e-2, Momentum, new double[toy.Dimension], Steps);
        var guessed = toy.Sgd(toy.Start, Guess, 0, Momentum, Scaled(toy.Start, conversion.InitialBufferFactor), Steps);

        var d = Deviation(original, guessed, _ => 1);
        Assert.True(d.Direction > 1e-6, $"expected the untapered guess to drift, found {d.Direction:e2}");
    }

    static (double Direction, double Norm, double Vector, double Moved) Deviation(List<double[]> original, List<double[]> converted, Func<long, double> scale)
    {
        double direction = 0, norm = 0, vector = 0;
        for (int t = 0; t < original.Count; t++)
        {
            double[] theta = original[t], tilde = converted[t];
            double n = Norm(theta), m = Norm(tilde), c = scale(t);
            direction = Math.Max(direction, Norm(Scaled(theta, 1 / n).Select((x, i) => x - tilde[i] / m).ToArray()));
            norm = Math.Max(norm, Math.Abs(m / (c * n) - 1));
            vector = Math.Max(vector, Norm(tilde.Select((x, i) => x - c * theta[i]).ToArray()) / m);
        }
        double[] first = original[0], last = original[^1];
        double moved = Norm(Scaled(first, 1 / Norm(first)).Select((x, i) => x - last[i] / Norm(last)).ToArray());
        return (direction, norm, vector, moved);
    }
}
