using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Inversion;

/// <summary>
/// What a party shares instead of its true gradient, as the DLG paper's defences: <c>none</c>; <c>noise:σ</c> (Gaussian
/// noise of standard deviation σ on every entry); <c>prune:p</c> (the fraction p of entries with the smallest magnitude,
/// per tensor, set to 0); <c>dp:C,σ</c> (DP-SGD's treatment of one example: the whole gradient clipped to norm C, then
/// noise σC); <c>instahide:k</c> leaves the gradient as it is but the party computes it on InstaHide encodings of its
/// images (<see cref="InstaHideParty"/>): that defence changes the image, not the gradient.
/// </summary>
public sealed record SharedGradient(string Kind, double A = 0, double B = 0)
{
    public static SharedGradient Parse(string text)
    {
        string[] parts = text.Split(':', 2);
        double[] numbers;
        try { numbers = parts.Length == 1 ? [] : parts[1].Split(',').Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray(); }
        catch (FormatException) { throw new ArgumentException($"--defense '{text}': the numbers after ':' do not parse"); }
        return (parts[0], numbers.Length) switch
        {
            ("none", 0) => new SharedGradient("none"),
            ("noise", 1) when numbers[0] >= 0 => new SharedGradient("noise", numbers[0]),
            ("prune", 1) when numbers[0] >= 0 && numbers[0] < 1 => new SharedGradient("prune", numbers[0]),
            ("dp", 2) when numbers[0] > 0 && numbers[1] >= 0 => new SharedGradient("dp", numbers[0], numbers[1]),
            ("instahide", 1) when numbers[0] >= 1 && numbers[0] <= 16 && numbers[0] == Math.Floor(numbers[0]) => new SharedGradient("instahide", numbers[0]),
            _ => throw new ArgumentException($"--defense '{text}': expected none, noise:SIGMA (≥ 0), prune:P (0 ≤ P < 1), dp:CLIP,SIGMA or instahide:K (1 ≤ K ≤ 16)"),
        };
    }

    public override string ToString() => Kind switch
    {
        "noise" or "prune" or "instahide" => string.Create(CultureInfo.InvariantCulture, $"{Kind}:{A:g}"),
        "dp" => string.Create(CultureInfo.InvariantCulture, $"dp:{A:g},{B:g}"),
        _ => Kind,
    };

    /// <summary>InstaHide's k, for <c>instahide:k</c>; null for the defences on the gradient.</summary>
    public int? InstaHideK => Kind == "instahide" ? (int)A : null;

    /// <summary>The gradient as shared: a transformed copy of <paramref name="gradients"/> (a copy as it is for instahide).</summary>
    public Tensor[] Apply(IReadOnlyList<Tensor> gradients, Generator generator)
    {
        switch (Kind)
        {
            case "noise":
                return gradients.Select(g => g + randn(g.shape, g.dtype, generator: generator).mul(A)).ToArray();
            case "prune":
                return gradients.Select(g =>
                {
                    long keep = g.numel() - (long)Math.Floor(A * g.numel());
                    if (keep >= g.numel()) return g.clone();
                    Tensor magnitude = g.abs().flatten();
                    double threshold = magnitude.sort().Values[g.numel() - keep].ToDouble();
                    return g.where(g.abs() >= threshold, zeros_like(g));
                }).ToArray();
            case "dp":
                double norm = Math.Sqrt(gradients.Sum(g => g.square().sum().ToDouble()));
                double factor = A / Math.Max(norm, A);
                return gradients.Select(g => g.mul(factor) + randn(g.shape, g.dtype, generator: generator).mul(A * B)).ToArray();
            default:
                return gradients.Select(g => g.clone()).ToArray();
        }
    }
}
