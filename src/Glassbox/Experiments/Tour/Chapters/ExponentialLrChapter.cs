using static System.FormattableString;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Glassbox.Data;
using Glassbox.Experiments.ExponentialLr;
using Glassbox.Reporting;
using Glassbox.Training;

namespace Glassbox.Experiments.Tour.Chapters;

/// <summary>
/// Exponential learning rates (Li & Arora, ICLR 2020): for a scale-invariant net, SGD with momentum and weight decay is SGD
/// without weight decay on an exponentially growing rate. The converter, the exact-equivalence experiment (two float64 nets,
/// same batches) and a real training comparison of the two schedules.
/// </summary>
public sealed class ExponentialLrChapter : ITourChapter
{
    const double Rate = 0.1, Momentum = 0.9, Decay = 5e-4;
    const int CifarStepsPerEpoch = 391;

    static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public const string GrowthQuote =
        "at every iteration you're multiplying the learning rate by one plus c for some c bigger than zero";

    public const string FunctionSpaceQuote =
        "nets produced by existing training schedules you know which have something like this this form that i show can also be obtained in function space";

    public const string TrainingQuote =
        "it's possible to train today's state-of-the-art deep architectures while growing the learning rate exponentially";

    public IReadOnlyList<string> Quotes => [GrowthQuote, FunctionSpaceQuote, TrainingQuote];

    public string Id => "exponential-lr";

    public string Fingerprint(TourSize size)
    {
        Plan p = For(size);
        return $"{Id}/v2/equivalence{p.EquivalenceSteps}x{p.EquivalenceImages}/smallcnn-mnist{p.TrainImages}/{p.TestImages}x{p.Epochs}:{p.Schedule}:" +
               $"seeds{string.Join(',', p.Seeds)}";
    }

    public string Title => "Exponential learning rates: weight decay is an exponentially growing rate";

    // Measured on the 2-core machine: quick ≈ 75 s (MNIST load, 60 float64 steps twice, 2 × 3 small epochs); full ≈ 15 min
    // (600 float64 steps twice ≈ 5 min, 4 runs × 6 epochs of 10,000 images ≈ 10 min).
    public TimeSpan Estimate(TourSize size) => TimeSpan.FromSeconds(size == TourSize.Quick ? 75 : 900);

    sealed record Plan(int EquivalenceSteps, int EquivalenceImages, int TrainImages, int TestImages, int Epochs, string Schedule, long[] Seeds);

    static Plan For(TourSize size) => size == TourSize.Full
        ? new Plan(600, 2048, 10_000, 10_000, 6, "step:3,5/0.1", [1, 2])
        : new Plan(60, 2048, 4096, 2000, 3, "step:2/0.1", [1]);

    sealed record SavedEquivalence(string Key, EquivalenceResult Result);

    public ChapterSection Run(TourContext context)
    {
        Plan plan = For(context.Size);
        var claims = new List<TourClaim>();
        var md = new StringBuilder();
        var plots = new List<string>();

        // The converter: the rate the paper's theorem gives for the usual CIFAR-10 settings.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        LrConversion constant = ExponentialEquivalent.Convert(new ConstantSchedule(Rate), Decay, Momentum);
        double alpha = constant.Alpha, residual = Math.Abs(alpha * alpha - (1 + Momentum - Decay * Rate) * alpha + Momentum);
        double perEpoch = constant.PerEpochGrowth(CifarStepsPerEpoch), perStep = constant.PerStepGrowth;
        var step = ScheduleSyntax.Parse("step:60,90/0.1", new ScheduleContext(Rate, CifarStepsPerEpoch, 100, Decay, Momentum));
        LrConversion tapered = ExponentialEquivalent.Convert(step, Decay, Momentum);
        string ratesPlot = context.File("converted-rates.png");
        ScheduleReport.PlotRates([("step decay with weight decay 5e-4", step), ("its exact conversion, no weight decay", tapered.Converted)],
            100L * CifarStepsPerEpoch, CifarStepsPerEpoch, "Learning rate: step decay with weight decay vs its exponential equivalent (391 steps/epoch)", ratesPlot);
        plots.Add(context.Link(ratesPlot));
        claims.Add(new TourClaim(
            GrowthQuote,
            "η̃_t = η·α^(−2t−1), α the larger root of x² − (1 + γ − λη)x + γ = 0",
            "Li & Arora, ICLR 2020 (the equivalence theorem; no per-epoch figure is published, so this row checks the derivation)",
            Invariant($"η = 0.1, γ = 0.9, λ = 5e-4: α = {alpha:0.000000000}, c = α^(−2) − 1 = {perStep - 1:0.000e+00} per step, ×{perEpoch:0.0000} per epoch of 391 steps; α's residual in the quadratic {residual:0.0e+00}"),
            VerdictRules.AllOf(perStep > 1, residual < 1e-12),
            "reproduced when c > 0 and α solves the quadratic to 1e-12",
            clock.Elapsed.TotalSeconds, $"{context.Launcher} lr convert --lr 0.1 --momentum 0.9 --wd 5e-4 --steps-per-epoch 391 --schedule step:60,90 --epochs 100"));

        string mnist = DataPaths.Mnist(context.DataRoot);
        if (!Directory.Exists(mnist)) throw new DirectoryNotFoundException($"the exponential-lr chapter needs MNIST at {mnist}");
        context.Progress.Report(new TourStep("loading MNIST", 0, 1, "sets"));
        ImageSplit all = MnistLoader.Load(mnist);

        // Experiment a: the same net, two ways, same batches, float64.
        EquivalenceResult equivalence = Equivalence(context, all.Train.Take(plan.EquivalenceImages), plan);
        string equivalencePlot = context.File("equivalence.png");
        EquivalenceReport.Plot(equivalence, "Weight decay vs its exponential conversion: MNIST, small CNN, float64", equivalencePlot);
        plots.Add(context.Link(equivalencePlot));
        claims.Add(new TourClaim(
            FunctionSpaceQuote,
            "the two runs compute the same function at every step, θ̃_t = c_t θ_t exactly",
            "Li & Arora, ICLR 2020 (the equivalence theorem)",
            Invariant($"over {plan.EquivalenceSteps} steps: outputs differ by ≤ {equivalence.MaxOutputRelativeDifference:0.0e+00} (relative), ‖θ̃‖/‖θ‖ = c_t to {equivalence.MaxScaleRelativeError:0.0e+00}"),
            VerdictRules.Within(Math.Max(equivalence.MaxOutputRelativeDifference, equivalence.MaxScaleRelativeError), 1e-9, 1e-4),
            "reproduced when outputs and the weight-norm ratio agree to 1e-9 (float64 rounding), partly to 1e-4",
            equivalence.Seconds,
            $"{context.Launcher} lr equivalence --steps {plan.EquivalenceSteps} --train-images {plan.EquivalenceImages} --out {context.RerunFolder("lr-equivalence")}",
            context.Size == TourSize.Quick ? "60 steps instead of 600" : null));

        // Experiment b: real training, step decay with weight decay against its conversion.
        var data = new ImageSplit(all.Train.Take(plan.TrainImages), all.Test.Take(plan.TestImages));
        var spec = new AccuracyComparisonSpec("smallcnn", plan.Epochs, 128, Rate, Momentum, Decay, plan.Schedule, plan.Seeds, BnRecalibrationBatches: 10);
        int epochsDone = 0, epochsTotal = plan.Epochs * plan.Seeds.Length * 2;
        AccuracyComparisonResult comparison = AccuracyComparison.Run(spec, data, context.File($"compare-{context.Size.ToString().ToLowerInvariant()}"),
            (arm, seed, record) => context.Progress.Report(new TourStep($"training · {arm} · seed {seed}", ++epochsDone, epochsTotal, "epochs")), context.Cancel);
        string accuracyPlot = context.File("accuracy.png");
        AccuracyComparisonReport.PlotAccuracy(comparison, $"Test accuracy: step decay with weight decay vs its exponential conversion (MNIST, {plan.TrainImages} images)", accuracyPlot);
        string lrPlot = context.File("training-rates.png");
        AccuracyComparisonReport.PlotRates(comparison, $"Learning rate of the two runs: {plan.Schedule} with λ = 5e-4 and its conversion", lrPlot);
        plots.Add(context.Link(accuracyPlot));
        plots.Add(context.Link(lrPlot));
        double Mean(string arm) => 100 * comparison.Runs.Where(r => r.Arm == arm).Average(r => r.Final.TestAccuracy);
        double withDecay = Mean(AccuracyComparison.WithDecay), exponential = Mean(AccuracyComparison.Exponential);
        claims.Add(new TourClaim(
            TrainingQuote,
            "step decay with weight decay and its exponential conversion reach the same test accuracy (about 95% for both with PreResNet-32 on CIFAR-10)",
            "Li & Arora, ICLR 2020, CIFAR-10 experiments, as quoted in docs/results/exponential-lr.md",
            Invariant($"MNIST, scale-invariant small CNN, {plan.Epochs} epochs, {plan.Seeds.Length} seed{(plan.Seeds.Length > 1 ? "s" : "")}: with weight decay {withDecay:0.00}%, exponential {exponential:0.00}% (difference {exponential - withDecay:+0.00;-0.00} points)"),
            VerdictRules.Within(Math.Abs(exponential - withDecay), 1, 3),
            "reproduced when the mean final test accuracies differ by ≤ 1 point, partly ≤ 3",
            comparison.Runs.Sum(r => r.Epochs.Sum(e => e.Seconds)),
            $"{context.Launcher} lr compare --model smallcnn --dataset mnist --epochs {plan.Epochs} --schedule {plan.Schedule} --seeds {string.Join(',', plan.Seeds)} " +
            $"--train-images {plan.TrainImages} --test-images {plan.TestImages} --bn-recalibrate 10 --out {context.RerunFolder("lr-compare")}",
            context.Size == TourSize.Quick
                ? "MNIST (4,096 images, 3 epochs, 1 seed) instead of the paper's CIFAR-10 with PreResNet-32; --full: 10,000 images, 6 epochs, 2 seeds"
                : "MNIST and a small CNN instead of CIFAR-10 with PreResNet-32 (too slow for 2 cores; see docs/results/exponential-lr.md for CIFAR-10)"));

        md.AppendLine("A net whose loss does not change when its weights are scaled (every trained weight feeds a BatchNorm) is trained with PyTorch's " +
            "SGD: v ← γv + g + λθ, θ ← θ − η_t v. The theorem: dropping the weight decay and using the rate η̃_t (and a chosen first momentum " +
            "buffer) gives weights θ̃_t = c_t θ_t, the same function at every step.");
        md.AppendLine();
        md.AppendLine(Invariant($"**The converter.** η = 0.1, γ = 0.9, λ = 5·10⁻⁴: α = {alpha:0.000000000}; the equivalent rate grows ×{perStep:0.000000} per step, ×{perEpoch:0.0000} per epoch of 391 steps (CIFAR-10 at batch 128). Step decay at epochs 60 and 90 becomes the tapered exponential:"));
        md.AppendLine();
        md.AppendLine($"![learning rates]({context.Link(ratesPlot)})");
        md.AppendLine();
        md.AppendLine(Invariant($"**Exact equivalence** ({plan.EquivalenceImages} MNIST images, batch 64, {plan.EquivalenceSteps} steps, float64, BatchNorm ε = 10⁻³⁰, outputs compared in training mode): the largest relative difference of the two nets' outputs is {equivalence.MaxOutputRelativeDifference:0.0e+00}, and ‖θ̃‖/‖θ‖ matches c_t to {equivalence.MaxScaleRelativeError:0.0e+00}."));
        md.AppendLine();
        md.Append(EquivalenceReport.Table(equivalence, Math.Max(1, equivalence.Points.Count / 6)));
        md.AppendLine();
        md.AppendLine($"![equivalence]({context.Link(equivalencePlot)})");
        md.AppendLine();
        md.AppendLine(Invariant($"**Training both** (MNIST, first {plan.TrainImages} training and {plan.TestImages} test images, batch 128, {plan.Epochs} epochs, {plan.Schedule} with λ = 5·10⁻⁴ against its conversion without weight decay, float32, BatchNorm statistics recomputed from 10 batches before each evaluation):"));
        md.AppendLine();
        md.Append(AccuracyComparisonReport.Table(comparison));
        md.AppendLine();
        md.AppendLine($"![accuracy]({context.Link(accuracyPlot)})");
        md.AppendLine();
        md.AppendLine($"![training rates]({context.Link(lrPlot)})");
        return new ChapterSection(Id, Title, context.Size, claims, md.ToString(), plots, 0);
    }

    /// <summary>Experiment a, read back when a finished run of the same settings is in the folder.</summary>
    static EquivalenceResult Equivalence(TourContext context, ImageDataset train, Plan plan)
    {
        var options = new EquivalenceOptions(new ConstantSchedule(Rate), Decay, Momentum, plan.EquivalenceSteps, 64, 1, 10);
        string key = Invariant($"mnist/{train.Count}/{Rate:R}/{Momentum:R}/{Decay:R}/{plan.EquivalenceSteps}/64/1/10");
        string path = context.File("equivalence.json");
        if (File.Exists(path))
        {
            SavedEquivalence? saved = TourFiles.Read<SavedEquivalence>(path, Json, "a finished equivalence run");
            if (saved?.Key == key) return saved.Result;
        }
        EquivalenceResult result = EquivalenceExperiment.Run(EquivalenceExperiment.SmallCnnFloat64(train.Classes), train, options,
            new InlineProgress<EquivalencePoint>(p => context.Progress.Report(new TourStep("equivalence · two float64 nets", p.Step, plan.EquivalenceSteps, "steps"))),
            context.Cancel);
        AtomicFile.WriteText(path, JsonSerializer.Serialize(new SavedEquivalence(key, result), Json));
        return result;
    }
}
