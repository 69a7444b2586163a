using Glassbox.Privacy;
using Glassbox.Training;
using static TorchSharp.torch;

namespace Glassbox.Tests.Privacy;

/// <summary>The soft-label loss mixed batches train on, and InstaHide's fresh keys at every epoch of training.</summary>
public sealed class MixingLossAndKeysTests
{
    [Fact]
    public void The_soft_label_loss_is_the_batch_mean_of_minus_sum_t_log_softmax()
    {
        double[,] z = { { 1, 2, 3 }, { 0.5, -1, 0 } }, t = { { 0.2, 0.8, 0 }, { 0.25, 0.25, 0.5 } };
        double expected = 0;
        for (int n = 0; n < 2; n++)
        {
            double normaliser = Math.Log(Math.Exp(z[n, 0]) + Math.Exp(z[n, 1]) + Math.Exp(z[n, 2]));
            for (int c = 0; c < 3; c++) expected -= t[n, c] * (z[n, c] - normaliser) / 2;
        }
        using var logits = tensor(new[] { 1.0, 2, 3, 0.5, -1, 0 }, [2, 3]);
        using var targets = tensor(new[] { 0.2, 0.8, 0, 0.25, 0.25, 0.5 }, [2, 3]);
        Assert.Equal(expected, Trainer.SoftCrossEntropy(logits, targets).item<double>(), 14);
        // One-hot targets give PyTorch's own cross-entropy.
        using var onehot = tensor(new[] { 0.0, 0, 1, 1, 0, 0 }, [2, 3]);
        Assert.Equal(nn.functional.cross_entropy(logits, tensor(new long[] { 2, 0 })).item<double>(),
            Trainer.SoftCrossEntropy(logits, onehot).item<double>(), 14);
    }

    [Fact]
    public void Training_draws_new_keys_every_epoch_and_a_seeded_run_replays_them()
    {
        byte[] labels = Enumerable.Range(0, 40).Select(i => (byte)(i % 10)).ToArray();
        InstaHideMixing Mixing(long? seed) => new(new InstaHideOptions(3, InstaHideMode.Inside), 16, labels, null, "none", seed);
        InstaHideKeys Keys(InstaHideMixing m, int epoch)
        {
            m.BeginEpoch(epoch, 40);
            return m.Keys;
        }
        var seeded = Mixing(5);
        InstaHideKeys first = Keys(seeded, 0), second = Keys(seeded, 1);
        Assert.NotEqual(first.Masks, second.Masks);
        Assert.NotEqual(first.Indices, second.Indices);
        var replay = Mixing(5);
        Assert.Equal(first.Masks, Keys(replay, 0).Masks);
        Assert.Equal(second.Indices, Keys(replay, 1).Indices);
        var secure = Mixing(null);
        Assert.NotEqual(Keys(secure, 0).Masks, Keys(secure, 0).Masks);
    }
}
