using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

public sealed class SvmArgumentTests
{
    static readonly KernelMatrix Kernel = new(new double[] { 1, 0.5, 0.2, 0.5, 1, 0.3, 0.2, 0.3, 1 }, 3);

    [Fact]
    public void A_non_square_kernel_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new KernelMatrix(new double[6], 3));
        Assert.Contains("square", e.Message);
    }

    [Fact]
    public void An_asymmetric_or_non_finite_kernel_is_rejected()
    {
        Assert.Contains("symmetric", Assert.Throws<ArgumentException>(() => new KernelMatrix(new double[] { 1, 2, 3, 1 }, 2)).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => new KernelMatrix(new[] { 1, double.NaN, double.NaN, 1 }, 2)).Message);
    }

    [Fact]
    public void A_label_count_mismatch_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => SvmClassifier.Fit(Kernel, new[] { 0, 1, 2 }, new[] { 0, 1 }));
        Assert.Contains("2 labels for 3 training rows", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void C_must_be_positive_and_finite(double c)
    {
        Assert.Throws<ArgumentException>(() => SvmClassifier.Fit(Kernel, new[] { 0, 1, 2 }, new[] { 0, 1, 1 }, new SvmOptions(C: c)));
        Assert.Throws<ArgumentException>(() => SvmClassifier.FitPath(Kernel, new[] { 0, 1, 2 }, new[] { 0, 1, 1 }, new[] { 1.0, c }));
    }

    [Fact]
    public void A_single_class_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => SvmClassifier.Fit(Kernel, new[] { 0, 1, 2 }, new[] { 4, 4, 4 }));
        Assert.Contains("two classes", e.Message);
    }

    [Fact]
    public void Rows_outside_the_kernel_and_empty_inputs_are_rejected()
    {
        Assert.Contains("train[1] = 3", Assert.Throws<ArgumentException>(() => SvmClassifier.Fit(Kernel, new[] { 0, 3 }, new[] { 0, 1 })).Message);
        Assert.Throws<ArgumentException>(() => SvmClassifier.Fit(Kernel, Array.Empty<int>(), Array.Empty<int>()));
        Assert.Throws<ArgumentException>(() => SvmClassifier.FitPath(Kernel, new[] { 0, 1 }, new[] { 0, 1 }, Array.Empty<double>()));
        SvmModel model = SvmClassifier.Fit(Kernel, new[] { 0, 1 }, new[] { 0, 1 });
        Assert.Throws<ArgumentException>(() => model.Predict(Kernel, new[] { -1 }));
        Assert.Throws<ArgumentException>(() => model.PredictFromCrossKernel(new double[3], 2));
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new SvmOptions(Tolerance: 0).Validate());
        Assert.Throws<ArgumentException>(() => new SvmOptions(MaxIterations: 0).Validate());
        Assert.Throws<ArgumentException>(() => new SvmOptions(MaxDegreeOfParallelism: -1).Validate());
    }
}
