using Glassbox.Data;
using Glassbox.Experiments.Cntk;
using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using Glassbox.Tests.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Glassbox.Tests.Experiments.Cntk;

/// <summary>
/// Kernel regression with a CNTK predicts what the authors' procedure predicts — solve H_train α = Y with targets 0.9/−0.1 and
/// take the arg-max of H_test α, done here with MathNet on the engine's matrices — and the balanced draw takes equal counts.
/// </summary>
public sealed class CntkRegressionTests : IDisposable
{
    readonly TempDir temp = new();
    string folder => temp.File("job");

    public void Dispose() => temp.Dispose();

    static ImageDataset Synthetic(int count, int seed)
    {
        // Three classes whose images differ in which channel is bright, with noise, so the kernel has something to find.
        var rng = new Random(seed);
        var pixels = new byte[count * 3 * 5 * 5];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 3);
            for (int k = 0; k < 75; k++) pixels[i * 75 + k] = (byte)Math.Clamp(rng.Next(0, 120) + (k / 25 == labels[i] ? 100 : 0), 0, 255);
        }
        return new ImageDataset(count, 3, 5, 5, pixels, labels, 3);
    }

    [Fact]
    public void Predictions_equal_the_authors_solve_with_targets_0_9_and_minus_0_1()
    {
        ImageDataset train = Synthetic(12, 1), test = Synthetic(9, 2);
        ImageBatch x = CntkInputs.Standardised(train, train), z = CntkInputs.Standardised(test, train);
        var arch = new CntkArchitecture(4, new CntkReadout.Gap(), Fix: true);
        var engine = new CpuCntkEngine(CntkPrecision.Float64, 1);
        var regression = new CntkRegression(folder, arch, x, z, 5, engine);
        regression.Compute();
        double accuracy = regression.Accuracy(KernelKind.Ntk, 3, train.Labels, test.Labels);

        var h = Matrix<double>.Build.DenseOfRowMajor(12, 12, engine.Compute(arch, x, x).Matrix(KernelKind.Ntk, 3).ToArray());
        var cross = Matrix<double>.Build.DenseOfRowMajor(9, 12, engine.Compute(arch, z, x).Matrix(KernelKind.Ntk, 3).ToArray());
        var y = Matrix<double>.Build.Dense(12, 3, (i, c) => train.Labels[i] == c ? 0.9 : -0.1);
        var scores = cross * h.Solve(y);
        int correct = Enumerable.Range(0, 9).Count(i => scores.Row(i).MaximumIndex() == test.Labels[i]);
        Assert.Equal(correct / 9.0, accuracy);
        Assert.True(accuracy > 0.5, $"the synthetic classes are easy; accuracy {accuracy}");
    }

    [Fact]
    public void A_balanced_draw_takes_the_same_number_of_each_class_and_seed_0_the_first_ones()
    {
        ImageDataset images = Synthetic(30, 3);
        int[] first = BalancedDraw.Indices(images, 4, seed: 0);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], first);
        int[] drawn = BalancedDraw.Indices(images, 4, seed: 5);
        Assert.Equal(12, drawn.Distinct().Count());
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(4, drawn.Count(i => images.Labels[i] == c)));
        Assert.NotEqual(first, drawn);
        Assert.Equal(drawn, BalancedDraw.Indices(images, 4, seed: 5));
        Assert.Throws<ArgumentException>(() => BalancedDraw.Indices(images, 11, seed: 0));
    }
}
