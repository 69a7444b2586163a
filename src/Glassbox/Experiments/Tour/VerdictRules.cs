namespace Glassbox.Experiments.Tour;

/// <summary>The two-threshold rule most claims use: within the first bound reproduced, within the second partly, else not.</summary>
public static class VerdictRules
{
    public static Verdict Within(double distance, double reproduced, double partly) =>
        distance <= reproduced ? Verdict.Reproduced : distance <= partly ? Verdict.Partly : Verdict.NotReproduced;

    /// <summary>Reproduced when every condition holds, partly when some do, else not.</summary>
    public static Verdict AllOf(params bool[] conditions) =>
        conditions.All(c => c) ? Verdict.Reproduced : conditions.Any(c => c) ? Verdict.Partly : Verdict.NotReproduced;

    public static string Text(Verdict verdict) => verdict switch
    {
        Verdict.Reproduced => "reproduced",
        Verdict.Partly => "partly",
        _ => "not reproduced",
    };
}
