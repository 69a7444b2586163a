using System.Globalization;

namespace Glassbox.Privacy.Federated;

/// <summary>
/// How the parties of a federated run protect their data: <c>none</c>; <c>dp:S,σ</c> — DP-FedAvg at the client level
/// (McMahan, Ramage, Talwar &amp; Zhang, ICLR 2018): each party's update (its model minus the global one) clipped to norm S,
/// parties chosen by Poisson sampling at rate F, the server adding Gaussian noise σS to the sum of updates and dividing
/// by the expected number of parties F·P; or <c>instahide:k</c> — each party trains on InstaHide encodings of its own shard
/// (inside, k images each, fresh keys every local epoch) with their mixed labels.
/// </summary>
public sealed record PartyPrivacy(string Kind, double A = 0, double B = 0)
{
    public static readonly PartyPrivacy None = new("none");

    /// <summary>S and σ of dp:S,σ (0 for the others).</summary>
    public double Clip => IsDp ? A : 0;
    public double Noise => IsDp ? B : 0;
    public int? InstaHideK => Kind == "instahide" ? (int)A : null;
    public bool IsDp => Kind == "dp";

    public static PartyPrivacy Parse(string text)
    {
        string[] parts = text.Split(':', 2);
        double[] numbers;
        try { numbers = parts.Length == 1 ? [] : parts[1].Split(',').Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray(); }
        catch (FormatException) { throw new ArgumentException($"--privacy '{text}': the numbers after ':' do not parse"); }
        return (parts[0], numbers.Length) switch
        {
            ("none", 0) => None,
            ("dp", 2) when numbers[0] > 0 && double.IsFinite(numbers[0]) && numbers[1] > 0 && double.IsFinite(numbers[1]) => new PartyPrivacy("dp", numbers[0], numbers[1]),
            ("instahide", 1) when numbers[0] >= 1 && numbers[0] <= 16 && numbers[0] == Math.Floor(numbers[0]) => new PartyPrivacy("instahide", numbers[0]),
            _ => throw new ArgumentException($"--privacy '{text}': expected none, dp:CLIP,SIGMA (both > 0) or instahide:K (1 ≤ K ≤ 16)"),
        };
    }

    public override string ToString() => Kind switch
    {
        "dp" => string.Create(CultureInfo.InvariantCulture, $"dp:{A:R},{B:R}"),
        "instahide" => string.Create(CultureInfo.InvariantCulture, $"instahide:{A:R}"),
        _ => Kind,
    };
}
