using Glassbox.Data;

namespace Glassbox.Experiments.Cntk;

/// <summary>Class-balanced subsets of labelled images, drawn reproducibly.</summary>
public static class BalancedDraw
{
    /// <summary>
    /// Indices of <paramref name="perClass"/> images of every class, each class's images taken in a seeded random order
    /// (seed 0 takes the first ones), returned sorted. Throws when a class has too few.
    /// </summary>
    public static int[] Indices(ImageDataset images, int perClass, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        var chosen = new List<int>();
        var rng = new Random(seed);
        for (int c = 0; c < images.Classes; c++)
        {
            int[] members = Enumerable.Range(0, images.Count).Where(i => images.Labels[i] == c).ToArray();
            if (members.Length < perClass)
                throw new ArgumentException($"class {c} has {members.Length} images, fewer than the {perClass} asked for");
            if (seed != 0) rng.Shuffle(members);
            chosen.AddRange(members.Take(perClass));
        }
        chosen.Sort();
        return chosen.ToArray();
    }

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public static ImageDataset Subset(ImageDataset images, IReadOnlyList<int> indices)
    {
        var pixels = new byte[indices.Count * images.ImageSize];
        var labels = new byte[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            images.Image(indices[k]).CopyTo(pixels.AsSpan(k * images.ImageSize));
            labels[k] = images.Labels[indices[k]];
        }
        return images with { Count = indices.Count, Pixels = pixels, Labels = labels };
    }
}
