using Glassbox.Data;

namespace Glassbox.Experiments.Cntk.FewShot;

/// <summary>
/// The training draws of experiment b. Draw (seed, n) takes the first n/classes images of each class in that seed's
/// shuffled order (<see cref="BalancedDraw"/>), so a seed's draws are nested: its 10 images are among its 20, and so on.
/// Seeds count from 1 (seed 0 would take the first images of each class, the same for every seed).
/// </summary>
public static class FewShotDraws
{
    /// <summary>Training-set indices of draw (<paramref name="seed"/>, <paramref name="size"/>), sorted.</summary>
    public static int[] Draw(ImageDataset train, int size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seed, 1);
        if (size % train.Classes != 0) throw new ArgumentException($"size {size} is not a multiple of the {train.Classes} classes");
        return BalancedDraw.Indices(train, size / train.Classes, seed);
    }

    /// <summary>Every image some draw uses (the largest draw of every seed), sorted: the rows of the one kernel job.</summary>
    public static int[] Union(ImageDataset train, IReadOnlyList<int> sizes, int seeds) =>
        Enumerable.Range(1, seeds).SelectMany(s => Draw(train, sizes.Max(), s)).Distinct().Order().ToArray();
}
