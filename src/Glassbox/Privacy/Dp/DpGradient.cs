using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Dp;

/// <summary>
/// DP-SGD's privatised gradient (Abadi et al., CCS 2016): each example's gradient — all parameters together — clipped to
/// L2 norm at most C (scaled by min(1, C/‖g_n‖)), summed, Gaussian noise of standard deviation σC added to every
/// coordinate, and the result divided by the expected batch size qN (not the drawn one, which would leak it).
/// </summary>
/// <remarks>The noise comes from LibTorch's generator seeded from <paramref name="noiseSeed"/>; <see cref="Noise(KeySource)"/>
/// seeds it from the cryptographic generator (the default), as Opacus does without its secure mode.</remarks>
public sealed class DpGradient(double clip, double noiseMultiplier, double expectedBatch, ulong noiseSeed)
{
    readonly Generator _generator = new(noiseSeed);

    public double Clip { get; } = clip > 0 && double.IsFinite(clip) ? clip : throw new ArgumentOutOfRangeException(nameof(clip), $"the clipping norm C must be finite and > 0, got {clip}");
    public double NoiseMultiplier { get; } = noiseMultiplier >= 0 && double.IsFinite(noiseMultiplier) ? noiseMultiplier
        : throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), $"the noise multiplier σ must be finite and ≥ 0, got {noiseMultiplier}");
    public double ExpectedBatch { get; } = expectedBatch > 0 && double.IsFinite(expectedBatch) ? expectedBatch
        : throw new ArgumentOutOfRangeException(nameof(expectedBatch), $"the expected batch size must be > 0, got {expectedBatch}");

    /// <summary>A seed for the noise generator from <paramref name="keys"/> (cryptographic unless an insecure seed was asked for).</summary>
    public static ulong Noise(KeySource keys) => keys.NextBits();

    /// <summary>‖g_n‖ over all parameters together: one value per example.</summary>
    public static Tensor Norms(IReadOnlyList<Tensor> perExample) =>
        perExample.Select(g => g.flatten(1).square().sum(1)).Aggregate((a, b) => a + b).sqrt();

    /// <summary>
    /// The privatised gradient of each parameter (its shape) from the N per-example gradients (N × its shape); with no
    /// examples drawn (<paramref name="perExample"/> null), noise alone, in the shapes of <paramref name="parameters"/>.
    /// </summary>
    public Tensor[] Privatise(IReadOnlyList<Tensor>? perExample, IReadOnlyList<Tensor> parameters)
    {
        using var noGrad = no_grad();
        Tensor[] sums;
        if (perExample is null || perExample.Count == 0 || perExample[0].shape[0] == 0)
            sums = parameters.Select(p => zeros_like(p)).ToArray();
        else
        {
            // factor_n = C / max(‖g_n‖, C): 1 for gradients inside the ball, C/‖g_n‖ outside.
            Tensor factor = Norms(perExample).clamp_min(Clip).reciprocal().mul(Clip);
            sums = perExample.Select(g => torch.einsum("n,n...->...", factor, g)).ToArray();
        }
        double std = NoiseMultiplier * Clip;
        return sums.Select(s => (std > 0 ? s + randn(s.shape, s.dtype, generator: _generator).mul(std) : s).div(ExpectedBatch)).ToArray();
    }
}
