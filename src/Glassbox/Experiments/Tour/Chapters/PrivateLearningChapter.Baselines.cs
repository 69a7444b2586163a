using static System.FormattableString;
using System.Text;
using Glassbox.Data;
using Glassbox.Experiments.Privacy;
using Glassbox.Privacy;
using Glassbox.Privacy.Dp;
using Glassbox.Privacy.Federated;
using Glassbox.Reporting;

namespace Glassbox.Experiments.Tour.Chapters;

/// <summary>The chapter's second half: the alternatives the talk sets InstaHide against — federated learning, the gradient
/// attack on it, differential privacy — measured at the same scale, and every approach side by side.</summary>
public sealed partial class PrivateLearningChapter
{
    public const string GradientQuote = "there are attacks showing that you can recover the inputs from the gradients";

    public const string DpQuote = "there's large accuracy drop due to the added noise";

    /// <summary>DP-SGD as Opacus's MNIST example (σ = 1.3, C = 1.5, expected batch 240, η = 0.25; the non-private run η = 0.1).</summary>
    const double Sigma = 1.3, Clip = 1.5, ExpectedBatch = 240, DpRate = 0.25, PlainRate = 0.1, Delta = 1e-5;

    sealed record BaselinePlan(int TrainImages, int TestImages, int DpEpochs, int Rounds, string InversionSet, int[] InversionImages, int Iterations, int Restarts);

    static BaselinePlan BaselinesFor(TourSize size) => size == TourSize.Full
        ? new BaselinePlan(20_000, 10_000, 15, 20, "cifar10", [0, 1, 2], 100, 2)
        : new BaselinePlan(4096, 2000, 5, 4, "mnist", [0], 30, 3); // DLG from one random start stalls now and then (seen: MNIST image 0, SSIM 0.11 from seed 1's start)

    static readonly string[] InversionDefenses = ["none", "noise:0.01", Invariant($"dp:{Clip},{Sigma}"), "instahide:4"];
    // DP-FedAvg with S = 1 overflowed over 10 parties (noise σS/10 on every weight each round); S = 0.1 learns, slowly.
    static readonly string[] FederatedArms = ["none", "dp:0.1,1", "instahide:4"];

    static string BaselineFingerprint(TourSize size)
    {
        BaselinePlan b = BaselinesFor(size);
        return Invariant($"/baselines σ{Sigma}C{Clip}b{ExpectedBatch}η{DpRate},{PlainRate}/{b.TrainImages}/{b.TestImages}:dp{b.DpEpochs}:fed{b.Rounds}{string.Join(';', FederatedArms)}:{b.InversionSet}{string.Join(',', b.InversionImages)}x{b.Iterations}r{b.Restarts}{string.Join(';', InversionDefenses)}");
    }

    /// <summary>Row of the side-by-side table: approach, net and data, accuracy, guarantee, leakage, seconds per epoch.</summary>
    sealed record Approach(string Name, string Setting, double Accuracy, string Guarantee, string Leakage, double SecondsPerEpoch);

    void RunBaselines(TourContext context, ImageSplit mnist, string size, MixingAccuracyResult mixing, IReadOnlyList<AttackSweepRow> attack,
        List<TourClaim> claims, List<string> plots, StringBuilder md)
    {
        BaselinePlan plan = BaselinesFor(context.Size);
        var data = new ImageSplit(mnist.Train.Take(plan.TrainImages), mnist.Test.Take(plan.TestImages));
        string scale = Invariant($"MNIST (first {plan.TrainImages} training, {plan.TestImages} test images)");
        string? reduction = context.Size == TourSize.Quick
            ? Invariant($"{plan.TrainImages} images, {plan.DpEpochs} epochs, {plan.Rounds} federated rounds, one MNIST image inverted; --full: 20,000 images, 15 epochs, 20 rounds, three CIFAR-10 images")
            : "MNIST subsets instead of the papers' full data sets";

        // Gradient inversion under each defence.
        ImageDataset victims = ImageSets.Load(plan.InversionSet, context.DataRoot).Train;
        var inversionOptions = new InversionSweepOptions(plan.InversionSet, "lenet", plan.Iterations, plan.Restarts, Seed: 1);
        IReadOnlyList<InversionSummaryRow> inversion = InversionSweep.Run(victims, inversionOptions, plan.InversionImages, InversionDefenses, KeySource.Secure(),
            context.File($"inversion-{size}"), new InlineProgress<(int Done, int Total, string Case)>(p => context.Progress.Report(new TourStep($"gradient inversion · {p.Case}", p.Done, p.Total, "cases"))),
            context.Cancel);
        plots.Add(context.Link(context.File(Path.Combine($"inversion-{size}", InversionSweep.GridFile))));
        InversionSummaryRow undefended = inversion.Single(r => r.Defense == "none");
        string images = string.Join(", ", plan.InversionImages);
        claims.Add(new TourClaim(GradientQuote,
            "Deep Leakage from Gradients recovers training images pixel by pixel from one shared gradient (LeNet, CIFAR-10, batch 1)",
            "Zhu, Liu, Han, NeurIPS 2019, Figure 3",
            Invariant($"{plan.InversionSet} training image{(plan.InversionImages.Length > 1 ? "s" : "")} {images}, LeNet (sigmoid), no defence: max SSIM {undefended.MaxSsim:0.000}, mean {undefended.MeanSsim:0.000}; ") +
                string.Join("; ", inversion.Where(r => r.Defense != "none").Select(r => Invariant($"{r.Defense}: mean {r.MeanSsim:0.000}"))),
            undefended.MaxSsim >= 0.9 ? Verdict.Reproduced : undefended.MaxSsim >= 0.5 ? Verdict.Partly : Verdict.NotReproduced,
            "reproduced when some image is recovered from its undefended gradient with SSIM ≥ 0.9, partly ≥ 0.5",
            inversion.Sum(r => r.MeanSeconds * r.Images),
            $"{context.Launcher} invert-gradient sweep --dataset {plan.InversionSet} --indices {string.Join(',', plan.InversionImages)} --iterations {plan.Iterations} --restarts {plan.Restarts} " +
            $"--defenses {string.Join(' ', InversionDefenses)} --out {context.RerunFolder("inversion")}", reduction));

        // DP-SGD against the same net without privacy.
        double q = ExpectedBatch / plan.TrainImages;
        DpEpochRecord TrainDp(bool isPrivate)
        {
            using PerExampleNet net = DpModels.Create("samplecnn", 1, 28, 28, 10, seed: 1);
            var options = new DpTrainingOptions(isPrivate ? Sigma : 0, Clip, q, plan.DpEpochs, Delta, isPrivate ? DpRate : PlainRate, Resume: true, Private: isPrivate); // a chapter rerun after a kill continues its runs
            string name = isPrivate ? "DP-SGD" : "non-private SGD";
            var records = DpTrainer.Run(net, "samplecnn", data, options, KeySource.Secure(), context.File($"{(isPrivate ? "dp-sgd" : "sgd")}-{size}"),
                new InlineProgress<(int Epoch, int Step, int Steps)>(p => context.Progress.Report(new TourStep($"{name} · epoch {p.Epoch + 1}", p.Epoch + (double)p.Step / p.Steps, plan.DpEpochs, "epochs"))),
                context.Cancel);
            return new DpEpochRecord(records[^1].Epoch, records[^1].Step, records[^1].TrainLoss, records[^1].TestLoss, records[^1].TestAccuracy,
                records[^1].Epsilon, records[^1].Order, records[^1].EpsilonClassic, Delta, records.Average(r => r.MeanBatch), records.Average(r => r.Seconds));
        }
        DpEpochRecord plainSgd = TrainDp(false), dpSgd = TrainDp(true);
        double drop = 100 * (plainSgd.TestAccuracy - dpSgd.TestAccuracy);
        claims.Add(new TourClaim(DpQuote,
            "differential privacy costs accuracy: Opacus's MNIST example reaches 94.63% ± 0.34 at ε = 1.19 against 98.94% ± 0.32 without privacy; on CIFAR-10 \"the best accuracy people have been able to get is 75\"",
            "Opacus examples/mnist README (10 runs each); the talk",
            Invariant($"{scale}, Opacus's SampleConvNet, {plan.DpEpochs} epochs, each at Opacus's rate (η = {PlainRate} without privacy, {DpRate} with): non-private {100 * plainSgd.TestAccuracy:0.00}%, DP-SGD (σ = {Sigma}, C = {Clip}, q = {q:0.####}) {100 * dpSgd.TestAccuracy:0.00}% at ε = {dpSgd.Epsilon:0.00} (δ = 10⁻⁵): {drop:0.00} points lost"),
            drop >= 3 ? Verdict.Reproduced : drop >= 1 ? Verdict.Partly : Verdict.NotReproduced,
            "reproduced when DP-SGD loses ≥ 3 points of test accuracy against the same net trained without privacy, partly ≥ 1",
            (plainSgd.Seconds + dpSgd.Seconds) * plan.DpEpochs,
            Invariant($"{context.Launcher} dp train --dataset mnist --model samplecnn --train-images {plan.TrainImages} --test-images {plan.TestImages} --noise {Sigma} --clip {Clip} --sample-rate {q:R} --epochs {plan.DpEpochs} --lr {DpRate} --out {context.RerunFolder("dp-sgd")} (and with --no-privacy --lr {PlainRate} instead of --noise … --lr {DpRate})"),
            reduction));

        // Federated averaging, plain and with each protection; 10 parties, IID shards.
        var federated = new List<(string Arm, RoundRecord Last, double Seconds)>();
        foreach (string arm in FederatedArms)
        {
            var options = new FederatedOptions("samplecnn", Parties: 10, plan.Rounds, Fraction: 1, "iid", new LocalTraining(1, 50, 0.1, 1), Seed: 1, Privacy: arm, Delta: Delta);
            var rounds = FederatedRun.Run(data, options, context.File($"federated-{arm.Replace(':', '-').Replace(',', '-')}-{size}"),
                new InlineProgress<(int Round, int Party, int Parties)>(p => context.Progress.Report(new TourStep($"federated · {arm} · round {p.Round}", p.Round - 1 + (double)p.Party / Math.Max(1, p.Parties), plan.Rounds, "rounds"))),
                context.Cancel);
            federated.Add((arm, rounds[^1], rounds.Average(r => r.Seconds)));
        }

        // Side by side.
        string Ssim(string defense) => inversion.FirstOrDefault(r => r.Defense == defense) is { } r ? Invariant($"{r.MaxSsim:0.000} (gradient inversion, {r.Defense})") : "not measured";
        double MixingMean(string arm) => mixing.Runs.Where(r => r.Arm == arm).Average(r => r.Final.TestAccuracy);
        double MixingSeconds(string arm) => mixing.Runs.Where(r => r.Arm == arm).SelectMany(r => r.Epochs).Average(e => e.Seconds);
        double carlini = attack.Where(r => r.Setting.K >= 4).Select(r => r.MaxSsim).DefaultIfEmpty(double.NaN).Max();
        var rows = new List<Approach>
        {
            new("plain training", "small CNN (BatchNorm), mixing data", MixingMean(MixingAccuracy.Plain), "none", Ssim("none"), MixingSeconds(MixingAccuracy.Plain)),
            new("mixup (α = 1)", "small CNN, mixing data", MixingMean(MixingAccuracy.MixupArm), "none", "not measured", MixingSeconds(MixingAccuracy.MixupArm)),
            new("InstaHide inside, k = 4", "small CNN, mixing data", MixingMean(MixingAccuracy.Inside), "none (a conjecture)",
                Invariant($"{carlini:0.000} (Carlini et al.'s attack, k ≥ 4); {Ssim("instahide:4")}"), MixingSeconds(MixingAccuracy.Inside)),
            new("non-private SGD", "SampleConvNet, these data", plainSgd.TestAccuracy, "none", Ssim("none"), plainSgd.Seconds),
            new("DP-SGD", "SampleConvNet, these data", dpSgd.TestAccuracy, Invariant($"ε = {dpSgd.Epsilon:0.00}, δ = 10⁻⁵ (per example)"), Ssim(Invariant($"dp:{Clip},{Sigma}")), dpSgd.Seconds),
        };
        foreach (var (arm, last, seconds) in federated)
            rows.Add(new(arm switch { "none" => "federated averaging", "dp:0.1,1" => "DP-FedAvg (S = 0.1, σ = 1)", _ => "federated, InstaHide parties (k = 4)" },
                "SampleConvNet, 10 IID parties", last.TestAccuracy,
                last.Epsilon is double e ? Invariant($"ε = {e:0.00}, δ = 10⁻⁵ (per party)") : arm.StartsWith("instahide", StringComparison.Ordinal) ? "none (a conjecture)" : "none",
                arm == "none" ? Ssim("none") : arm.StartsWith("instahide", StringComparison.Ordinal) ? Ssim("instahide:4") : "not measured", seconds));
        md.AppendLine(Invariant($"**The alternatives, side by side.** Accuracy is the final test accuracy (mean over seeds for the mixing rows); the mixing rows come from the training above, the others from {scale}: DP-SGD as Opacus's MNIST example ({plan.DpEpochs} epochs), federated averaging over 10 parties with 1 local epoch a round ({plan.Rounds} rounds; seconds are per round, i.e. per pass over the data). Leakage is the best SSIM an attack reached against a private image: gradient inversion (DLG, LeNet on {plan.InversionSet}) with the row's protection on the shared gradient — for central training, what its gradients would give away if they were shared — or for InstaHide also the attack on the encodings above."));
        md.AppendLine();
        var table = new MarkdownTable("approach", "net, data", "test accuracy", "guarantee", "leakage: best attack SSIM", "seconds per epoch");
        foreach (var r in rows) table.Add(r.Name, r.Setting, Invariant($"{100 * r.Accuracy:0.00}%"), r.Guarantee, r.Leakage, Invariant($"{r.SecondsPerEpoch:0.0}"));
        md.Append(table);
        md.AppendLine();
        md.AppendLine(Invariant($"**Gradient inversion** under each protection (DLG: L-BFGS on the gradient distance, {plan.Iterations} steps, {plan.Restarts} start{(plan.Restarts > 1 ? "s" : "")}; SSIM to the private image; for InstaHide the party's gradient is of an encoding, and \"to input\" scores the recovery against that encoding):"));
        md.AppendLine();
        var inversionTable = new MarkdownTable("defence", "mean SSIM", "max SSIM", "labels right", "SSIM to input");
        foreach (var r in inversion)
            inversionTable.Add(r.Defense, Invariant($"{r.MeanSsim:0.000}"), Invariant($"{r.MaxSsim:0.000}"), $"{r.LabelsRight}/{r.Images}", r.MeanSsimToInput is double s ? Invariant($"{s:0.000}") : "—");
        md.Append(inversionTable);
        md.AppendLine();
        md.AppendLine($"![inversion]({plots[^1]})");
        md.AppendLine();
        md.AppendLine("The grid: the true images on top, then one row per defence in the table's order. With 10 parties DP-FedAvg's noise, σS/10 on every weight each round, is larger than the sum of the clipped updates (norm ≤ 10S over some 26,000 weights): client-level DP needs thousands of parties.");
        md.AppendLine();
    }
}
