namespace Glassbox.Privacy;

/// <summary>A <see cref="Random"/> that draws from a <see cref="KeySource"/>, for samplers that take a Random (MathNet.Numerics).</summary>
internal sealed class KeySourceRandom(KeySource source) : Random
{
    protected override double Sample() => source.NextDouble();
    public override double NextDouble() => source.NextDouble();
    public override int Next() => source.Below(int.MaxValue);
    public override int Next(int maxValue) => maxValue <= 0 ? 0 : source.Below(maxValue);
    public override int Next(int minValue, int maxValue) => minValue >= maxValue ? minValue : minValue + (int)(source.NextBits() % (ulong)((long)maxValue - minValue));
    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());
    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)source.NextBits();
    }
}
