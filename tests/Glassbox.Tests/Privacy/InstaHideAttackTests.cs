using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Tests.Cli;
using Glassbox.Tests.Data;
using Glassbox.Training;

namespace Glassbox.Tests.Privacy;

public sealed class InstaHideAttackTests
{
    static readonly ImageDataset Mnist = MnistLoader.Load(DataPaths.Mnist(TestData.Root)).Train.Take(40);

    [Fact]
    public void Signs_follow_from_the_pixel_range_and_the_neighbours_on_real_digits()
    {
        // |x| of true MNIST digits restores to the digits: strokes are forced bright by the range, the background stays dark.
        var normalization = PixelNormalization.Of(Mnist);
        double[] normalized = InstaHideEncoding.Normalized(Mnist, normalization);
        for (int i = 0; i < 10; i++)
        {
            double[] magnitudes = normalized.AsSpan(i * 784, 784).ToArray().Select(Math.Abs).ToArray();
            double[] pixels = SignRestoration.Restore(magnitudes, 1, 28, 28, normalization.Mean, normalization.Std);
            double[] truth = Mnist.Image(i).ToArray().Select(b => b / 255.0).ToArray();
            Assert.True(Ssim.Compute(pixels, truth, 1, 28, 28) > 0.97, $"image {i}");
            // A stroke pixel brighter than twice the mean has only one candidate in [0, 1]: it is exact.
            for (int p = 0; p < 784; p++)
                if (truth[p] > 2 * normalization.Mean[0] + 0.05) Assert.Equal(truth[p], pixels[p], 1e-9);
        }
    }

    [Theory]
    [InlineData(0.3, 0.8, 0.55)] // mean 0.3: |x| = 2 can only be 0.3 + 0.5 (0.3 − 0.5 < 0), so the ring is bright; the centre's 0.05 / 0.55 → 0.55
    [InlineData(0.7, 0.2, 0.45)] // mean 0.7: |x| = 2 can only be 0.7 − 0.5, a dark ring; the centre's 0.45 / 0.95 → 0.45
    public void A_pixel_with_two_candidates_takes_the_one_its_neighbours_agree_with(double mean, double ring, double centre)
    {
        double[] pixels = SignRestoration.Restore([2, 2, 2, 2, 1, 2, 2, 2, 2], 1, 3, 3, [mean], [0.25]);
        Assert.Equal(centre, pixels[4], 1e-12);
        Assert.All(pixels.Where((_, i) => i != 4), v => Assert.Equal(ring, v, 1e-12));
    }

    [Fact]
    public void Scoring_matches_clusters_to_images_one_to_one_whatever_their_order()
    {
        double[] truth = Mnist.Pixels.Take(5 * 784).Select(b => b / 255.0).ToArray();
        int[] order = [3, 0, 4, 1, 2]; // cluster c holds image order[c]
        double[] recovered = order.SelectMany(i => truth.AsSpan(i * 784, 784).ToArray()).ToArray();
        var result = new AttackResult(5, 784, recovered, [0, 1, 2, 3, 4]);
        // Keys: encoding r mixes image order[r] (slot 0) with image (order[r] + 1) % 5.
        var keys = new InstaHideKeys(5, 2, 784, order.SelectMany(i => new[] { i, (i + 1) % 5 }).ToArray(), new float[10], new sbyte[5 * 784]);
        AttackScore score = AttackEvaluation.Score(result, truth, 1, 28, 28, keys, privateSlots: 2);
        Assert.All(score.Images, image => Assert.Equal(1, image.Ssim, 1e-12));
        Assert.Equal(order.Select((image, cluster) => (image, cluster)).OrderBy(p => p.image).Select(p => p.cluster), score.Images.Select(x => x.Cluster));
        Assert.Equal(1, score.EncodingsClusteredCorrectly);
        Assert.Equal(1, score.MeanSsim, 1e-12);
    }

    [Fact]
    public void An_encoding_that_holds_its_image_twice_counts_once_and_each_encoding_says_if_it_was_clustered_right()
    {
        double[] truth = Mnist.Pixels.Take(3 * 784).Select(b => b / 255.0).ToArray();
        var result = new AttackResult(3, 784, truth, [0, 0, 0, 1, 2, 2]);
        // Cluster 0: encodings 0 and 1 hold image 0 twice, encoding 2 holds images 1 and 2: image 0 (2 encodings against 1).
        // Cluster 1: encoding 3 holds image 1 twice. Cluster 2: encoding 4 holds image 2 twice, encoding 5 images 0 and 1 — a
        // three-way tie by encodings, so image 0 (counting slots, image 2 would win 2 to 1, and the share would be 8/6).
        int[] indices = [0, 0, 0, 0, 1, 2, 1, 1, 2, 2, 0, 1];
        var keys = new InstaHideKeys(6, 2, 784, indices, new float[12], new sbyte[6 * 784]);
        AttackScore score = AttackEvaluation.Score(result, truth, 1, 28, 28, keys, privateSlots: 2);
        Assert.Equal([true, true, false, true, false, true], score.Encodings!.Select(e => e.Correct));
        Assert.Equal([0, 0, 0, 1, 0, 0], score.Encodings!.Select(e => e.ClusterImage));
        Assert.Equal(4.0 / 6, score.EncodingsClusteredCorrectly, 15);
    }

    [Fact]
    public void The_attack_recovers_sign_flipped_digits_k1_with_mean_ssim_above_0_9_whatever_the_order()
    {
        using var dir = new TempDir();
        string encodings = Path.Combine(dir.Path, "enc"), attack = Path.Combine(dir.Path, "attack");
        Assert.Equal(0, CliRunner.Run("instahide", "encode", "--data-dir", TestData.Root, "--dataset", "mnist", "--k", "1", "--images", "40",
            "--encodings-per-image", "3", "--keep-keys", "--out", encodings).ExitCode);
        var run = CliRunner.Run("instahide", "attack", "--data-dir", TestData.Root, "--encodings", encodings, "--truth", "mnist", "--out", attack);
        Assert.Equal(0, run.ExitCode);
        var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(attack, "attack.json"))).RootElement;
        Assert.True(report.GetProperty("MeanSsim").GetDouble() >= 0.9, run.Out);
        Assert.Equal(1, report.GetProperty("EncodingsClusteredCorrectly").GetDouble());
        Assert.Equal(120, report.GetProperty("PerEncoding").GetArrayLength());
        Assert.All(report.GetProperty("PerEncoding").EnumerateArray(), e => Assert.True(e.GetProperty("Correct").GetBoolean()));
        var (shape, recovered) = NpyArray.Read<float>(Path.Combine(attack, "recovered.npy"));
        Assert.Equal([40L, 1, 28, 28], shape);
        Assert.True(File.Exists(Path.Combine(attack, "recovered.png")));

        // The same encodings in reverse order: the attack does not read the order, so it recovers as well.
        InstaHideFolder folder = InstaHideFolder.Load(encodings);
        float[] reversed = Enumerable.Range(0, 120).Reverse().SelectMany(r => folder.Encodings.AsSpan(r * 784, 784).ToArray()).ToArray();
        AttackResult again = InstaHideAttack.Run(reversed, 40, 1, 28, 28, folder.Manifest.Normalization);
        double[] truth = Mnist.Pixels.Select(b => b / 255.0).ToArray();
        Assert.True(AttackEvaluation.Score(again, truth, 1, 28, 28).MeanSsim >= 0.9);
    }

    [Fact]
    public void Bad_input_to_the_attack_is_one_sentence_exit_2()
    {
        using var dir = new TempDir();
        var missing = CliRunner.Run("instahide", "attack", "--data-dir", TestData.Root, "--encodings", dir.Path, "--truth", "mnist", "--out", Path.Combine(dir.Path, "a"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no InstaHide manifest", missing.Err);
        string encodings = Path.Combine(dir.Path, "enc");
        Assert.Equal(0, CliRunner.Run("instahide", "encode", "--data-dir", TestData.Root, "--k", "1", "--images", "4", "--encodings-per-image", "1",
            "--out", encodings).ExitCode);
        var wrongTruth = CliRunner.Run("instahide", "attack", "--data-dir", TestData.Root, "--encodings", encodings, "--truth", "cifar10", "--out", Path.Combine(dir.Path, "a"));
        Assert.Equal(2, wrongTruth.ExitCode);
        Assert.Contains("are of mnist, the truth named is cifar10", wrongTruth.Err);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "a")));
    }
}
