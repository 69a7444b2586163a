namespace Glassbox.Privacy.Federated;

/// <summary>
/// DP-FedAvg's two halves (McMahan et al., ICLR 2018): the party clips its update Δ = w_party − w_global to norm S (all
/// tensors together), so one party moves the sum by at most S; the server adds N(0, (σS)²) to every coordinate of the sum
/// and divides by the expected number of parties qP (not the drawn number, which would leak who took part).
/// </summary>
public static class DpFedAvg
{
    /// <summary>The party's side: global + min(1, S/‖Δ‖)·Δ.</summary>
    public static IReadOnlyList<NamedTensor> Clip(IReadOnlyList<NamedTensor> global, IReadOnlyList<NamedTensor> local, double clip)
    {
        if (!(clip > 0)) throw new ArgumentOutOfRangeException(nameof(clip), $"the clipping norm must be > 0, got {clip}");
        double squares = 0;
        foreach (var (g, l) in global.Zip(local))
            for (int i = 0; i < g.Values.Length; i++) squares += (l.Values[i] - g.Values[i]) * (l.Values[i] - g.Values[i]);
        double factor = clip / Math.Max(Math.Sqrt(squares), clip);
        return global.Zip(local, (g, l) => new NamedTensor(g.Name, g.Shape, g.Values.Select((v, i) => v + factor * (l.Values[i] - v)).ToArray())).ToList();
    }

    /// <summary>The server's side: global + (Σ_k Δ_k + N(0, (σS)² I)) / expected.</summary>
    public static IReadOnlyList<NamedTensor> Aggregate(IReadOnlyList<NamedTensor> global, IReadOnlyList<IReadOnlyList<NamedTensor>> clipped,
        double clip, double noise, double expected, KeySource random)
    {
        if (!(expected > 0)) throw new ArgumentOutOfRangeException(nameof(expected), $"the expected number of parties must be > 0, got {expected}");
        return global.Select((g, t) =>
        {
            var values = new double[g.Values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                double sum = 0;
                foreach (var model in clipped) sum += model[t].Values[i] - g.Values[i];
                values[i] = g.Values[i] + (sum + noise * clip * random.NextGaussian()) / expected;
            }
            return new NamedTensor(g.Name, g.Shape, values);
        }).ToList();
    }
}
