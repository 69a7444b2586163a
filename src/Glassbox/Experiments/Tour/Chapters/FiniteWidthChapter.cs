using static System.FormattableString;
using System.Text;
using Glassbox.Data;
using Glassbox.Experiments.Widen;
using Glassbox.Reporting;

namespace Glassbox.Experiments.Tour.Chapters;

/// <summary>
/// Finite nets converge to their kernel (experiment c of issue 14): fully connected ReLU nets of growing width on a two-class
/// UCI set — their tangent kernel at initialisation against the exact NTK, and the same nets trained by full-batch gradient
/// descent against the exact kernel's prediction at the same time.
/// </summary>
public sealed class FiniteWidthChapter : ITourChapter
{
    public const string Dataset = "ionosphere";
    const int Depth = 2;

    public const string TheoremQuote =
        "the following are equivalent for any finite data set you have an infinitely infinite weight fully connected net or convolutional net " +
        "there's a theorem for that too trained with greater descent with infinitesimally small learning rate so that's one model the one i just " +
        "described and the second is kernel l2 regression";

    public IReadOnlyList<string> Quotes => [TheoremQuote];

    public string Id => "finite-width";

    public string Title => "Finite nets converge to their kernel";

    sealed record Plan(int[] Widths, int Seeds, int Train, int Test, int Steps);

    static Plan For(TourSize size) => size == TourSize.Full
        ? new Plan([64, 256, 1024, 4096], 3, 64, 100, 1000)
        : new Plan([64, 256, 1024], 2, 32, 64, 300);

    public string Fingerprint(TourSize size)
    {
        Plan p = For(size);
        return $"{Id}/v2/fc{Depth}-{Dataset}/{p.Train}+{p.Test}/w{string.Join(',', p.Widths)}x{p.Seeds}/steps{p.Steps}";
    }

    // Measured on the 2-core machine: quick 6.6 s in a fresh clone (quiet); full ≈ 25 min (683 s of kernels at initialisation
    // and 2,138 s of training measured beside other runs: width 4,096 dominates).
    public TimeSpan Estimate(TourSize size) => TimeSpan.FromSeconds(size == TourSize.Quick ? 10 : 1500);

    public ChapterSection Run(TourContext context)
    {
        Plan plan = For(context.Size);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        UciDataset set = UciLoader.Load(DataPaths.Uci(context.DataRoot), Dataset);
        WidenProblem problem = WidenProblems.Uci(set, plan.Train, plan.Test, Depth, requireTwoClasses: true);
        var widen = new WidenPlan(plan.Widths, plan.Seeds, plan.Steps);
        WidenOutcome outcome = WidenExperiment.Run(problem, widen, context.SizeFolder, context.Progress, context.Cancel);
        string title = $"FC ReLU (L = {Depth}) on {Dataset}";
        string initPlot = context.File("kernel-at-init.png"), trainedPlot = context.File("trained-vs-kernel.png");
        WidenReport.Plot(outcome.AtInit, title + ": tangent kernel at initialisation", initPlot);
        WidenReport.PlotTrained(outcome.Trained, title + ": trained nets against the kernel's f_k", trainedPlot);
        double seconds = clock.Elapsed.TotalSeconds;

        string command = $"{context.Launcher} widen --arch fc --uci {Dataset} --depth {Depth} --widths {string.Join(',', plan.Widths)} --seeds {plan.Seeds} " +
            $"--samples {plan.Train} --test {plan.Test} --steps {plan.Steps} --out {context.RerunFolder(Id)}";
        string? reduction = context.Size == TourSize.Quick
            ? "widths 64–1024 with 2 seeds, 32 training inputs and 300 steps (--full: widths 64–4096, 3 seeds, 64 inputs, 1,000 steps)"
            : null;
        var claims = new List<TourClaim> { KernelClaim(outcome, seconds, command, reduction), TrainedClaim(outcome, widen, seconds, command, reduction) };

        var md = new StringBuilder();
        md.AppendLine("The theorem behind the NTK: as the width of a net grows, its tangent kernel at initialisation tends to a fixed kernel Θ, " +
            "and gradient descent moves the weights so little that the trained net is its linearisation: after k steps of size η it " +
            "computes f_k(x) = Θ(x, X)Θ⁻¹(I − (I − ηΘ)^k)Y — kernel gradient descent with Θ, which for small steps is the gradient " +
            "flow f_t = Θ(x, X)Θ⁻¹(I − e^{−Θt})Y at t = ηk and which ends, as t → ∞, at kernel regression with Θ. Here fully connected " +
            "ReLU nets (the kernel's own layers build them, NTK parameterisation) are measured against the exact Θ: (i) the relative " +
            "Frobenius error of their tangent kernel at initialisation (the contraction of per-input gradients), (ii) each net, centred " +
            "(its initial output subtracted, as the formula starts from 0) and trained by full-batch gradient descent on ½‖g(X) − Y‖² " +
            "with η = 0.5/λ_max(Θ), against f_k after the same steps, against f_t and against kernel regression f_∞ on held-out rows, " +
            "and (iii) the accuracies. Theory: the distances to f_k shrink like width^(−1/2).");
        md.AppendLine();
        md.Append(WidenExperiment.Summary(problem, widen, outcome, "###"));
        md.AppendLine();
        md.AppendLine($"![tangent kernel at initialisation by width]({context.Link(initPlot)})");
        md.AppendLine();
        md.AppendLine($"![trained nets against the kernel by width]({context.Link(trainedPlot)})");
        return new ChapterSection(Id, Title, context.Size, claims, md.ToString(), [context.Link(initPlot), context.Link(trainedPlot)], seconds);
    }

    const string Sources = "Jacot, Gabriel & Hongler, NeurIPS 2018 (the limit kernel); Arora et al., NeurIPS 2019, Theorem 3.2 (trained wide nets " +
        "equal kernel regression); Lee et al., NeurIPS 2019 (wide nets evolve as their linearisation, corrections O(width^−1/2))";

    internal static TourClaim KernelClaim(WidenOutcome outcome, double seconds, string command, string? reduction)
    {
        double slope = KernelAtInit.Slope(outcome.AtInit);
        int widest = outcome.AtInit.Max(r => r.Width);
        double error = outcome.AtInit.Where(r => r.Width == widest).Average(r => r.RelativeError);
        return new TourClaim(TheoremQuote,
            "the tangent kernel of a finite net tends to the exact NTK, error ∝ width^(−1/2) (log–log slope −0.5)", Sources,
            Invariant($"slope {slope:0.000}; relative error {error:0.0000} at width {widest}"),
            VerdictRules.Within(Math.Abs(slope + 0.5), 0.15, 0.3),
            "reproduced when the slope is within 0.15 of −0.5, partly within 0.3", seconds, command, reduction);
    }

    internal static TourClaim TrainedClaim(WidenOutcome outcome, WidenPlan plan, double seconds, string command, string? reduction)
    {
        double slope = WidenExperiment.TrainedSlope(outcome, plan);
        var last = outcome.Trained.Where(r => r.Step == plan.Steps).GroupBy(r => r.Width).OrderBy(g => g.Key)
            .Select(g => (Width: g.Key, Distance: g.Average(r => r.ToKernel), Accuracy: g.Average(r => r.NetAccuracy), Kernel: g.First().KernelAccuracy)).ToList();
        bool shrinking = last.Zip(last.Skip(1)).All(p => p.Second.Distance < p.First.Distance);
        var widest = last[^1];
        return new TourClaim(TheoremQuote,
            "a trained finite net's test outputs approach those of kernel gradient descent with the NTK (after the same steps) as the width grows, ∝ width^(−1/2)", Sources,
            Invariant($"‖g − f_k‖/‖f_k‖ after {plan.Steps} steps: {string.Join(", ", last.Select(l => $"{l.Distance:0.000} (width {l.Width})"))}; slope {slope:0.000}; ") +
            Invariant($"test accuracy at width {widest.Width} {100 * widest.Accuracy:0.0}% against the kernel's {100 * widest.Kernel:0.0}%"),
            VerdictRules.AllOf(shrinking, Math.Abs(slope + 0.5) <= 0.2),
            "reproduced when the distance shrinks at every wider width and the log–log slope is within 0.2 of −0.5; partly when one of the two holds",
            seconds, command, reduction);
    }
}
