using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Tests.Training;
using Glassbox.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Privacy;

/// <summary>The trainer with mixup and InstaHide batches: deterministic where seeded, resumable, and what the net sees is the encoding.</summary>
public sealed class MixedTrainingTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "glassbox-mixed-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    static InstaHideMixing InsideInstaHide(ImageSplit data, long? seed) =>
        new(new InstaHideOptions(3, InstaHideMode.Inside), data.Train.ImageSize, data.Train.Labels, null, "none", seed);

    static byte[][] Train(string folder, Func<ImageSplit, IBatchMixing> mixing, params TrainerOptions[] runs)
    {
        ImageSplit data = TrainerTests.Synthetic();
        byte[][] state = [];
        foreach (TrainerOptions options in runs)
        {
            using var net = new TinyNet(3, 2, seed: 4, ScalarType.Float64);
            TrainingResult result = Trainer.Run(net, net.Trained, data, options with { Mixing = mixing(data) }, folder);
            Assert.All(result.Epochs, r => Assert.True(double.IsFinite(r.TrainLoss) && r.TrainLoss > 0));
            state = net.state_dict().Values.Select(t => t.contiguous().bytes.ToArray()).ToArray();
        }
        return state;
    }

    public static TheoryData<string> Mixings() => ["mixup", "instahide"];

    static Func<ImageSplit, IBatchMixing> Named(string name) =>
        name == "mixup" ? _ => new Mixup(0.4, 11) : data => InsideInstaHide(data, seed: 17);

    [Theory]
    [MemberData(nameof(Mixings))]
    public void A_seeded_mixed_run_resumes_bit_identically(string name)
    {
        TrainerOptions two = TrainerTests.Options(ScalarType.Float64, 2), one = TrainerTests.Options(ScalarType.Float64, 1);
        byte[][] straight = Train(Path.Combine(_folder, "straight"), Named(name), two);
        byte[][] resumed = Train(Path.Combine(_folder, "resumed"), Named(name), one, two with { Resume = true });
        Assert.Equal(straight, resumed);
        byte[][] plain = Train(Path.Combine(_folder, "plain"), _ => null!, two);
        Assert.NotEqual(plain, straight); // the mixing changed what was learnt
    }

    [Fact]
    public void A_checkpoint_of_another_mixing_is_refused_naming_it()
    {
        Train(_folder, Named("mixup"), TrainerTests.Options(ScalarType.Float64, 1));
        var error = Assert.Throws<InvalidDataException>(() =>
            Train(_folder, _ => new Mixup(0.5, 11), TrainerTests.Options(ScalarType.Float64, 2, resume: true)));
        Assert.Contains("Mixing mixup alpha=0.4 seed=11 in the checkpoint, mixup alpha=0.5 seed=11 now", error.Message);
    }

    [Fact]
    public void The_net_trains_on_exactly_the_encodings_the_keys_define()
    {
        // The batch path (tensors, float64) against InstaHideEncoder.Encode (arrays) with the same keys and images.
        ImageSplit data = TrainerTests.Synthetic();
        var normalization = PixelNormalization.Of(data.Train);
        var batches = new ImageBatches(data.Train, normalization, ScalarType.Float64);
        InstaHideMixing mixing = InsideInstaHide(data, seed: null);
        mixing.BeginEpoch(0, data.Train.Count);
        int[] all = Enumerable.Range(0, data.Train.Count).ToArray(), batch = [5, 0, 63, 17];
        double[] images = batches.Batch(all, default).Input.data<double>().ToArray();
        var (input, labels) = batches.Batch(batch, default);
        var (mixed, targets) = mixing.Mix(input, labels, batch, 2, 0, ids => batches.Batch(ids, default).Input);
        float[] expected = InstaHideEncoder.Encode(mixing.Keys, images, []);
        float[] soft = InstaHideEncoder.Labels(mixing.Keys, 3, data.Train.Labels, 2);
        double[] got = mixed.data<double>().ToArray(), gotTargets = targets.data<double>().ToArray();
        int size = data.Train.ImageSize;
        for (int n = 0; n < batch.Length; n++)
        {
            for (int p = 0; p < size; p++) Assert.Equal(expected[batch[n] * size + p], got[n * size + p], 1e-6);
            for (int c = 0; c < 2; c++) Assert.Equal(soft[batch[n] * 2 + c], gotTargets[n * 2 + c], 1e-7);
        }
        Assert.Contains("keys=cryptographic", mixing.Identity);
        Assert.Contains("keys=INSECURE seed 17", InsideInstaHide(data, 17).Identity);
    }
}
