using Glassbox.Kernels;
using Glassbox.Kernels.Convolutional;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Experiments.Widen;

/// <summary>
/// The inputs of experiment c and their exact tangent kernel, computed once for every width and seed: n training inputs with
/// ±1 targets, m test inputs with ±1 labels (m may be 0 for the kernel at initialisation alone), and a builder of the finite
/// net — made by the same code as the kernel — of a given width.
/// </summary>
/// <param name="Description">What the problem is, test inputs included (for reports and the trained nets' settings).</param>
/// <param name="InitSettings">What the kernel at initialisation depends on: the description without the test inputs.</param>
/// <param name="ExactGram">Θ over the training inputs then the test inputs, row-major (n + m)².</param>
public sealed record WidenProblem(string Arch, string Description, string InitSettings, Func<int, nn.Module<Tensor, Tensor>> BuildNet,
    Tensor TrainInputs, Tensor TestInputs, double[] Targets, int[] TestLabels, double[] ExactGram)
{
    public int TrainCount => Targets.Length;

    public int TestCount => TestLabels.Length;

    /// <summary>Θ(X, X), row-major n × n.</summary>
    public double[] TrainGram() => Block(0, TrainCount, 0, TrainCount);

    /// <summary>Θ(test, X), row-major m × n.</summary>
    public double[] TestTrainKernel() => Block(TrainCount, TestCount, 0, TrainCount);

    public KernelDynamics Dynamics() => new(TrainGram(), TestTrainKernel(), Targets);

    double[] Block(int row0, int rows, int col0, int cols)
    {
        int size = TrainCount + TestCount;
        var block = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) block[i * cols + j] = ExactGram[(row0 + i) * size + col0 + j];
        return block;
    }

    /// <summary>A fully connected ReLU net (standard scale, <paramref name="depth"/> hidden layers, float64) on rows of features.</summary>
    public static WidenProblem FullyConnected(double[,] train, double[,] test, double[] targets, int[] testLabels, int depth, string description,
        string? initSettings = null)
    {
        Check(train.GetLength(0), test.GetLength(0), targets, testLabels);
        int n = train.GetLength(0), m = test.GetLength(0), d = train.GetLength(1);
        var all = new double[n + m, d];
        for (int i = 0; i < n + m; i++)
            for (int j = 0; j < d; j++) all[i, j] = i < n ? train[i, j] : test[i - n, j];
        Serial arch = Kernels.FullyConnected.Relu(depth, scale: KernelScale.Standard);
        return new WidenProblem("fc", description, initSettings ?? description, width => arch.BuildNet(d, width), tensor(train), tensor(test), targets, testLabels,
            TiledKernel.Compute(arch, KernelKind.Ntk, all));
    }

    /// <summary>The CNTK's finite net (<see cref="CntkNet"/>) in <paramref name="dtype"/>; the exact kernel in float64.</summary>
    public static WidenProblem Convolutional(ImageBatch train, ImageBatch test, double[] targets, int[] testLabels, CntkArchitecture architecture,
        ScalarType dtype, string description, string? initSettings = null)
    {
        Check(train.Count, test.Count, targets, testLabels);
        var all = new ImageBatch(train.Count + test.Count, train.Channels, train.Height, train.Width, [.. train.Data, .. test.Data]);
        double[] gram = new CpuCntkEngine(CntkPrecision.Float64).Compute(architecture, all, all).Matrix(KernelKind.Ntk, architecture.Depth).ToArray();
        return new WidenProblem("cnn", description, initSettings ?? description,
            width => new CntkNet(architecture, train.Channels, train.Height, train.Width, width, dtype), AsTensor(train, dtype), AsTensor(test, dtype),
            targets, testLabels, gram);
    }

    static Tensor AsTensor(ImageBatch images, ScalarType dtype) =>
        tensor(images.Data, [images.Count, images.Channels, images.Height, images.Width], dtype);

    static void Check(int trainCount, int testCount, double[] targets, int[] testLabels)
    {
        if (trainCount < 1) throw new ArgumentException("experiment c needs at least one training input");
        if (targets.Length != trainCount) throw new ArgumentException($"{targets.Length} targets for {trainCount} training inputs");
        if (testLabels.Length != testCount) throw new ArgumentException($"{testLabels.Length} test labels for {testCount} test inputs");
        if (testLabels.Any(y => y is not (1 or -1))) throw new ArgumentException("test labels must be ±1");
    }
}
