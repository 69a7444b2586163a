using Glassbox.Cli.Verbs;
using Glassbox.Data;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Cli;

public sealed class LoadImagesTests
{
    [Fact]
    public void Cifar10_test_images_are_counted_within_the_half_that_is_not_public()
    {
        ImageSplit full = ImageSets.Load("cifar10", TestData.Root);
        ImageSplit cut = DataOptions.LoadImages("cifar10", TestData.Root, trainImages: 10, testImages: 100);
        Assert.Equal(10, cut.Train.Count);
        Assert.Equal(100, cut.Test.Count);
        // The first test image kept is the 5,001st of the data set.
        Assert.Equal(full.Test.Pixels.AsSpan(5000 * full.Test.ImageSize, full.Test.ImageSize).ToArray(),
            cut.Test.Pixels.AsSpan(0, cut.Test.ImageSize).ToArray());
        Assert.Equal(5000, DataOptions.LoadImages("cifar10", TestData.Root).Test.Count);
    }
}
