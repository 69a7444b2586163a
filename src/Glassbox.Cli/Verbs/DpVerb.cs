using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Glassbox.Privacy.Accounting;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>
/// `glassbox dp`: differential privacy of noisy SGD. `epsilon` and `noise` are the RDP accountant of the sampled
/// Gaussian mechanism (Mironov, Talwar &amp; Zhang 2019) with the conversion to (ε, δ) of Balle et al. 2020.
/// </summary>
public static class DpVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var command = new Command("dp", "Differential privacy of noisy SGD (DP-SGD, Abadi et al. 2016): the privacy accountant (epsilon, noise) and DP-SGD training (train).");
        command.Subcommands.Add(BuildEpsilon(console));
        command.Subcommands.Add(BuildNoise(console));
        command.Subcommands.Add(DpTrainVerb.Build(console));
        return command;
    }

    static Option<double> SampleRate() => new("--sample-rate") { Description = "q in (0, 1]: the chance that each example is in a step's batch (expected batch / data set size)", Required = true };
    static Option<long> Steps() => new("--steps") { Description = "T ≥ 1: the number of noisy steps", Required = true };
    static Option<double> Delta() => new("--delta") { Description = "δ in (0, 1), usually below 1/(data set size)", Required = true };
    static Option<string> Conversion()
    {
        var option = new Option<string>("--conversion")
        {
            Description = "improved: ε = RDP + ln((α−1)/α) − (ln δ + ln α)/(α−1) (Balle et al. 2020, Opacus); classic: ε = RDP − ln δ/(α−1) (Mironov 2017)",
            DefaultValueFactory = _ => "improved",
        };
        option.AcceptOnlyFromAmong("improved", "classic");
        return option;
    }

    static Command BuildEpsilon(IAnsiConsole console)
    {
        var noise = new Option<double>("--noise") { Description = "σ > 0: the noise multiplier (noise standard deviation / clipping norm)", Required = true };
        var (rate, steps, delta, conversion) = (SampleRate(), Steps(), Delta(), Conversion());
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("epsilon", "The ε spent by T steps of the sampled Gaussian mechanism at (q, σ), at this δ, and the RDP order that gives it " +
                                             "(the best over Opacus's orders 1.1, 1.2, …, 10.9, 12, …, 63).");
        foreach (Option option in new Option[] { noise, rate, steps, delta, conversion, json }) command.Options.Add(option);
        command.SetAction(p =>
        {
            double sigma = p.GetValue(noise), q = p.GetValue(rate), d = p.GetValue(delta);
            long t = p.GetValue(steps);
            if (!(sigma > 0) || !double.IsFinite(sigma)) throw new UsageException($"--noise must be a finite number > 0, got {N(sigma)}");
            Check(q, t, d);
            PrivacySpent spent = RdpAccountant.Epsilon(q, sigma, t, d, Parse(p.GetValue(conversion)!));
            Print(console, p.GetValue(json), spent, sigma, q, t);
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command BuildNoise(IAnsiConsole console)
    {
        var epsilon = new Option<double>("--epsilon") { Description = "The target ε > 0", Required = true };
        var (rate, steps, delta, conversion) = (SampleRate(), Steps(), Delta(), Conversion());
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("noise", "The smallest noise multiplier σ (to 1e-9 relative) whose T steps at rate q spend at most ε at this δ.");
        foreach (Option option in new Option[] { epsilon, rate, steps, delta, conversion, json }) command.Options.Add(option);
        command.SetAction(p =>
        {
            double target = p.GetValue(epsilon), q = p.GetValue(rate), d = p.GetValue(delta);
            long t = p.GetValue(steps);
            if (!(target > 0) || !double.IsFinite(target)) throw new UsageException($"--epsilon must be a finite number > 0, got {N(target)}");
            Check(q, t, d);
            var how = Parse(p.GetValue(conversion)!);
            double sigma;
            try { sigma = RdpAccountant.NoiseFor(target, q, t, d, how); }
            catch (ArgumentOutOfRangeException e) { throw new UsageException(e.Message.Split(" (Parameter")[0]); }
            Print(console, p.GetValue(json), RdpAccountant.Epsilon(q, sigma, t, d, how), sigma, q, t);
            return ExitCodes.Ok;
        });
        return command;
    }

    static void Check(double q, long steps, double delta)
    {
        if (!(q > 0 && q <= 1)) throw new UsageException($"--sample-rate must be in (0, 1], got {N(q)}");
        if (steps < 1) throw new UsageException($"--steps must be ≥ 1, got {steps}");
        if (!(delta > 0 && delta < 1)) throw new UsageException($"--delta must be in (0, 1), got {N(delta)}");
    }

    static RdpConversion Parse(string conversion) => conversion == "classic" ? RdpConversion.Classic : RdpConversion.Improved;

    static void Print(IAnsiConsole console, bool json, PrivacySpent spent, double sigma, double q, long steps)
    {
        string conversion = spent.Conversion == RdpConversion.Classic ? "classic" : "improved";
        if (json)
        {
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new
            {
                epsilon = spent.Epsilon, order = spent.Order, delta = spent.Delta, noise = sigma, sample_rate = q, steps, conversion,
            }));
            return;
        }
        console.WriteLine($"ε = {N(spent.Epsilon, "0.000000")} at δ = {N(spent.Delta)}   (best RDP order α = {N(spent.Order)}, {conversion} conversion)");
        console.WriteLine($"from T = {steps} steps of the sampled Gaussian mechanism, q = {N(q)}, σ = {N(sigma, "0.000000###")}");
    }

    static string N(double x, string format = "g6") => x.ToString(format, CultureInfo.InvariantCulture);
}
