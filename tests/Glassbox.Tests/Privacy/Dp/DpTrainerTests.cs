using Glassbox.Data;
using Glassbox.Privacy;
using Glassbox.Privacy.Dp;
using Glassbox.Tests.Cli;
using Glassbox.Tests.Data;
using Glassbox.Tests.Training;
using Glassbox.Training;

namespace Glassbox.Tests.Privacy.Dp;

public sealed class DpTrainerTests
{
    static PerExampleNet Net() => DpModels.Create("gncnn", 3, 8, 8, 2, seed: 3);

    [Fact]
    public void Logs_the_epsilon_of_every_step_taken_and_resumes_to_the_same_count()
    {
        using var dir = new TempDir();
        var data = TrainerTests.Synthetic(); // 64 training images
        // q = 0.1: 10 steps an epoch; 5 epochs = 50 steps at σ = 4, δ = 1e-3 — a case of bench/rdp_reference.py (SciPy): ε = 0.4929151522181885.
        var options = new DpTrainingOptions(Noise: 4, Clip: 1, SampleRate: 0.1, Epochs: 3, Delta: 1e-3, Rate: 0.1, Threads: 1);
        using (var net = Net()) DpTrainer.Run(net, "gncnn", data, options, KeySource.Insecure(1), dir.Path);
        IReadOnlyList<DpEpochRecord> records;
        using (var net = Net()) records = DpTrainer.Run(net, "gncnn", data, options with { Epochs = 5, Resume = true }, KeySource.Insecure(2), dir.Path);
        Assert.Equal([1, 2, 3, 4, 5], records.Select(r => r.Epoch));
        Assert.Equal(50, records[^1].Step);
        Assert.Equal(0.4929151522181885, records[^1].Epsilon!.Value, 12);
        Assert.True(records.Zip(records.Skip(1)).All(p => p.Second.Epsilon > p.First.Epsilon));
        Assert.InRange(records.Average(r => r.MeanBatch), 6.4 - 2, 6.4 + 2); // q·N = 6.4
        Assert.Equal(5, File.ReadLines(Path.Combine(dir.Path, DpTrainer.PrivacyLog)).Count());

        // A resume with another noise multiplier is another run: refused, naming the difference.
        using var other = Net();
        var error = Assert.Throws<InvalidDataException>(() => DpTrainer.Run(other, "gncnn", data, options with { Noise = 3, Epochs = 6, Resume = true },
            KeySource.Insecure(3), dir.Path));
        Assert.Contains("σ=4", error.Message);
        Assert.Contains("σ=3", error.Message);
    }

    [Fact]
    public void The_non_private_baseline_takes_plain_gradient_steps_and_claims_no_epsilon()
    {
        // q = 1: one step an epoch on every example, so one epoch is one full-batch gradient step, written out here.
        using var dir = new TempDir();
        var data = TrainerTests.Synthetic();
        using var net = Net();
        using var reference = Net();
        var options = new DpTrainingOptions(Noise: 0, Clip: 0, SampleRate: 1, Epochs: 1, Delta: 1e-5, Rate: 0.3, Threads: 1, Private: false);
        var records = DpTrainer.Run(net, "gncnn", data, options, KeySource.Insecure(1), dir.Path);

        var batches = new ImageBatches(data.Train, DpTrainer.FixedNormalization(data.Train.Channels), TorchSharp.torch.ScalarType.Float32);
        var (input, labels) = batches.Batch(Enumerable.Range(0, data.Train.Count).ToArray(), default);
        var loss = TorchSharp.torch.nn.functional.cross_entropy(reference.forward(input), labels);
        var grads = TorchSharp.torch.autograd.grad([loss], [.. reference.Parameters]);
        for (int i = 0; i < grads.Count; i++)
        {
            double[] expected = (reference.Parameters[i].detach() - grads[i].mul(0.3)).to(TorchSharp.torch.ScalarType.Float64).data<double>().ToArray();
            double[] actual = net.Parameters[i].detach().to(TorchSharp.torch.ScalarType.Float64).data<double>().ToArray();
            double moved = expected.Zip(reference.Parameters[i].detach().to(TorchSharp.torch.ScalarType.Float64).data<double>().ToArray(), (e, w) => Math.Abs(e - w)).Max();
            Assert.True(moved > 1e-4, $"parameter {i} hardly moves ({moved}): the test would not see a wrong step");
            for (int j = 0; j < expected.Length; j++) Assert.Equal(expected[j], actual[j], 1e-6);
        }
        Assert.Null(records[0].Epsilon);
        Assert.Null(records[0].EpsilonClassic);
        Assert.Contains("\"epsilon\":null", File.ReadAllText(Path.Combine(dir.Path, DpTrainer.PrivacyLog)));

        // --no-privacy and --noise together are one mistake, said once.
        var result = CliRunner.Run("dp", "train", "--data-dir", TestData.Root, "--no-privacy", "--noise", "1", "--out", Path.Combine(dir.Path, "x"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-privacy adds no noise", result.Err);
        result = CliRunner.Run("dp", "train", "--data-dir", TestData.Root, "--out", Path.Combine(dir.Path, "y"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--noise SIGMA is required", result.Err);
    }

    [Fact]
    public void Batch_norm_nets_and_unknown_models_are_refused_in_one_sentence()
    {
        Assert.Contains("mixes the examples of a batch", Assert.Throws<ArgumentException>(() => DpModels.Create("preresnet20", 3, 32, 32, 10, 1)).Message);
        Assert.Contains("expected one of samplecnn, gncnn", Assert.Throws<ArgumentException>(() => DpModels.Create("vgg", 3, 32, 32, 10, 1)).Message);
        var result = CliRunner.Run("dp", "train", "--data-dir", TestData.Root, "--model", "smallcnn", "--noise", "1", "--out", Path.Combine(Path.GetTempPath(), "never-written"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--model smallcnn: smallcnn uses BatchNorm", result.Err);
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), "never-written")));
    }

    [Fact]
    public void Learns_a_separable_problem_under_small_noise()
    {
        // Bright images are class 1, dark ones class 0.
        ImageDataset Make(int count, int seed)
        {
            var random = new Random(seed);
            var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 2)).ToArray();
            var pixels = new byte[count * 192];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)((labels[i / 192] == 1 ? 170 : 40) + random.Next(46));
            return new ImageDataset(count, 3, 8, 8, pixels, labels, 2);
        }
        using var dir = new TempDir();
        using var net = Net();
        var records = DpTrainer.Run(net, "gncnn", new ImageSplit(Make(64, 1), Make(32, 2)), new DpTrainingOptions(Noise: 0.3, Clip: 1, SampleRate: 0.25,
            Epochs: 10, Delta: 1e-3, Rate: 0.2, Threads: 1), KeySource.Insecure(5), dir.Path);
        Assert.True(records[^1].TestAccuracy >= 0.9, $"test accuracy {records[0].TestAccuracy:P0} → {records[^1].TestAccuracy:P0}");
    }
}
