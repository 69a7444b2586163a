using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;
using Glassbox.Training;

namespace Glassbox.Privacy.Inversion;

/// <summary>One recovered image: the true image it was matched to, its SSIM and mean squared error there, the label it gave;
/// where the party fed its net something else than the image (an InstaHide encoding), also the SSIM to what it fed.</summary>
public sealed record InvertedImage(int Index, int Truth, double Ssim, double Mse, int Label, int TrueLabel, double? SsimToInput = null);

/// <summary>What the attack recovered from one shared gradient (pixels in [0, 1], B × C × H × W) and how close it came.</summary>
public sealed record InversionResult(double[] Recovered, IReadOnlyList<InvertedImage> Images, double GradientDistance, int Iterations, double Seconds);

/// <summary>
/// "Deep Leakage from Gradients" (Zhu, Liu &amp; Han, NeurIPS 2019), written from the paper: the party's gradient of the
/// cross-entropy on its B images (pixels in [0, 1]) and one-hot labels is shared (through <see cref="SharedGradient"/>);
/// the attacker, who knows the net, starts from random images and random label logits and runs L-BFGS (step 1, 20
/// evaluations a step) on ‖∇θ loss(dummy) − shared‖², differentiating through the gradient (second order). Recovered
/// images are matched one-to-one to the true ones by SSIM (greedy), as their order is arbitrary.
/// </summary>
public static class GradientInversion
{
    /// <param name="restarts">Random starts tried in turn (the attacker keeps the one whose gradient matches best, and stops
    /// early once one matches to 1e-6): L-BFGS from a single start sometimes stalls far from the image.</param>
    public static InversionResult Run(InversionNet net, double[] truth, int[] labels, int channels, int height, int width, int classes,
        SharedGradient defense, int iterations, long seed, IProgress<(int Iteration, double Distance)>? progress = null, CancellationToken cancel = default,
        int restarts = 1) =>
        Run(net, PartyBatch.Raw(truth, labels, classes), truth, labels, channels, height, width, classes, defense, iterations, seed, progress, cancel, restarts);

    /// <summary>The attack on a party that feeds its net <paramref name="party"/> (for instance InstaHide encodings of
    /// <paramref name="truth"/>); recovered images are mapped to pixels as the party's inputs are, and scored against the truth.</summary>
    public static InversionResult Run(InversionNet net, PartyBatch party, double[] truth, int[] labels, int channels, int height, int width, int classes,
        SharedGradient defense, int iterations, long seed, IProgress<(int Iteration, double Distance)>? progress = null, CancellationToken cancel = default,
        int restarts = 1)
    {
        if (restarts < 1) throw new ArgumentOutOfRangeException(nameof(restarts), $"restarts must be ≥ 1, got {restarts}");
        int batch = labels.Length, size = channels * height * width;
        if (truth.Length != batch * size) throw new ArgumentException($"{truth.Length} pixels for {batch} images of {size}");
        if (party.Input.Length != batch * size || party.Targets.Length != batch * classes)
            throw new ArgumentException($"the party's batch has {party.Input.Length} inputs and {party.Targets.Length} targets for {batch} images of {size} and {classes} classes");
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), $"iterations must be ≥ 1, got {iterations}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parameter[] weights = net.parameters().ToArray();
        ScalarType dtype = weights[0].dtype;
        // Not the net's own seed: the attacker's start must not be the stream the weights were drawn from.
        var generator = new Generator((ulong)seed ^ 0x9E3779B97F4A7C15UL);

        // The party: its gradient, as shared.
        Tensor[] shared;
        using (var scope = NewDisposeScope())
        {
            Tensor x = tensor(party.Input, [batch, channels, height, width]).to(dtype);
            Tensor y = tensor(party.Targets, [batch, classes]).to(dtype);
            IList<Tensor> g = autograd.grad([Trainer.SoftCrossEntropy(net.forward(x), y)], weights);
            shared = defense.Apply(g.Select(t => t.detach()).ToArray(), generator).Select(t => t.MoveToOuterDisposeScope()).ToArray();
        }

        // The attacker.
        double best = double.PositiveInfinity;
        Tensor? bestX = null, bestY = null;
        for (int start = 0; start < restarts && !(best < 1e-6); start++)
        {
            var (x, y, d) = Attack(net, weights, shared, dtype, batch, channels, height, width, classes, iterations, generator, progress, cancel);
            if (d < best || bestX is null) (best, bestX, bestY) = (d, x, y);
        }
        double distance = best;
        Tensor dummyX = bestX!, dummyY = bestY!;

        double[] recovered = party.AsPixels(dummyX.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray());
        int[] recoveredLabels = dummyY.detach().argmax(1).data<long>().ToArray().Select(l => (int)l).ToArray();
        var images = Match(recovered, truth, batch, channels, height, width, recoveredLabels, labels);
        if (party.PixelScale != 1 || party.PixelOffset != 0 || !party.Input.AsSpan().SequenceEqual(truth))
        {
            double[] fed = party.AsPixels(party.Input);
            images = images.Select(i => i with { SsimToInput = Ssim.Compute(recovered.AsSpan(i.Index * size, size), fed.AsSpan(i.Truth * size, size), channels, height, width) }).ToList();
        }
        foreach (Tensor t in shared) t.Dispose();
        return new InversionResult(recovered, images, distance, iterations, clock.Elapsed.TotalSeconds);
    }

    static (Tensor X, Tensor Y, double Distance) Attack(InversionNet net, Parameter[] weights, Tensor[] shared, ScalarType dtype, int batch, int channels,
        int height, int width, int classes, int iterations, Generator generator, IProgress<(int Iteration, double Distance)>? progress, CancellationToken cancel)
    {
        var dummyX = new Parameter(randn([batch, channels, height, width], dtype, generator: generator));
        var dummyY = new Parameter(randn([batch, classes], dtype, generator: generator));
        var lbfgs = optim.LBFGS([dummyX, dummyY], lr: 1, max_iter: 20);
        double distance = double.NaN;
        for (int it = 0; it < iterations; it++)
        {
            cancel.ThrowIfCancellationRequested();
            Tensor Closure()
            {
                using var scope = NewDisposeScope();
                lbfgs.zero_grad();
                Tensor loss = Trainer.SoftCrossEntropy(net.forward(dummyX), nn.functional.softmax(dummyY, -1));
                IList<Tensor> dummyGradients = autograd.grad([loss], weights, retain_graph: true, create_graph: true);
                Tensor difference = dummyGradients.Zip(shared, (d, s) => (d - s).square().sum()).Aggregate((a, b) => a + b);
                difference.backward();
                return difference.MoveToOuterDisposeScope();
            }
            distance = lbfgs.step(Closure).ToDouble();
            progress?.Report((it + 1, distance));
            if (!double.IsFinite(distance) || distance < 1e-12) break; // diverged, or matched to rounding
        }

        return (dummyX.detach(), dummyY.detach(), double.IsFinite(distance) ? distance : double.PositiveInfinity);
    }

    static List<InvertedImage> Match(double[] recovered, double[] truth, int batch, int channels, int height, int width, int[] recoveredLabels, int[] labels)
    {
        int size = channels * height * width;
        var pairs = new List<(double Ssim, int R, int T)>();
        for (int r = 0; r < batch; r++)
            for (int t = 0; t < batch; t++)
                pairs.Add((Ssim.Compute(recovered.AsSpan(r * size, size), truth.AsSpan(t * size, size), channels, height, width), r, t));
        var usedR = new bool[batch];
        var usedT = new bool[batch];
        var images = new List<InvertedImage>();
        foreach (var (ssim, r, t) in pairs.OrderByDescending(p => p.Ssim))
        {
            if (usedR[r] || usedT[t]) continue;
            (usedR[r], usedT[t]) = (true, true);
            double mse = 0;
            for (int i = 0; i < size; i++) mse += Math.Pow(recovered[r * size + i] - truth[t * size + i], 2) / size;
            images.Add(new InvertedImage(r, t, ssim, mse, recoveredLabels[r], labels[t]));
        }
        return images.OrderBy(i => i.Truth).ToList();
    }
}
