using static System.FormattableString;
using System.Text;
using Glassbox.Data;
using Glassbox.Experiments.Privacy;
using Glassbox.Privacy;
using Glassbox.Reporting;

namespace Glassbox.Experiments.Tour.Chapters;

/// <summary>
/// Private learning by mixing (Huang, Song, Li, Arora, ICML 2020): training on mixup and on InstaHide encodings against plain
/// training, the attack of Carlini et al. (IEEE S&amp;P 2021) on the encodings, and what a single encoding reveals with and
/// without its sign mask. MNIST with a small CNN, public images from Fashion-MNIST (cross-dataset rows are left out, and the
/// report says so, when Debian's dataset-fashion-mnist is not installed).
/// </summary>
public sealed partial class PrivateLearningChapter : ITourChapter
{
    public const string MixupQuote = "when you test it at the end on normal images it does better";

    public const string AccuracyQuote = "there's a small loss in accuracy";

    public const string MaskQuote = "there's a one-time private key that's used only for this training image where you flip the sign randomly in this mixed image so it hides it even more";

    public const string SecurityQuote = "it's not as secure i think as normal cryptography";

    public IReadOnlyList<string> Quotes => [MixupQuote, AccuracyQuote, MaskQuote, SecurityQuote, GradientQuote, DpQuote];

    public string Id => "private-learning";

    public string Title => "Private learning by mixing: mixup, InstaHide, the attack on it, and the alternatives (federated learning, gradient inversion, DP-SGD)";

    sealed record Plan(int TrainImages, int TestImages, int Epochs, string Schedule, long[] Seeds, int AttackImages, AttackSetting[] Attacks, int UnmixImages);

    static Plan For(TourSize size) => size == TourSize.Full
        ? new Plan(20_000, 10_000, 8, "step:4,6/0.1", [1, 2, 3], 100,
            [new(1, InstaHideMode.Inside, 5), new(2, InstaHideMode.Inside, 10), new(4, InstaHideMode.Inside, 10), new(4, InstaHideMode.Cross, 10),
             new(6, InstaHideMode.Cross, 50)], 100)
        : new Plan(4096, 2000, 3, "step:2/0.1", [1], 40, [new(1, InstaHideMode.Inside, 5), new(4, InstaHideMode.Cross, 10)], 100);

    public string Fingerprint(TourSize size)
    {
        Plan p = For(size);
        return $"{Id}/v3/mnist{p.TrainImages}/{p.TestImages}x{p.Epochs}:{p.Schedule}:seeds{string.Join(',', p.Seeds)}/attack{p.AttackImages}:" +
               $"{string.Join(',', p.Attacks.Select(a => a.Name))}/unmix{p.UnmixImages}/fashion{Directory.Exists(DataPaths.FashionMnistDefault)}" + BaselineFingerprint(size);
    }

    // Measured on the 2-core machine: quick ≈ 4 min (3 × 4 runs of 3 epochs on 4,096 images, two small attacks) plus ≈ 3 min
    // for the alternatives (one MNIST image inverted 4 ways, DP-SGD and SGD for 5 epochs, 3 federated runs of 4 rounds);
    // full ≈ 75 min (12 runs of 8 epochs on 20,000 images ≈ 60 min, attacks on 100 images ≈ 10 min) plus an estimated
    // 40 min for the alternatives (12 CIFAR-10 inversions ≈ 12 min, DP-SGD and SGD for 15 epochs ≈ 15 min, 3 × 20 rounds ≈ 15 min).
    public TimeSpan Estimate(TourSize size) => TimeSpan.FromSeconds(size == TourSize.Quick ? 420 : 6900);

    public ChapterSection Run(TourContext context)
    {
        Plan plan = For(context.Size);
        bool fashion = Directory.Exists(DataPaths.FashionMnistDefault);
        string mnistFolder = DataPaths.Mnist(context.DataRoot);
        if (!Directory.Exists(mnistFolder)) throw new DirectoryNotFoundException($"the private-learning chapter needs MNIST at {mnistFolder}");
        context.Progress.Report(new TourStep("loading MNIST", 0, 1, "sets"));
        ImageSplit mnist = MnistLoader.Load(mnistFolder);
        ImageDataset? publicImages = fashion ? ImageSets.Load("fashion", context.DataRoot).Train : null;
        string size = context.Size.ToString().ToLowerInvariant();
        string? missing = fashion ? null : $"no Fashion-MNIST at {DataPaths.FashionMnistDefault} (apt-get install dataset-fashion-mnist): the cross-dataset rows are left out";
        var claims = new List<TourClaim>();
        var plots = new List<string>();
        var md = new StringBuilder();

        // 6a: plain, mixup and InstaHide training from the same seeds.
        string[] arms = fashion ? MixingAccuracy.AllArms : [MixingAccuracy.Plain, MixingAccuracy.MixupArm, MixingAccuracy.Inside];
        var spec = new MixingAccuracySpec("smallcnn", plan.Epochs, 128, 0.1, 0.9, 5e-4, plan.Schedule, plan.Seeds, arms, K: 4, MixupAlpha: 1, Threads: 0);
        var data = new ImageSplit(mnist.Train.Take(plan.TrainImages), mnist.Test.Take(plan.TestImages));
        int done = 0, total = plan.Epochs * plan.Seeds.Length * arms.Length;
        MixingAccuracyResult accuracy = MixingAccuracy.Run(spec, "mnist", data, fashion ? "fashion" : null, publicImages, context.File($"accuracy-{size}"),
            (arm, seed, record) => context.Progress.Report(new TourStep($"training · {arm} · seed {seed}", ++done, total, "epochs")), context.Cancel);
        string accuracyPlot = context.File("accuracy.png");
        MixingAccuracyReport.PlotAccuracy(accuracy, $"Test accuracy: small CNN on MNIST ({plan.TrainImages} images), plain, mixup and InstaHide", accuracyPlot);
        plots.Add(context.Link(accuracyPlot));
        double Mean(string arm) => 100 * accuracy.Runs.Where(r => r.Arm == arm).Average(r => r.Final.TestAccuracy);
        double plain = Mean(MixingAccuracy.Plain), mixup = Mean(MixingAccuracy.MixupArm), inside = Mean(MixingAccuracy.Inside);
        double? cross = fashion ? Mean(MixingAccuracy.Cross) : null;
        double trainingSeconds = accuracy.Runs.Sum(r => r.Epochs.Sum(e => e.Seconds));
        string scale = Invariant($"MNIST (first {plan.TrainImages} training, {plan.TestImages} test images), small CNN, {plan.Epochs} epochs, {plan.Seeds.Length} seed{(plan.Seeds.Length > 1 ? "s" : "")}");
        string rerun = $"{context.Launcher} instahide accuracy --dataset mnist --model smallcnn --train-images {plan.TrainImages} --test-images {plan.TestImages} " +
                       $"--epochs {plan.Epochs} --schedule {plan.Schedule} --seeds {string.Join(',', plan.Seeds)}{(fashion ? "" : " --arms plain,mixup,inside")} --out {context.RerunFolder("instahide-accuracy")}";
        string? reduction = context.Size == TourSize.Quick
            ? "4,096 images, 3 epochs, 1 seed instead of the papers' full data sets and 200 epochs; --full: 20,000 images, 8 epochs, 3 seeds"
            : "MNIST and a small CNN for 8 epochs instead of the papers' CIFAR-10 with ResNet-18 for 200 epochs (too slow for 2 cores)";
        claims.Add(new TourClaim(MixupQuote,
            "mixup beats plain training (CIFAR-10, PreAct ResNet-18: 5.6% → 4.2% test error)",
            "Zhang, Cisse, Dauphin, Lopez-Paz, ICLR 2018, Table 1 (as the talk retells it)",
            Invariant($"{scale}: plain {plain:0.00}%, mixup α = 1 {mixup:0.00}% ({mixup - plain:+0.00;-0.00} points)"),
            mixup > plain ? Verdict.Reproduced : VerdictRules.Within(plain - mixup, 0, 1),
            "reproduced when mixup's mean final accuracy is above plain training's, partly within 1 point below", trainingSeconds, rerun, reduction));
        double worstInstaHide = Math.Min(inside, cross ?? inside);
        claims.Add(new TourClaim(AccuracyQuote,
            "InstaHide costs a few points: about 90% on CIFAR-10 against about 94% for plain training (ResNet-18)",
            "Huang, Song, Li, Arora, ICML 2020, and the authors' blog, as quoted in issue 12",
            Invariant($"{scale}: plain {plain:0.00}%, InstaHide inside k = 4 {inside:0.00}%") +
                (cross is double c ? Invariant($", cross k = 4 {c:0.00}%") : " (cross not run: no Fashion-MNIST)") +
                Invariant($"; largest loss {plain - worstInstaHide:0.00} points"),
            VerdictRules.Within(plain - worstInstaHide, 5, 15),
            "reproduced when every InstaHide arm is within 5 points of plain training, partly within 15", trainingSeconds, rerun, reduction));
        md.AppendLine(Invariant($"**Training on mixed images** ({scale}, batch 128, SGD η = 0.1 with momentum 0.9 and weight decay 5·10⁻⁴, {plan.Schedule}; every arm is tested on the same plain test images; InstaHide's keys come from the cryptographic generator, fresh every epoch):"));
        md.AppendLine();
        md.Append(MixingAccuracyReport.Table(accuracy));
        md.AppendLine();
        md.AppendLine($"![accuracy]({context.Link(accuracyPlot)})");
        md.AppendLine();

        // 6c: one encoding, with and without its mask.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ImageDataset unmixImages = mnist.Train.Take(plan.UnmixImages);
        var unmix = new List<UnmixingResult>();
        foreach (InstaHideMode mode in fashion ? new[] { InstaHideMode.Inside, InstaHideMode.Cross } : [InstaHideMode.Inside])
            unmix.Add(SingleEncodingUnmixing.Run(unmixImages, mode == InstaHideMode.Cross ? publicImages : null, new InstaHideOptions(4, mode), KeySource.Secure()));
        double Row(UnmixingResult r, string estimate) => r.Rows.Single(x => x.Estimate == estimate).MeanSsim;
        // Two linear readings of the masked encoding without keys: e as it is, and its least-squares fit to the truth; the
        // fit minimises squared error, not SSIM, so the claim takes the better of the two.
        double unmasked = unmix.Min(r => Row(r, SingleEncodingUnmixing.MixtureScaled));
        double masked = unmix.Max(r => Math.Max(Row(r, SingleEncodingUnmixing.Encoding), Row(r, SingleEncodingUnmixing.EncodingFit)));
        double magnitude = unmix.Max(r => Row(r, SingleEncodingUnmixing.MagnitudeFit));
        claims.Add(new TourClaim(MaskQuote,
            "the random sign flips hide what the mixture shows (no figure is published: the talk's own words)",
            "the talk; Huang et al., ICML 2020, §3",
            Invariant($"{plan.UnmixImages} MNIST images, one k = 4 encoding each: mean SSIM of the unmasked mixture m/λ₀ ≥ {unmasked:0.000}, of the masked encoding read linearly (as it is, or its least-squares fit) ≤ {masked:0.000}; but |e| keeps {magnitude:0.000}"),
            VerdictRules.AllOf(masked < 0.1, unmasked > 0.25),
            "reproduced when both linear readings of the masked encoding have mean SSIM < 0.1 while the unmasked mixture has > 0.25",
            clock.Elapsed.TotalSeconds, $"{context.Launcher} instahide unmix --dataset mnist --images {plan.UnmixImages} --k 4 --out {context.RerunFolder("instahide-unmix")}"));
        md.AppendLine(Invariant($"**What one encoding reveals** ({plan.UnmixImages} MNIST images, one k = 4 encoding each; m = σ⊙e is the encoding with its mask undone, which is exactly mixup of the same images; mean SSIM (median, max) to the private image):"));
        md.AppendLine();
        var table = new MarkdownTable(["mode", .. unmix[0].Rows.Select(r => r.Estimate)]);
        foreach (var r in unmix)
            table.Add([r.Mode.ToString().ToLowerInvariant(), .. r.Rows.Select(x => Invariant($"{x.MeanSsim:0.000} ({x.MedianSsim:0.000}, {x.MaxSsim:0.000})"))]);
        md.Append(table);
        md.AppendLine();
        md.AppendLine("The mask removes what a linear reading sees, but not the magnitude |e|: the attack starts there.");
        md.AppendLine();

        // 6b: the attack.
        // Without Fashion-MNIST a cross setting runs inside instead, so that the claim is still tested on mixed images.
        AttackSetting[] attacks = fashion ? plan.Attacks
            : plan.Attacks.Select(a => a with { Mode = InstaHideMode.Inside }).Distinct().ToArray();
        int attackDone = 0;
        IReadOnlyList<AttackSweepRow> rows = AttackSweep.Run("mnist", context.DataRoot, plan.AttackImages, attacks, context.File($"attack-{size}"),
            new InlineProgress<(int Done, int Total, string Name)>(p => context.Progress.Report(new TourStep($"attack · {p.Name}", attackDone = p.Done, p.Total, "settings"))));
        plots.Add(context.Link(context.File(Path.Combine($"attack-{size}", "ssim.png"))));
        AttackSweepRow signsOnly = rows.First(r => r.Setting.K == 1), hardest = rows.MaxBy(r => (r.Setting.K, r.Setting.Mode, r.Setting.PerImage))!;
        if (hardest.Setting.K < 4) throw new InvalidOperationException($"the attack plan's hardest setting is {hardest.Setting.Name}: the claim needs k ≥ 4");
        claims.Add(new TourClaim(SecurityQuote,
            "the authors' challenge (k = 6, cross, 100 images × 50 encodings) was broken: best SSIM 0.90, mean 0.43",
            "Carlini, Deng, Garg, Jha, Mahloujifar, Mahmoody, Song, Thakurta, Tramèr, IEEE S&P 2021 (leaderboard figures)",
            Invariant($"{plan.AttackImages} private MNIST images: k = 1 (signs only) mean SSIM {signsOnly.MeanSsim:0.000}; hardest setting run, {hardest.Setting.Name}: max {hardest.MaxSsim:0.000}, mean {hardest.MeanSsim:0.000}"),
            VerdictRules.AllOf(signsOnly.MeanSsim >= 0.9, hardest.MaxSsim >= 0.5),
            "reproduced when sign flips alone are undone (mean SSIM ≥ 0.9) and some image of the hardest setting (k ≥ 4) is recovered (max SSIM ≥ 0.5)",
            rows.Sum(r => double.IsFinite(r.Seconds) ? r.Seconds : 0),
            // The sweep runs every combination of its k and T lists (inside and cross): a superset of the settings above.
            $"{context.Launcher} instahide sweep --dataset mnist --images {plan.AttackImages} --k {string.Join(',', attacks.Select(a => a.K).Distinct().Order())} " +
            $"--encodings-per-image {string.Join(',', attacks.Select(a => a.PerImage).Distinct().Order())} --out {context.RerunFolder("instahide-sweep")}",
            context.Size == TourSize.Quick ? "40 images and two settings; --full: 100 images and five settings including the challenge's" : null));
        md.AppendLine(Invariant($"**The attack** (Carlini et al.: |e| removes the masks, a hand-made similarity groups the encodings of each private image, each group's mean |e| (contrast-stretched) stands for the image's absolute pixels and the signs are restored from image structure; {plan.AttackImages} private MNIST images, SSIM as scikit-image computes it):"));
        md.AppendLine();
        var attackTable = new MarkdownTable("setting", "max SSIM", "mean SSIM", "encodings clustered with one of their images", "seconds");
        foreach (var r in rows)
            attackTable.Add(r.Setting.Name, Invariant($"{r.MaxSsim:0.000}"), Invariant($"{r.MeanSsim:0.000}"), Invariant($"{100 * r.ClusteredCorrectly:0.0}%"), Invariant($"{r.Seconds:0}"));
        md.Append(attackTable);
        md.AppendLine();
        md.AppendLine($"![attack]({plots[^1]})");
        md.AppendLine();
        RunBaselines(context, mnist, size, accuracy, rows, claims, plots, md);
        if (missing is not null)
        {
            md.AppendLine();
            md.AppendLine($"Note: {missing}.");
        }
        return new ChapterSection(Id, Title, context.Size, claims, md.ToString(), plots, 0);
    }
}
