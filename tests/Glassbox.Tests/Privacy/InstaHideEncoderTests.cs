using Glassbox.Privacy;

namespace Glassbox.Tests.Privacy;

public sealed class InstaHideEncoderTests
{
    const int Private = 50, Public = 30, Size = 12;

    static InstaHideKeys Draw(InstaHideMode mode, int k, int passes, KeySource random) =>
        InstaHideEncoder.Draw(new InstaHideOptions(k, mode), Private, mode == InstaHideMode.Cross ? Public : 0, passes, Size, random);

    [Theory]
    [InlineData(InstaHideMode.Inside, 2)]
    [InlineData(InstaHideMode.Inside, 4)]
    [InlineData(InstaHideMode.Inside, 6)]
    [InlineData(InstaHideMode.Cross, 2)]
    [InlineData(InstaHideMode.Cross, 4)]
    [InlineData(InstaHideMode.Cross, 6)]
    public void Coefficients_obey_the_bounds_and_sum_to_one(InstaHideMode mode, int k)
    {
        var options = new InstaHideOptions(k, mode);
        InstaHideKeys keys = Draw(mode, k, 4, KeySource.Insecure(1));
        double largestSeen = 0;
        for (int row = 0; row < keys.Rows; row++)
        {
            float[] lambdas = keys.LambdasOf(row).ToArray();
            Assert.All(lambdas, l => Assert.InRange(l, 0f, 0.65f));
            Assert.Equal(1, lambdas.Sum(l => (double)l), 1e-6);
            if (mode == InstaHideMode.Cross) Assert.True(lambdas.Take(options.PrivateSlots).Sum(l => (double)l) >= 0.3 - 1e-7);
            largestSeen = Math.Max(largestSeen, lambdas.Max());
        }
        // The bound binds: without the rejection loop some of 200 draws would exceed 0.65; with it, some come close.
        Assert.InRange(largestSeen, k == 6 ? 0.45 : 0.55, 0.65);
    }

    [Fact]
    public void Without_the_rejection_loop_coefficients_would_exceed_the_bound()
    {
        // |z|/Σ|z| for k = 2 exceeds 0.65 with probability 1 − (2/π)(atan(0.65/0.35) − atan(0.35/0.65)) ≈ 0.61; drawn here, none does.
        InstaHideKeys keys = Draw(InstaHideMode.Inside, 2, 10, KeySource.Insecure(2));
        Assert.All(Enumerable.Range(0, keys.Rows), r => Assert.InRange(keys.LambdasOf(r)[0], 0.35f - 1e-6f, 0.65f + 1e-6f));
        // … and spread across the allowed interval, not stuck at one value.
        var first = Enumerable.Range(0, keys.Rows).Select(r => (double)keys.LambdasOf(r)[0]).ToArray();
        Assert.True(first.Min() < 0.37 && first.Max() > 0.63);
    }

    [Theory]
    [InlineData(InstaHideMode.Inside, 4)]
    [InlineData(InstaHideMode.Cross, 4)]
    [InlineData(InstaHideMode.Cross, 5)]
    public void Slot_zero_is_the_image_itself_and_partners_come_from_the_right_sets(InstaHideMode mode, int k)
    {
        var options = new InstaHideOptions(k, mode);
        Assert.Equal(mode == InstaHideMode.Inside ? k : (k + 1) / 2, options.PrivateSlots);
        InstaHideKeys keys = Draw(mode, k, 3, KeySource.Insecure(3));
        Assert.Equal(3 * Private, keys.Rows);
        for (int t = 0; t < 3; t++)
        {
            for (int j = 0; j < k; j++)
            {
                int[] column = Enumerable.Range(0, Private).Select(i => keys.IndicesOf(t * Private + i)[j]).ToArray();
                if (j == 0) Assert.Equal(Enumerable.Range(0, Private), column);
                else if (j < options.PrivateSlots) Assert.Equal(Enumerable.Range(0, Private), column.Order()); // a permutation per pass
                else Assert.All(column, index => Assert.InRange(index, Private, Private + Public - 1));
            }
        }
    }

    [Fact]
    public void Masks_are_signs_balanced_and_different_for_every_encoding()
    {
        InstaHideKeys keys = InstaHideEncoder.Draw(new InstaHideOptions(4, InstaHideMode.Inside), 200, 0, 2, 784, KeySource.Secure());
        Assert.All(keys.Masks, s => Assert.True(s is 1 or -1));
        double plus = keys.Masks.Count(s => s == 1) / (double)keys.Masks.Length;
        Assert.InRange(plus, 0.49, 0.51); // 313,600 fair bits: the standard deviation of the fraction is 0.0009
        Assert.NotEqual(keys.MaskOf(0).ToArray(), keys.MaskOf(200).ToArray()); // image 0 in pass 0 and pass 1
    }

    [Fact]
    public void Two_secure_draws_differ_and_the_same_insecure_seed_repeats()
    {
        InstaHideKeys a = Draw(InstaHideMode.Inside, 4, 1, KeySource.Secure()), b = Draw(InstaHideMode.Inside, 4, 1, KeySource.Secure());
        Assert.NotEqual(a.Masks, b.Masks);
        Assert.NotEqual(a.Lambdas, b.Lambdas);
        InstaHideKeys c = Draw(InstaHideMode.Inside, 4, 1, KeySource.Insecure(9)), d = Draw(InstaHideMode.Inside, 4, 1, KeySource.Insecure(9));
        Assert.Equal(c.Masks, d.Masks);
        Assert.Equal(c.Lambdas, d.Lambdas);
        Assert.Equal(c.Indices, d.Indices);
        Assert.NotEqual(c.Masks, Draw(InstaHideMode.Inside, 4, 1, KeySource.Insecure(10)).Masks);
        Assert.True(KeySource.Secure().IsSecure);
        Assert.Null(KeySource.Secure().InsecureSeed);
        Assert.Equal(9, KeySource.Insecure(9).InsecureSeed);
    }

    [Fact]
    public void Encoding_and_labels_follow_the_formula_on_a_worked_example()
    {
        // Two private images (2 values each), one public; row 0 = 0.6·x0 + 0.4·p0 with signs (+, −); row 1 = 0.5·x1 + 0.5·x0, signs (−, −).
        double[] privateImages = [1, 2, 3, 4], publicImages = [10, 20];
        var keys = new InstaHideKeys(2, 2, 2, [0, 2, 1, 0], [0.6f, 0.4f, 0.5f, 0.5f], [1, -1, -1, -1]);
        float[] encodings = InstaHideEncoder.Encode(keys, privateImages, publicImages);
        Assert.Equal([(float)(0.6f * 1.0 + 0.4f * 10.0), -(float)(0.6f * 2.0 + 0.4f * 20.0), -2f, -3f], encodings);
        // Labels 0 and 1, 2 classes. One private slot: row 0 carries only λ0 = 0.6 on class 0 (not renormalised), row 1 λ0 on class 1.
        Assert.Equal([0.6f, 0f, 0f, 0.5f], InstaHideEncoder.Labels(keys, 1, [0, 1], 2));
        // Two private slots (inside): x1 with 0.3 and x0 with 0.7 → 0.7 on class 0, 0.3 on class 1.
        var inside = new InstaHideKeys(1, 2, 2, [1, 0], [0.3f, 0.7f], [1, 1]);
        Assert.Equal([0.7f, 0.3f], InstaHideEncoder.Labels(inside, 2, [0, 1], 2));
    }

    [Theory]
    [InlineData(0, InstaHideMode.Inside, 0, "k must be ≥ 1")]
    [InlineData(51, InstaHideMode.Inside, 0, "more than the 50 private images")]
    [InlineData(1, InstaHideMode.Cross, 30, "at least one public image")]
    [InlineData(4, InstaHideMode.Cross, 0, "needs a public data set")]
    [InlineData(4, InstaHideMode.Inside, 30, "takes no public images")]
    public void Refuses_settings_that_cannot_be_drawn(int k, InstaHideMode mode, int publicCount, string message)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => InstaHideEncoder.Draw(new InstaHideOptions(k, mode), Private, publicCount, 1, Size, KeySource.Insecure(1)));
        Assert.Contains(message, error.Message);
    }
}
