using Glassbox.Data;
using Glassbox.Experiments.Privacy;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Privacy;

/// <summary>Experiment 6a's runner: what it refuses, and that every arm trains, is tested on the same images and resumes.</summary>
public sealed class MixingAccuracyTests
{
    static readonly ImageSplit Mnist = Cut(MnistLoader.Load(DataPaths.Mnist(TestData.Root)));

    static ImageSplit Cut(ImageSplit data) => new(data.Train.Take(96), data.Test.Take(50));

    static MixingAccuracySpec Spec(params string[] arms) => new("smallcnn", 1, 32, 0.1, 0.9, 5e-4, "constant", [1], arms, K: 2, Threads: 1);

    [Theory]
    [InlineData("bogus", "unknown arm 'bogus'")]
    [InlineData("plain,plain", "an arm is named twice")]
    [InlineData("cross", "the cross arm needs public images")]
    public void What_cannot_run_is_refused_before_training(string arms, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => MixingAccuracy.Check(Spec(arms.Split(',')), 96, null)).Message);

    [Fact]
    public void K_larger_than_the_private_set_is_refused() =>
        Assert.ThrowsAny<ArgumentException>(() => MixingAccuracy.Check(Spec("inside") with { K = 97 }, 96, null));

    [Fact]
    public void Every_arm_trains_on_its_own_mixing_is_tested_on_the_same_images_and_a_rerun_reads_the_runs_back()
    {
        using var dir = new TempDir();
        var spec = Spec(MixingAccuracy.Plain, MixingAccuracy.MixupArm, MixingAccuracy.Inside, MixingAccuracy.Cross);
        ImageDataset fashion = MnistLoader.Load(DataPaths.Mnist(TestData.Root)).Test.Skip(50).Take(40); // any other 1×28×28 images serve as public
        var first = MixingAccuracy.Run(spec, "mnist", Mnist, "mnist-test-tail", fashion, dir.Path);
        Assert.Equal(["none", "mixup alpha=1 seed=1", "instahide k=2 mode=inside", "instahide k=2 mode=cross"],
            first.Runs.Select(r => r.Mixing.Split(" max=")[0]));
        Assert.Contains("public=mnist-test-tail:40 keys=cryptographic", first.Runs[3].Mixing);
        Assert.Equal((96, 50, 40), (first.TrainImages, first.TestImages, first.PublicImages));
        Assert.All(first.Runs, r => Assert.InRange(r.Final.TestAccuracy, 0, 1));
        // The plain arm's accuracy is over the same 50 test images as the others: a multiple of 1/50.
        Assert.All(first.Runs, r => Assert.Equal(0, r.Final.TestAccuracy * 50 % 1, 9));
        var again = MixingAccuracy.Run(spec, "mnist", Mnist, "mnist-test-tail", fashion, dir.Path);
        Assert.Equal(first.Runs.Select(r => r.Final), again.Runs.Select(r => r.Final));
        Assert.True(Directory.Exists(Path.Combine(dir.Path, "cross-seed1")));
    }
}
