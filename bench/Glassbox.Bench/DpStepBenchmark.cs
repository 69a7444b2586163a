using BenchmarkDotNet.Attributes;
using Glassbox.Privacy.Dp;
using Glassbox.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Bench;

/// <summary>
/// One DP-SGD step against one plain SGD step on the same net and the same batch (issue 13 asks for at most 2.5×):
/// plain = forward, mean cross-entropy, backward, SGD; DP = forward, per-example gradients (one autograd.grad of the
/// summed loss to each weighted layer's output, then activations × gradients), clipping, noise, SGD. One LibTorch
/// thread, float32. `dotnet run -c Release --project bench/Glassbox.Bench -- --filter '*DpStep*'`.
/// </summary>
[MemoryDiagnoser(false)]
public class DpStepBenchmark
{
    PerExampleNet _net = null!;
    MomentumSgd _sgd = null!;
    DpGradient _privatiser = null!;
    Tensor _input = null!, _labels = null!;
    long _step;

    /// <summary>samplecnn: Opacus's MNIST net and batch (240 of 1×28×28); gncnn: the GroupNorm CNN on a CIFAR-10 batch of 256.</summary>
    [Params("samplecnn", "gncnn")]
    public string Model { get; set; } = "samplecnn";

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        bool mnist = Model == "samplecnn";
        int channels = mnist ? 1 : 3, size = mnist ? 28 : 32, batch = mnist ? 240 : 256;
        _net = DpModels.Create(Model, channels, size, size, 10, seed: 1);
        _sgd = new MomentumSgd(_net.Parameters, new ConstantSchedule(0.1), 0, 0);
        foreach (var p in _net.Parameters) p.grad = zeros_like(p);
        _privatiser = new DpGradient(1.0, 1.0, batch, 7);
        _input = randn([batch, channels, size, size], generator: new Generator(2));
        _labels = randint(0, 10, [batch], generator: new Generator(3));
    }

    [Benchmark(Baseline = true)]
    public void PlainStep()
    {
        using var scope = NewDisposeScope();
        foreach (var p in _net.Parameters) p.grad!.zero_();
        nn.functional.cross_entropy(_net.forward(_input), _labels).backward();
        _sgd.Step(_step++);
    }

    [Benchmark]
    public void DpStep()
    {
        using var scope = NewDisposeScope();
        var (_, perExample, _) = _net.PerExampleGradients(_input, _labels);
        Tensor[] gradient = _privatiser.Privatise(perExample, _net.Parameters);
        for (int i = 0; i < gradient.Length; i++) _net.Parameters[i].grad!.copy_(gradient[i]);
        _sgd.Step(_step++);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sgd.Dispose();
        _net.Dispose();
    }
}
