namespace Glassbox.Experiments.Uci;

/// <summary>One point of a method's hyper-parameter grid; what a method does not use stays null.</summary>
public sealed record UciConfig(
    int? Depth = null,
    int? Fix = null,
    double? C = null,
    double? Gamma = null,
    int? Trees = null,
    int? Leaves = null,
    int? MinLeaf = null)
{
    public override string ToString() => string.Join(", ", new[]
    {
        Depth is null ? null : $"L={Depth}", Fix is null ? null : $"f={Fix}", C is null ? null : $"C={C:g}",
        Gamma is null ? null : $"γ={Gamma:g}", Trees is null ? null : $"trees={Trees}",
        Leaves is null ? null : $"leaves={Leaves}", MinLeaf is null ? null : $"min_leaf={MinLeaf}",
    }.Where(s => s is not null));
}
