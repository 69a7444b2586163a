using System.Security.Cryptography;

namespace Glassbox.Privacy;

/// <summary>
/// Where the secret draws of an encoding come from: coefficients, partners and sign masks. <see cref="Secure"/> reads
/// the operating system's cryptographic generator; <see cref="Insecure"/> replays a seeded stream so an experiment can be
/// repeated — and anyone who learns or guesses the seed can too (Carlini et al. recovered the InstaHide challenge's
/// images by trying all 2³² seeds of the authors' NumPy generator), so every output it touches is labelled insecure.
/// </summary>
public abstract class KeySource
{
    /// <summary>True for the cryptographic generator.</summary>
    public abstract bool IsSecure { get; }

    /// <summary>The seed of an insecure source; null for a secure one.</summary>
    public abstract long? InsecureSeed { get; }

    /// <summary>64 uniformly random bits.</summary>
    public abstract ulong NextBits();

    public static KeySource Secure() => new CryptographicSource();

    /// <summary>A replayable stream fixed by (<paramref name="seed"/>, <paramref name="stream"/>): SplitMix64.</summary>
    public static KeySource Insecure(long seed, ulong stream = 0) => new SeededSource(seed, stream);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in 0..bound−1, without modulo bias (rejection).</summary>
    public int Below(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bound, 1);
        ulong limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
        ulong x;
        do x = NextBits(); while (x >= limit);
        return (int)(x % (ulong)bound);
    }

    /// <summary>A standard normal draw (Box–Muller; 1 − u keeps the logarithm finite).</summary>
    public double NextGaussian()
    {
        double u = 1 - NextDouble(), v = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>Each entry +1 or −1 with probability ½, one random bit each.</summary>
    public void FillSigns(Span<sbyte> signs)
    {
        for (int i = 0; i < signs.Length; i += 64)
        {
            ulong bits = NextBits();
            for (int b = 0; b < 64 && i + b < signs.Length; b++) signs[i + b] = (sbyte)((bits >> b & 1) == 1 ? 1 : -1);
        }
    }

    /// <summary>A uniformly random permutation of 0..count−1 (Fisher–Yates).</summary>
    public int[] Permutation(int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        for (int i = count - 1; i > 0; i--)
        {
            int j = Below(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    sealed class CryptographicSource : KeySource
    {
        readonly byte[] _buffer = new byte[4096];
        int _at = 4096;

        public override bool IsSecure => true;
        public override long? InsecureSeed => null;

        public override ulong NextBits()
        {
            if (_at == _buffer.Length)
            {
                RandomNumberGenerator.Fill(_buffer);
                _at = 0;
            }
            ulong x = BitConverter.ToUInt64(_buffer, _at);
            _at += 8;
            return x;
        }
    }

    sealed class SeededSource(long seed, ulong stream) : KeySource
    {
        ulong _state = Mix(Mix((ulong)seed ^ 0x696e7374616869UL) + stream);

        public override bool IsSecure => false;
        public override long? InsecureSeed => seed;
        public override ulong NextBits() => Mix(_state += 0x9E3779B97F4A7C15);

        static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
