using System.Diagnostics;
using Glassbox.Training;
using Glassbox.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Bench;

/// <summary>
/// `train-throughput [model] [batch] [steps] [threads] [warmup] [nchw]`: images per second of the trainer's inner loop
/// (forward, cross-entropy, backward, <see cref="MomentumSgd"/> step with momentum 0.9 and weight decay 5e-4) on
/// random float32 3×32×32 batches (1×28×28 for smallcnn), after a warm-up. Batches are made before the clock
/// starts, so data loading is not timed; `bench/preresnet_torch.py` runs the same model and loop in PyTorch.
/// </summary>
public static class TrainThroughput
{
    public static int Run(string[] args)
    {
        string name = args.Length > 0 ? args[0] : "preresnet20";
        int batch = args.Length > 1 ? int.Parse(args[1]) : 128;
        int steps = args.Length > 2 ? int.Parse(args[2]) : 20;
        int threads = args.Length > 3 ? int.Parse(args[3]) : 2;
        int warmup = args.Length > 4 ? int.Parse(args[4]) : 3;
        torch.set_num_threads(threads);
        using var model = ModelFactory.Create(name, 10, seed: 0);
        bool small = name.Equals("smallcnn", StringComparison.OrdinalIgnoreCase);
        // The library stores float32 convolution weights channels-last; "nchw" puts them back in the standard layout
        // to measure what that choice is worth.
        bool nchw = args.Length > 5 && args[5] == "nchw";
        if (nchw)
            foreach (var conv in model.modules().OfType<TorchSharp.Modules.Conv2d>())
            {
                using var noGrad = no_grad();
                conv.weight = new TorchSharp.Modules.Parameter(conv.weight.detach().contiguous());
            }
        var generator = new Generator(1);
        var inputs = Enumerable.Range(0, 4).Select(_ => randn([batch, small ? 1 : 3, small ? 28 : 32, small ? 28 : 32], generator: generator)).ToArray();
        var labels = Enumerable.Range(0, 4).Select(_ => randint(10, [batch], dtype: int64, generator: generator)).ToArray();
        using var sgd = new MomentumSgd(model.TrainedParameters(), new ConstantSchedule(0.01), 0.9, 5e-4);
        model.train();
        var phases = new double[3];
        var watch = new Stopwatch();
        double Step(int i)
        {
            using var scope = NewDisposeScope();
            watch.Restart();
            foreach (var p in sgd.Parameters) p.grad?.zero_();
            Tensor loss = nn.functional.cross_entropy(model.call(inputs[i % 4]), labels[i % 4]);
            double value = loss.ToDouble();
            phases[0] += watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            loss.backward();
            phases[1] += watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            sgd.Step(i);
            phases[2] += watch.Elapsed.TotalMilliseconds;
            return value;
        }
        for (int i = 0; i < warmup; i++) Step(i);
        Array.Clear(phases);
        var clock = Stopwatch.StartNew();
        double last = 0;
        for (int i = 0; i < steps; i++) last = Step(i);
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"glassbox {name}{(nchw ? " (NCHW weights)" : "")} batch {batch}, threads {torch.get_num_threads()}: {steps} steps in {seconds:F2} s = " +
            $"{steps * batch / seconds:F1} images/s ({seconds / steps * 1000:F0} ms/step); last loss {last:F4}");
        Console.WriteLine($"  per step: forward + loss {phases[0] / steps:F0} ms, backward {phases[1] / steps:F0} ms, SGD step {phases[2] / steps:F1} ms");
        return 0;
    }
}
