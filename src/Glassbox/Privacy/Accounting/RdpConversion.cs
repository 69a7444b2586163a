namespace Glassbox.Privacy.Accounting;

/// <summary>How an RDP curve becomes an (ε, δ) guarantee.</summary>
public enum RdpConversion
{
    /// <summary>ε = RDP(α) + ln((α − 1)/α) − (ln δ + ln α)/(α − 1) (Balle et al., AISTATS 2020, Theorem 21; Opacus's).</summary>
    Improved,

    /// <summary>ε = RDP(α) − ln δ/(α − 1) (Mironov 2017, Proposition 3; TF-Privacy's tutorial).</summary>
    Classic,
}

/// <summary>The (ε, δ) guarantee and the RDP order that gave it.</summary>
public sealed record PrivacySpent(double Epsilon, double Order, double Delta, RdpConversion Conversion);
