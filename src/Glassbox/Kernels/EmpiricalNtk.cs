using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.Kernels;

/// <summary>
/// The empirical tangent kernel of a finite net with one output: Θ(x_i, x_j) = ⟨∂f(x_i)/∂θ, ∂f(x_j)/∂θ⟩ over the parameters that
/// require gradients, one backward pass per input (the Jacobian contraction).
/// </summary>
public static class EmpiricalNtk
{
    /// <summary>
    /// Draws every parameter of <paramref name="net"/> afresh from N(0, 1) with a generator of its own: the NTK-parameterised
    /// nets here (NtkLinear, CntkNet) start from standard normal parameters, and a private generator keeps the draw the same
    /// whatever else uses TorchSharp's global one at the time (tests run in parallel).
    /// </summary>
    public static void StandardNormalInit(nn.Module<Tensor, Tensor> net, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var p in net.parameters())
            using (Tensor draw = randn(p.shape, dtype: p.dtype, generator: generator)) p.copy_(draw);
    }

    /// <summary>Row-major n×n, for the n inputs along the first axis of <paramref name="inputs"/>.</summary>
    public static double[] Gram(nn.Module<Tensor, Tensor> net, Tensor inputs)
    {
        int n = (int)inputs.shape[0];
        using var scope = NewDisposeScope();
        var gradients = new List<Tensor>();
        for (int i = 0; i < n; i++)
        {
            net.zero_grad();
            net.forward(inputs.narrow(0, i, 1)).sum().backward();
            gradients.Add(cat(net.parameters().Where(p => p.requires_grad && p.grad is not null).Select(p => p.grad!.flatten()).ToList(), 0)
                .to_type(ScalarType.Float64));
        }
        Tensor g = stack(gradients);
        return g.matmul(g.T).contiguous().data<double>().ToArray();
    }
}
