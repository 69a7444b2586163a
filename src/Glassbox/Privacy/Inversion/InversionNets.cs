using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Glassbox.Privacy.Inversion;

/// <summary>
/// The nets gradient inversion attacks: <c>lenet</c> as Zhu, Liu &amp; Han's "Deep Leakage from Gradients" code builds it
/// (three 5×5 convolutions of 12 channels, strides 2, 2, 1, sigmoid activations, one linear layer; every weight and bias
/// drawn from U(−0.5, 0.5)) and <c>relucnn</c>, the same layers with ReLU and PyTorch's default initialisation.
/// Smooth activations are what makes the attack work so well: ReLU's gradient carries less of the input.
/// </summary>
public sealed class InversionNet : nn.Module<Tensor, Tensor>
{
    public static readonly string[] Names = ["lenet", "relucnn"];
    readonly Conv2d conv1, conv2, conv3;
    readonly Linear fc;
    readonly bool _sigmoid;

    public InversionNet(string name, int channels, int height, int width, int classes, long seed, ScalarType dtype = ScalarType.Float64) : base(name)
    {
        if (!Names.Contains(name)) throw new ArgumentException($"unknown model '{name}' for gradient inversion: expected one of {string.Join(", ", Names)}");
        _sigmoid = name == "lenet";
        conv1 = nn.Conv2d(channels, 12, 5, stride: 2, padding: 2, dtype: dtype);
        conv2 = nn.Conv2d(12, 12, 5, stride: 2, padding: 2, dtype: dtype);
        conv3 = nn.Conv2d(12, 12, 5, stride: 1, padding: 2, dtype: dtype);
        int h = (height + 1) / 2, w = (width + 1) / 2;
        (h, w) = ((h + 1) / 2, (w + 1) / 2);
        fc = nn.Linear(12L * h * w, classes, dtype: dtype);
        RegisterComponents();
        var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (Parameter p in parameters())
        {
            if (_sigmoid) p.copy_(rand(p.shape, dtype, generator: generator).sub_(0.5));
            else
            {
                long fanIn = p.dim() > 1 ? p.shape.Skip(1).Aggregate(1L, (a, b) => a * b) : p.shape[0];
                double bound = 1 / Math.Sqrt(fanIn);
                p.copy_(rand(p.shape, dtype, generator: generator).mul_(2 * bound).sub_(bound));
            }
        }
    }

    Tensor Act(Tensor x) => _sigmoid ? x.sigmoid() : nn.functional.relu(x);

    public override Tensor forward(Tensor x) => fc.forward(Act(conv3.forward(Act(conv2.forward(Act(conv1.forward(x)))))).flatten(1));
}
