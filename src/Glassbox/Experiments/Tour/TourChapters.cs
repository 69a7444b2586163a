using Glassbox.Experiments.Tour.Chapters;

namespace Glassbox.Experiments.Tour;

/// <summary>The chapters of the talk, in its order.</summary>
public static class TourChapters
{
    public static IReadOnlyList<ITourChapter> All { get; } =
    [
        new InfiniteWidthChapter(),
        new InfiniteConvolutionalChapter(),
        new FiniteWidthChapter(),
        new DeepMatrixFactorizationChapter(),
        new ExponentialLrChapter(),
        new PrivateLearningChapter(),
    ];

    /// <summary>The chapters named in a comma-separated list, in the talk's order; an unknown name is an error naming the known ones.</summary>
    public static IReadOnlyList<ITourChapter> Select(string? names)
    {
        if (string.IsNullOrWhiteSpace(names)) return All;
        var wanted = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0) throw new ArgumentException($"no chapter named in '{names}'; the chapters are {string.Join(", ", All.Select(c => c.Id))}");
        foreach (string name in wanted)
            if (All.All(c => c.Id != name))
                throw new ArgumentException($"no chapter named '{name}'; the chapters are {string.Join(", ", All.Select(c => c.Id))}");
        return All.Where(c => wanted.Contains(c.Id)).ToList();
    }
}
