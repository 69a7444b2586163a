using System.Text.Json;
using Glassbox.Privacy;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Privacy;

public sealed class SsimTests
{
    sealed record Case(string Name, int[] Shape, double[] A, double[] B, double Ssim);
    sealed record Fixture(string Skimage, Case[] Cases);

    static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    public static TheoryData<string> Names() => new(Load().Cases.Select(c => c.Name));

    static Fixture Load() => JsonSerializer.Deserialize<Fixture>(
        File.ReadAllText(Path.Combine(TestData.RepoRoot, "tests", "Glassbox.Tests", "Privacy", "Fixtures", "ssim_skimage.json")), Options)!;

    [Theory]
    [MemberData(nameof(Names))]
    public void Equals_scikit_image_on_the_recorded_cases(string name)
    {
        Case c = Load().Cases.Single(x => x.Name == name);
        var (channels, height, width) = (c.Shape[0], c.Shape[1], c.Shape[2]);
        double[] a = Image((long)c.A[0], channels, height, width, c.A[1]), b = Image((long)c.B[0], channels, height, width, c.B[1]);
        Assert.Equal(c.Ssim, Ssim.Compute(a, b, channels, height, width), 1e-6);
    }

    [Fact]
    public void Is_one_for_an_image_and_itself_and_symmetric()
    {
        double[] a = Image(21, 1, 16, 16, 0.5), b = Image(22, 1, 16, 16, 0.5);
        Assert.Equal(1, Ssim.Compute(a, a, 1, 16, 16), 1e-12);
        Assert.Equal(Ssim.Compute(a, b, 1, 16, 16), Ssim.Compute(b, a, 1, 16, 16), 1e-15);
        Assert.True(Ssim.Compute(a, b, 1, 16, 16) < 0.9);
    }

    [Fact]
    public void Refuses_images_smaller_than_the_window() =>
        Assert.Throws<ArgumentException>(() => Ssim.Compute(new double[100], new double[100], 1, 10, 10));

    /// <summary>bench/ssim_reference.py's test image: a ramp plus hashed noise, in exact integer arithmetic.</summary>
    internal static double[] Image(long seed, int channels, int height, int width, double smooth)
    {
        var values = new double[channels * height * width];
        for (int c = 0, i = 0; c < channels; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++, i++)
                    values[i] = smooth * ((x + 2 * y + 3 * c) % 23 / 22.0) + (1 - smooth) * Hashed(seed, i);
        return values;
    }

    static double Hashed(long seed, long n)
    {
        const ulong m = 1UL << 32;
        ulong h = ((ulong)n * 2654435761UL + (ulong)(seed * 40503 + 12345)) % m;
        h ^= h >> 16;
        h = h * 0x85EBCA6BUL % m;
        h ^= h >> 13;
        h = h * 0xC2B2AE35UL % m;
        h ^= h >> 16;
        return h / (double)m;
    }
}
