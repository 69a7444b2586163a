using System.CommandLine;
using System.Globalization;
using Glassbox.Reporting;
using Glassbox.Training;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>
/// `glassbox lr`: learning-rate schedules. `convert` turns SGD with momentum and weight decay on a
/// scale-invariant (normalised) net into the equivalent SGD without weight decay and an exponentially
/// growing rate (Li &amp; Arora, ICLR 2020).
/// </summary>
public static class LrVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var command = new Command("lr", "Learning-rate schedules and their exponential equivalents without weight decay (Li & Arora, ICLR 2020).");
        command.Subcommands.Add(BuildConvert(console));
        command.Subcommands.Add(LrEquivalenceVerb.Build(console));
        command.Subcommands.Add(LrCompareVerb.Build(console));
        return command;
    }

    sealed record ConvertRequest(double Rate, double Momentum, double WeightDecay, int StepsPerEpoch, string Schedule, int Epochs,
        int? Every, BufferStart Start, string? Plot, string? Out);

    static Command BuildConvert(IAnsiConsole console)
    {
        var rate = new Option<double>("--lr") { Description = "η, the (first) learning rate", Required = true };
        var momentum = new Option<double>("--momentum") { Description = "γ in [0, 1), PyTorch-style (v ← γv + g + λθ, θ ← θ − ηv)", Required = true };
        var wd = new Option<double>("--wd") { Description = "λ ≥ 0, the weight decay", Required = true };
        var stepsPerEpoch = new Option<int>("--steps-per-epoch") { Description = "Steps per epoch (391: CIFAR-10 in batches of 128)", DefaultValueFactory = _ => 391 };
        var schedule = new Option<string>("--schedule") { Description = $"The schedule with weight decay, epochs in the text: {ScheduleSyntax.Help}", DefaultValueFactory = _ => "constant" };
        var epochs = new Option<int>("--epochs") { Description = "Length of the run in epochs (the table, the plot, cosine)", DefaultValueFactory = _ => 200 };
        var every = new Option<int?>("--every") { Description = "Epochs between table rows (default: about 20 rows)" };
        var start = new Option<string>("--start") { Description = "steady (ṽ₀ = (α−1)/(αη)·θ₀: η̃ exactly η·α^(−2t−1) while η is constant) or zero (ṽ₀ = 0, η̃ warms up)", DefaultValueFactory = _ => "steady" };
        start.AcceptOnlyFromAmong("steady", "zero");
        var plot = new Option<string?>("--plot") { Description = "Write both schedules against epochs to this PNG (log-scale y)" }.File(".png");
        var output = new Option<string?>("--out") { Description = "Write the conversion and its table as JSON to this file" }.File(".json");

        var command = new Command("convert",
            "The schedule without weight decay that gives the same net, up to scale, as SGD with momentum and weight decay " +
            "on a scale-invariant loss; prints α, the growth factors, the first momentum buffer and a table by epoch.");
        foreach (Option option in new Option[] { rate, momentum, wd, stepsPerEpoch, schedule, epochs, every, start, plot, output }) command.Options.Add(option);
        command.SetAction(p => Convert(console, new ConvertRequest(p.GetValue(rate), p.GetValue(momentum), p.GetValue(wd), p.GetValue(stepsPerEpoch),
            p.GetValue(schedule)!, p.GetValue(epochs), p.GetValue(every), p.GetValue(start) == "zero" ? BufferStart.Zero : BufferStart.Steady,
            p.GetValue(plot), p.GetValue(output))));
        return command;
    }

    static int Convert(IAnsiConsole console, ConvertRequest request)
    {
        int perEpoch = request.StepsPerEpoch, epochs = request.Epochs;
        if (perEpoch < 1) throw new UsageException($"--steps-per-epoch must be ≥ 1, got {perEpoch}");
        if (epochs < 1) throw new UsageException($"--epochs must be ≥ 1, got {epochs}");
        int every = request.Every ?? Math.Max(1, (epochs + 19) / 20);
        if (every < 1) throw new UsageException($"--every must be ≥ 1, got {every}");
        if (!(request.Rate > 0)) throw new UsageException($"--lr must be > 0, got {N(request.Rate)}");
        if (!(request.Momentum >= 0 && request.Momentum < 1)) throw new UsageException($"--momentum must be in [0, 1), got {N(request.Momentum)}");
        if (!(request.WeightDecay >= 0)) throw new UsageException($"--wd must be ≥ 0, got {N(request.WeightDecay)}");

        LrConversion conversion;
        try
        {
            var context = new ScheduleContext(request.Rate, perEpoch, epochs, request.WeightDecay, request.Momentum);
            conversion = ExponentialEquivalent.Convert(ScheduleSyntax.Parse(request.Schedule, context), request.WeightDecay, request.Momentum, request.Start);
            conversion.Check((long)epochs * perEpoch, NumberRange.Double, perEpoch);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new UsageException(e.Message);
        }

        bool pure = conversion.Converted is ExponentialSchedule;
        double eta0 = conversion.Original.Rate(0);
        console.WriteLine($"α = {N(conversion.Alpha, "0.000000000")}   (larger root of x² − (1 + γ − λη)x + γ = 0 at η = {N(eta0)}, γ = {N(request.Momentum)}, λ = {N(request.WeightDecay)})");
        console.WriteLine($"growth of the rate per step:  α^(−2) = {N(conversion.PerStepGrowth, "0.000000000")}");
        console.WriteLine($"growth of the rate per epoch: α^(−2·{perEpoch}) = {N(conversion.PerEpochGrowth(perEpoch), "0.0000")}" +
            (pure ? "" : "   (while η stays at its first value)"));
        console.WriteLine(conversion.Start == BufferStart.Steady
            ? $"first momentum buffer: ṽ₀ = (α − 1)/(α·η)·θ₀ = {N(conversion.InitialBufferFactor, "0.000000e+00")}·θ₀ (not zero), from θ̃₀ = θ₀"
            : "first momentum buffer: ṽ₀ = 0, from θ̃₀ = θ₀");
        console.WriteLine(pure
            ? "converted schedule: η̃_t = η·α^(−2t−1), momentum γ, no weight decay; weights θ̃_t = α^(−t)·θ_t"
            : "converted schedule (tapered exponential): η̃_t = η_t·c_t·c_(t+1), c_(t+1) = k_t·c_t, 1/k_t = 1 − η_t·λ + γ·r_t·(1 − k_(t−1)), " +
              "r_t = η_t/η_(t−1); momentum γ, no weight decay; weights θ̃_t = c_t·θ_t");

        var rows = RowEpochs(conversion.Original, epochs, every, perEpoch);
        ConversionSummary summary = conversion.Summary(perEpoch, rows);
        var table = new Table().Border(TableBorder.Simple).AddColumns("epoch", "step", "η_t (with weight decay)", "η̃_t (without)", "weight scale c_t");
        foreach (var row in summary.Rows)
            table.AddRow($"{row.Epoch}", $"{row.Step}", N(row.Rate, "0.0000e+00"), N(row.ConvertedRate, "0.0000e+00"), N(row.WeightScale, "0.0000e+00"));
        console.Write(table);

        if (request.Plot is not null)
        {
            ScheduleReport.PlotRates([("η_t with weight decay", conversion.Original), ("η̃_t without weight decay", conversion.Converted)],
                (long)epochs * perEpoch, perEpoch, $"λ = {N(request.WeightDecay)}, γ = {N(request.Momentum)}: {request.Schedule}", request.Plot);
            console.WriteLine($"wrote {Path.GetFullPath(request.Plot)}");
        }
        if (request.Out is not null)
        {
            string full = Path.GetFullPath(request.Out);
            CliFiles.WriteJson(full, summary);
            console.WriteLine($"wrote {full}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>Every <paramref name="every"/>-th epoch, the last one, and for a step decay the epochs on both sides of each milestone.</summary>
    static IEnumerable<int> RowEpochs(LearningRateSchedule schedule, int epochs, int every, int perEpoch)
    {
        var set = new SortedSet<int>(Enumerable.Range(0, epochs).Where(e => e % every == 0)) { epochs - 1 };
        if (schedule is StepDecaySchedule step)
            foreach (long milestone in step.Milestones)
                foreach (long e in new[] { milestone / perEpoch - 1, milestone / perEpoch })
                    if (e >= 0 && e < epochs) set.Add((int)e);
        return set;
    }

    static string N(double x, string format = "g6") => x.ToString(format, CultureInfo.InvariantCulture);
}
