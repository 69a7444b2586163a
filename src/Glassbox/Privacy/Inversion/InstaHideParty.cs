namespace Glassbox.Privacy.Inversion;

/// <summary>
/// InstaHide as a defence against gradient inversion: the party computes its gradient not on its images but on their
/// InstaHide encodings (inside the data set, k images each: the private image in slot 0 and k − 1 partners drawn from
/// the training set), e = σ ⊙ Σ_j λ_j x̃_j with x̃ = 2x − 1 ∈ [−1, 1] (pixels centred, so the sign mask hides them), and
/// soft targets Σ_j λ_j onehot(y_j). The attacker can at best recover e; what counts is how close that comes to x.
/// </summary>
public static class InstaHideParty
{
    /// <param name="pixels">The party's B images, pixels in [0, 1].</param>
    /// <param name="pool">Images the partners are drawn from (pixels in [0, 1], one after another) and their labels.</param>
    public static PartyBatch Encode(double[] pixels, int[] labels, int classes, double[] pool, int[] poolLabels, int k, KeySource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int batch = labels.Length, size = pixels.Length / Math.Max(1, batch), poolCount = poolLabels.Length;
        if (batch < 1 || pixels.Length != batch * size) throw new ArgumentException($"{pixels.Length} pixels for {batch} images");
        if (pool.Length != poolCount * size) throw new ArgumentException($"the pool has {pool.Length} pixels for {poolCount} images of {size}");
        if (k > 1 && poolCount < 1) throw new ArgumentException("InstaHide with k ≥ 2 needs images to mix with");
        var options = new InstaHideOptions(k, InstaHideMode.Inside);
        var input = new double[batch * size];
        var targets = new double[batch * classes];
        var lambdas = new float[k];
        var signs = new sbyte[size];
        for (int n = 0; n < batch; n++)
        {
            options.DrawCoefficients(random, lambdas);
            random.FillSigns(signs);
            Span<double> e = input.AsSpan(n * size, size);
            for (int j = 0; j < k; j++)
            {
                int partner = j == 0 ? -1 : random.Below(poolCount);
                ReadOnlySpan<double> x = j == 0 ? pixels.AsSpan(n * size, size) : pool.AsSpan(partner * size, size);
                for (int p = 0; p < size; p++) e[p] += lambdas[j] * (2 * x[p] - 1);
                targets[n * classes + (j == 0 ? labels[n] : poolLabels[partner])] += lambdas[j];
            }
            for (int p = 0; p < size; p++) e[p] *= signs[p];
        }
        return new PartyBatch(input, targets, PixelScale: 0.5, PixelOffset: 0.5);
    }
}
