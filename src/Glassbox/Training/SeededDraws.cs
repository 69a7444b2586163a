namespace Glassbox.Training;

/// <summary>Where augmentation cuts an image: the crop's top-left corner in the padded image and a horizontal flip.</summary>
public readonly record struct CropFlip(int Top, int Left, bool Flip);

/// <summary>
/// The random draws of one training epoch as a function of (seed, epoch) alone, so a run resumed at any epoch
/// draws what the uninterrupted run drew: the order of the examples and each position's crop and flip.
/// </summary>
public static class SeededDraws
{
    const ulong OrderStream = 0x6f72646572, AugmentStream = 0x6175676d;

    /// <summary>A permutation of 0..count−1 (Fisher–Yates).</summary>
    public static int[] Order(long seed, int epoch, int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        var random = new SplitMix(seed, epoch, OrderStream);
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Below(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>
    /// For each position of the epoch, a crop corner in [0, 2·padding]² and a flip with probability ½: torchvision's
    /// RandomCrop(size, padding) then RandomHorizontalFlip().
    /// </summary>
    public static CropFlip[] Augmentations(long seed, int epoch, int count, int padding)
    {
        var random = new SplitMix(seed, epoch, AugmentStream);
        var draws = new CropFlip[count];
        for (int i = 0; i < count; i++)
            draws[i] = new CropFlip(random.Below(2 * padding + 1), random.Below(2 * padding + 1), random.Below(2) == 1);
        return draws;
    }

    /// <summary>SplitMix64: tiny, fixed by its definition (unlike System.Random's unseeded algorithm), and good enough here.</summary>
    struct SplitMix(long seed, int epoch, ulong stream)
    {
        ulong _state = Mix(Mix((ulong)seed ^ stream) + (ulong)(uint)epoch);

        public int Below(int bound)
        {
            // Rejection keeps the draw uniform: no modulo bias.
            ulong limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
            ulong x;
            do x = Next(); while (x >= limit);
            return (int)(x % (ulong)bound);
        }

        ulong Next() => Mix(_state += 0x9E3779B97F4A7C15);

        static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
