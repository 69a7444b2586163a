using Glassbox.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Tests.Training.Models;

/// <summary>Seeded inputs and comparisons shared by the model tests.</summary>
internal static class ModelTestInputs
{
    public static readonly string[] Names = ["preresnet20", "preresnet32", "smallcnn"];

    /// <summary>A batch of 4 standard-normal images of the shape <paramref name="model"/> reads.</summary>
    public static Tensor Batch(string model, ScalarType dtype, long seed = 11)
    {
        var generator = new Generator((ulong)seed);
        return model == "smallcnn"
            ? randn([4, 1, 28, 28], dtype, generator: generator)
            : randn([4, 3, 32, 32], dtype, generator: generator);
    }

    /// <summary>max |a − b| / max |b|.</summary>
    public static double RelativeError(Tensor a, Tensor b) =>
        a.sub(b).abs().max().item<double>() / b.abs().max().item<double>();

    public static Tensor ForwardCopy(ScaleInvariantNet model, Tensor x)
    {
        using var noGrad = no_grad();
        return model.forward(x).to_type(ScalarType.Float64).detach().clone();
    }

    /// <summary>
    /// Relative change of the training-mode output of a fresh model on a seeded batch when
    /// <paramref name="change"/> is applied to the model between two forward passes.
    /// </summary>
    public static double TrainModeChange(string name, ScalarType dtype, double bnEpsilon, long seed, Action<ScaleInvariantNet> change)
    {
        using var scope = NewDisposeScope();
        using var model = ModelFactory.Create(name, 10, seed, dtype, bnEpsilon);
        model.train();
        Tensor x = Batch(name, dtype);
        Tensor before = ForwardCopy(model, x);
        change(model);
        return RelativeError(ForwardCopy(model, x), before);
    }

    public static void ScaleTrained(ScaleInvariantNet model, double c)
    {
        using var noGrad = no_grad();
        using Scalar s = c;
        foreach (var p in model.TrainedParameters()) p.mul_(s);
    }
}
