using Glassbox.Privacy;
using Glassbox.Privacy.Inversion;

namespace Glassbox.Tests.Privacy.Inversion;

public sealed class InstaHidePartyTests
{
    [Fact]
    public void An_encoding_is_the_signed_mix_of_the_centred_image_and_its_partners_with_the_mixed_label()
    {
        // Image all white (2x − 1 = 1), every partner all black (−1): each pixel of e is ±(λ₁ − Σ_{j≥2} λ_j), and the targets
        // hold λ₁ on the image's label and the rest on the partners' — so |e| follows from the targets alone.
        const int size = 50, classes = 3;
        double[] image = Enumerable.Repeat(1.0, size).ToArray();
        double[] pool = new double[2 * size]; // two black partners, both class 2
        PartyBatch party = InstaHideParty.Encode(image, [0], classes, pool, [2, 2], k: 4, KeySource.Insecure(7));
        double own = party.Targets[0], partners = party.Targets[2];
        Assert.Equal(0, party.Targets[1]);
        Assert.Equal(1, own + partners, 6);
        Assert.InRange(own, 0.0, 0.65); // InstaHide's cap of 0.65 on every coefficient
        foreach (double e in party.Input) Assert.Equal(Math.Abs(own - partners), Math.Abs(e), 6);
        Assert.Contains(party.Input, e => e > 0);
        Assert.Contains(party.Input, e => e < 0); // the sign mask flips pixels
        Assert.Equal([1.0, 0.0], party.AsPixels([1.0, -1.0])); // (v + 1)/2

        // k = 1: the centred image with random signs and its own one-hot label.
        double[] gray = Enumerable.Range(0, size).Select(i => i / (double)size).ToArray();
        PartyBatch alone = InstaHideParty.Encode(gray, [1], classes, pool, [2, 2], k: 1, KeySource.Insecure(8));
        Assert.Equal([0.0, 1.0, 0.0], alone.Targets);
        for (int p = 0; p < size; p++) Assert.Equal(Math.Abs(2 * gray[p] - 1), Math.Abs(alone.Input[p]), 12);
    }

    [Fact]
    public void The_gradient_attack_recovers_the_encoding_not_the_private_image()
    {
        var mnist = Glassbox.Data.MnistLoader.Load(Glassbox.Data.DataPaths.Mnist(Glassbox.Tests.Data.TestData.Root)).Train;
        InversionResult result = InversionSetup.Run(mnist, "lenet", 7, 1, SharedGradient.Parse("instahide:4"), iterations: 15, restarts: 1, seed: 1, KeySource.Insecure(3));
        InvertedImage image = result.Images[0];
        Assert.True(image.SsimToInput > 0.9, $"SSIM to the encoding {image.SsimToInput:0.000}: the attack should still match the shared gradient");
        Assert.True(image.Ssim < 0.3, $"SSIM to the private image {image.Ssim:0.000}");
        Assert.Equal("instahide:4", SharedGradient.Parse("instahide:4").ToString());
        Assert.Throws<ArgumentException>(() => SharedGradient.Parse("instahide:2.5"));
        Assert.Throws<ArgumentException>(() => SharedGradient.Parse("instahide:0"));
    }
}
