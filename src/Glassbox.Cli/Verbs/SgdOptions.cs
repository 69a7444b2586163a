using System.CommandLine;

namespace Glassbox.Cli.Verbs;

/// <summary>The SGD options the training verbs share: --lr, --momentum and --wd, with their defaults and checks.</summary>
internal sealed class SgdOptions(string rateDescription, string decayDescription)
{
    public Option<double> Rate { get; } = new("--lr") { Description = rateDescription, DefaultValueFactory = _ => 0.1 };
    public Option<double> Momentum { get; } = new("--momentum") { Description = "γ", DefaultValueFactory = _ => 0.9 };
    public Option<double> Decay { get; } = new("--wd") { Description = decayDescription, DefaultValueFactory = _ => 5e-4 };

    /// <summary>η &gt; 0, γ in [0, 1), λ ≥ 0 (or &gt; 0 when there must be a weight decay to convert), else a usage error.</summary>
    public (double Rate, double Momentum, double Decay) Read(ParseResult p, bool decayRequired = false)
    {
        double eta = p.GetValue(Rate), gamma = p.GetValue(Momentum), lambda = p.GetValue(Decay);
        if (!(eta > 0)) throw new UsageException($"--lr must be > 0, got {eta}");
        if (!(gamma >= 0 && gamma < 1)) throw new UsageException($"--momentum must be in [0, 1), got {gamma}");
        if (decayRequired && !(lambda > 0)) throw new UsageException($"--wd must be > 0 (there is nothing to convert otherwise), got {lambda}");
        if (!(lambda >= 0)) throw new UsageException($"--wd must be ≥ 0, got {lambda}");
        return (eta, gamma, lambda);
    }
}
