using System.Globalization;
using Glassbox.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Privacy;

/// <summary>
/// Mixup (Zhang, Cisse, Dauphin, Lopez-Paz, ICLR 2018) as the authors train it: per batch one λ ~ Beta(α, α), a partner for
/// each example from a random permutation of the batch, inputs λx + (1 − λ)x_partner and targets λ·onehot(y) + (1 − λ)·onehot(y_partner).
/// The draws depend on (seed, epoch, batch) only, so a resumed run draws what the uninterrupted one drew.
/// </summary>
public sealed class Mixup : IBatchMixing
{
    readonly long _seed;
    int _epoch;

    public Mixup(double alpha, long seed)
    {
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), $"mixup's α must be a finite number > 0, got {alpha}");
        (Alpha, _seed) = (alpha, seed);
    }

    public double Alpha { get; }

    public string Identity => string.Create(CultureInfo.InvariantCulture, $"mixup alpha={Alpha:R} seed={_seed}");

    public void BeginEpoch(int epoch, int count) => _epoch = epoch;

    /// <summary>λ and the partner permutation of batch <paramref name="batch"/> of epoch <paramref name="epoch"/> for <paramref name="size"/> examples.</summary>
    public (double Lambda, int[] Partners) Draw(int epoch, int batch, int size)
    {
        var random = KeySource.Insecure(_seed, (ulong)(uint)epoch << 32 | (uint)batch);
        double lambda = MathNet.Numerics.Distributions.Beta.Sample(new KeySourceRandom(random), Alpha, Alpha);
        return (lambda, random.Permutation(size));
    }

    public (Tensor Input, Tensor Targets) Mix(Tensor input, Tensor labels, ReadOnlySpan<int> indices, int classes, int batch, Func<int[], Tensor> fetch)
    {
        var (lambda, partners) = Draw(_epoch, batch, indices.Length);
        using Tensor order = torch.tensor(partners.Select(p => (long)p).ToArray());
        Tensor onehot = torch.nn.functional.one_hot(labels, classes).to(input.dtype);
        // Scalars held explicitly: implicit ones can be freed by the GC while LibTorch reads them (see InstaHideMixing).
        using Scalar share = lambda, rest = 1 - lambda, one = 1.0;
        Tensor mixed = input.mul(share).add(input.index_select(0, order).mul(rest), one);
        Tensor targets = onehot.mul(share).add(onehot.index_select(0, order).mul(rest), one);
        return (mixed, targets);
    }
}
