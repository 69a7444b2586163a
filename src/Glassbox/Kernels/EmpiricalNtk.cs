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

    /// <summary>
    /// Row-major n×n, for the n inputs along the first axis of <paramref name="inputs"/>. The per-input gradients (float64)
    /// are held two blocks at a time, together at most <paramref name="budgetBytes"/> (but at least one gradient a block): Θ is
    /// filled block pair by block pair, and a later block's gradients are recomputed for every earlier one — at width 4,096 one
    /// gradient is 134 MB, and all 64 of a run did not fit in 24 GB.
    /// </summary>
    public static double[] Gram(nn.Module<Tensor, Tensor> net, Tensor inputs, long budgetBytes = 1L << 30)
    {
        int n = (int)inputs.shape[0];
        long size = net.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        int block = (int)Math.Clamp(budgetBytes / Math.Max(1, 2 * size * sizeof(double)), 1, Math.Max(n, 1));
        var gram = new double[n * n];
        for (int i0 = 0; i0 < n; i0 += block)
        {
            using var scope = NewDisposeScope();
            int bi = Math.Min(block, n - i0);
            Tensor gi = Gradients(net, inputs, i0, bi);
            Store(gram, n, i0, i0, gi.matmul(gi.T));
            for (int j0 = i0 + bi; j0 < n; j0 += block)
            {
                using var inner = NewDisposeScope();
                Tensor gj = Gradients(net, inputs, j0, Math.Min(block, n - j0));
                Store(gram, n, i0, j0, gi.matmul(gj.T));
            }
        }
        return gram;
    }

    /// <summary>The gradients of the outputs for inputs start .. start + count − 1, one row each, float64; a parameter the
    /// forward pass never uses (no gradient) contributes zeros.</summary>
    static Tensor Gradients(nn.Module<Tensor, Tensor> net, Tensor inputs, int start, int count)
    {
        var parameters = net.parameters().Where(p => p.requires_grad).ToList();
        Tensor rows = zeros(count, parameters.Sum(p => p.numel()), dtype: ScalarType.Float64);
        for (int k = 0; k < count; k++)
        {
            using var scope = NewDisposeScope();
            net.zero_grad();
            net.forward(inputs.narrow(0, start + k, 1)).sum().backward();
            long offset = 0;
            foreach (var p in parameters)
            {
                if (p.grad is { } grad) rows[k].narrow(0, offset, p.numel()).copy_(grad.flatten());
                offset += p.numel();
            }
        }
        return rows;
    }

    /// <summary>Writes a block of Θ at (row0, col0) and its transpose at (col0, row0).</summary>
    static void Store(double[] gram, int n, int row0, int col0, Tensor product)
    {
        double[] values = product.contiguous().data<double>().ToArray();
        int rows = (int)product.shape[0], cols = (int)product.shape[1];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                gram[(row0 + i) * n + col0 + j] = values[i * cols + j];
                gram[(col0 + j) * n + row0 + i] = values[i * cols + j];
            }
    }
}
