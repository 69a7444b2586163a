using System.Globalization;
using Glassbox.Data;
using Glassbox.Experiments.Cntk;
using Glassbox.Kernels.Convolutional;
using static TorchSharp.torch;

namespace Glassbox.Experiments.Widen;

/// <summary>Data that cannot make the asked-for problem (too few rows, a set with more than two classes to train on); the message names the option.</summary>
public sealed class WidenDataException(string message) : Exception(message);

/// <summary>The binary tasks of experiment c: rows of a UCI set (fc) and CIFAR-10 airplanes against automobiles (cnn).</summary>
public static class WidenProblems
{
    /// <summary>fc: rows of a UCI set in a fixed shuffled order; the first <paramref name="train"/> for training, the next
    /// <paramref name="test"/> for testing; class 0 is +1, the other −1.</summary>
    public static WidenProblem Uci(UciDataset set, int train, int test, int depth, bool requireTwoClasses)
    {
        string name = set.Name;
        if (requireTwoClasses && set.Classes != 2) throw new WidenDataException($"--uci {name} has {set.Classes} classes; training needs a two-class set (e.g. ionosphere)");
        if (train + test > set.Rows) throw new WidenDataException($"--samples {train} and --test {test} need {train + test} rows; {name} has {set.Rows}");
        int[] order = Enumerable.Range(0, set.Rows).ToArray();
        new Random(0).Shuffle(order);
        double[,] Take(int start, int count)
        {
            var x = new double[count, set.Features];
            for (int i = 0; i < count; i++) for (int j = 0; j < set.Features; j++) x[i, j] = set.X[order[start + i] * set.Features + j];
            return x;
        }
        double Sign(int row) => set.Y[order[row]] == 0 ? 1 : -1;
        string initSettings = string.Create(CultureInfo.InvariantCulture, $"fc depth {depth}; UCI {name}, rows shuffled with seed 0: {train} training; class 0 = +1");
        string description = string.Create(CultureInfo.InvariantCulture, $"fc depth {depth}; UCI {name}, rows shuffled with seed 0: {train} training, {test} test; class 0 = +1");
        return WidenProblem.FullyConnected(Take(0, train), Take(train, test), Enumerable.Range(0, train).Select(Sign).ToArray(),
            Enumerable.Range(train, test).Select(r => (int)Sign(r)).ToArray(), depth, description, initSettings);
    }

    /// <summary>cnn: the first images of CIFAR-10's airplanes (+1) and automobiles (−1), half each (the odd one an airplane),
    /// training from the training split and test from the test split, standardised per channel by the training split, centre-cropped.</summary>
    public static WidenProblem CifarCrops(ImageSplit data, int train, int test, int crop, int depth)
    {
        if (crop < 3 || crop > data.Train.Height || crop > data.Train.Width) throw new WidenDataException($"--crop must be in 3 .. {data.Train.Height}");
        (ImageBatch Images, double[] Signs) Pick(ImageDataset source, int count)
        {
            int[] indices = Enumerable.Range(0, source.Count).Where(i => source.Labels[i] == 0).Take((count + 1) / 2)
                .Concat(Enumerable.Range(0, source.Count).Where(i => source.Labels[i] == 1).Take(count / 2)).Order().ToArray();
            ImageDataset subset = BalancedDraw.Subset(source, indices);
            return (Crop(CntkInputs.Standardised(subset, data.Train), crop), subset.Labels.Select(l => l == 0 ? 1.0 : -1.0).ToArray());
        }
        var (trainImages, targets) = Pick(data.Train, train);
        var (testImages, testSigns) = test > 0 ? Pick(data.Test, test) : (new ImageBatch(0, 3, crop, crop, []), []);
        var architecture = new CntkArchitecture(depth, new CntkReadout.Gap());
        string description = string.Create(CultureInfo.InvariantCulture,
            $"cnn GAP depth {depth}; CIFAR-10 airplane (+1) against automobile (−1), first {train} training and {test} test images, {crop}×{crop} centre crops");
        string initSettings = string.Create(CultureInfo.InvariantCulture,
            $"cnn GAP depth {depth}; CIFAR-10 airplane (+1) against automobile (−1), first {train} training images, {crop}×{crop} centre crops");
        return WidenProblem.Convolutional(trainImages, testImages, targets, testSigns.Select(s => (int)s).ToArray(), architecture, ScalarType.Float32,
            description, initSettings);
    }

    /// <summary>The centre side×side crop of every image.</summary>
    static ImageBatch Crop(ImageBatch images, int side)
    {
        int top = (images.Height - side) / 2, left = (images.Width - side) / 2;
        var data = new double[images.Count * images.Channels * side * side];
        int k = 0;
        for (int n = 0; n < images.Count; n++)
            for (int c = 0; c < images.Channels; c++)
                for (int i = 0; i < side; i++)
                    for (int j = 0; j < side; j++)
                        data[k++] = images.Data[((n * images.Channels + c) * images.Height + top + i) * images.Width + left + j];
        return new ImageBatch(images.Count, images.Channels, side, side, data);
    }
}
