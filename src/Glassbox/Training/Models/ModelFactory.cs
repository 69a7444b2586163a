using static TorchSharp.torch;

namespace Glassbox.Training.Models;

/// <summary>Builds a <see cref="ScaleInvariantNet"/> by name (case-insensitive), for options and the command line.</summary>
public static class ModelFactory
{
    static readonly Dictionary<string, Func<int, long, ScalarType, double, ScaleInvariantNet>> Builders =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["preresnet20"] = (classes, seed, dtype, eps) => new PreResNet(20, classes, seed, dtype, eps),
            ["preresnet32"] = (classes, seed, dtype, eps) => new PreResNet(32, classes, seed, dtype, eps),
            ["smallcnn"] = (classes, seed, dtype, eps) => new SmallCnn(classes, seed, dtype, eps),
        };

    /// <summary>The names <see cref="Create"/> knows.</summary>
    public static IReadOnlyCollection<string> Names => Builders.Keys;

    /// <summary>
    /// A model initialised from <paramref name="seed"/> (same seed, same weights). <paramref name="bnEpsilon"/> is
    /// every batch norm's ε: 1e-5 as in PyTorch, 0 (or tiny) when the invariance must be exact.
    /// </summary>
    public static ScaleInvariantNet Create(string name, int classes, long seed, ScalarType dtype = ScalarType.Float32, double bnEpsilon = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Builders.TryGetValue(name, out var build))
            throw new ArgumentException($"unknown model '{name}'; known models: {string.Join(", ", Names)}", nameof(name));
        return build(classes, seed, dtype, bnEpsilon);
    }
}
