using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Experiments.Widen;

/// <summary>
/// One finite net at one point of its training, against its infinite-width limit: the relative distances of its test outputs g to
/// the exact kernel's prediction after the same gradient-descent steps, ‖g − f_k‖/‖f_k‖ (<see cref="ToKernel"/>), to the
/// gradient-flow formula at t = η·step, ‖g − f_t‖/‖f_t‖ (<see cref="ToFlow"/>), and to kernel regression, ‖g − f_∞‖/‖f_∞‖; the
/// three test accuracies (sign of the output against ±1 labels: net, f_k, f_∞) and the training loss ½‖g(X) − Y‖² at the checkpoint.
/// </summary>
public sealed record TrainedRow(string Arch, string Settings, int Width, long Seed, int Step, double Time, double ToKernel, double ToFlow, double ToRegression,
    double NetAccuracy, double KernelAccuracy, double RegressionAccuracy, double TrainLoss, double Seconds);

/// <summary>
/// Experiment c(ii)–(iii) of issue 14: a finite net trained by full-batch gradient descent on ½‖g(X) − Y‖², against
/// <see cref="KernelDynamics"/>. The net is centred — g(x) = f(x; θ) − f(x; θ₀), its output at initialisation subtracted — so
/// it starts at 0 like the kernel formula; the centring changes no gradient (training f on targets Y + f(X; θ₀) is the same
/// descent) and leaves the tangent kernel as it is. Plain steps θ ← θ − η∇, no momentum, no weight decay, every training
/// input in every step: the setting of the theorem.
/// </summary>
public static class TrainedVsKernel
{
    /// <param name="net">A net with one output per input, initialised (e.g. <see cref="Kernels.EmpiricalNtk.StandardNormalInit"/>).</param>
    /// <param name="trainInputs">Training inputs along the first axis, in the net's dtype.</param>
    /// <param name="targets">±1 training targets.</param>
    /// <param name="testLabels">±1 test labels, one per test input.</param>
    /// <param name="checkpoints">Steps after which to compare, ascending; the last is the length of the run.</param>
    public static List<TrainedRow> Run(nn.Module<Tensor, Tensor> net, Tensor trainInputs, Tensor testInputs, double[] targets, int[] testLabels,
        KernelDynamics kernel, double eta, IReadOnlyList<int> checkpoints, (string Arch, string Settings, int Width, long Seed) id,
        IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        if (checkpoints.Count == 0 || checkpoints[0] < 1 || checkpoints.Zip(checkpoints.Skip(1)).Any(p => p.First >= p.Second))
            throw new ArgumentException("checkpoints must be ascending steps ≥ 1", nameof(checkpoints));
        if (!(eta > 0)) throw new ArgumentOutOfRangeException(nameof(eta), eta, "the step size must be > 0");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ScalarType dtype = trainInputs.dtype;
        double[] regression = kernel.Regression();
        var parameters = net.parameters().Where(p => p.requires_grad).ToList();
        var rows = new List<TrainedRow>();
        using var outer = NewDisposeScope();
        Tensor initialTest, shiftedTargets;
        using (no_grad())
        {
            initialTest = Outputs(net, testInputs).detach();
            shiftedTargets = tensor(targets, dtype: dtype).add(Outputs(net, trainInputs)).detach();
        }
        int step = 0;
        foreach (int checkpoint in checkpoints)
        {
            for (; step < checkpoint; step++)
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                net.zero_grad();
                Tensor residual = Outputs(net, trainInputs).sub(shiftedTargets);
                Tensor objective = residual.square().sum().mul(0.5);
                objective.backward();
                using (no_grad())
                    foreach (var p in parameters)
                        if (p.grad is { } grad) p.add_(grad, alpha: -eta); // a parameter the forward pass never uses (a zero-scaled bias) has none
                progress?.Report(step + 1);
            }
            double[] centred;
            double loss;
            using (no_grad())
            using (var scope = NewDisposeScope())
            {
                centred = Outputs(net, testInputs).sub(initialTest).to_type(ScalarType.Float64).data<double>().ToArray();
                loss = Outputs(net, trainInputs).sub(shiftedTargets).square().sum().mul(0.5).to_type(ScalarType.Float64).item<double>();
            }
            double[] afterSteps = kernel.PredictAfter(eta, checkpoint), flow = kernel.PredictAt(eta * checkpoint);
            rows.Add(new TrainedRow(id.Arch, id.Settings, id.Width, id.Seed, checkpoint, eta * checkpoint,
                KernelAtInit.RelativeError(centred, afterSteps), KernelAtInit.RelativeError(centred, flow), KernelAtInit.RelativeError(centred, regression),
                Accuracy(centred, testLabels), Accuracy(afterSteps, testLabels), Accuracy(regression, testLabels), loss, clock.Elapsed.TotalSeconds));
        }
        return rows;
    }

    static Tensor Outputs(nn.Module<Tensor, Tensor> net, Tensor inputs) => net.forward(inputs).reshape(-1);

    /// <summary>Share of outputs whose sign (≥ 0 counts as +1) is the ±1 label.</summary>
    public static double Accuracy(double[] outputs, int[] labels)
    {
        if (outputs.Length != labels.Length) throw new ArgumentException($"{outputs.Length} outputs for {labels.Length} labels");
        int correct = 0;
        for (int i = 0; i < outputs.Length; i++) if ((outputs[i] >= 0 ? 1 : -1) == labels[i]) correct++;
        return (double)correct / outputs.Length;
    }
}
