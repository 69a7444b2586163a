using TorchSharp;
using static TorchSharp.torch;

namespace Glassbox.MatrixCompletion;

/// <summary>
/// The singular-value dynamics of Arora, Cohen, Hu, Luo (NeurIPS 2019, their theorem on the singular values of the product): under gradient flow
/// from a balanced start, the singular values of W = W_N⋯W_1 move as
/// dσ_r/dt = −N · (σ_r²)^{1−1/N} · ⟨∇ℓ(W), u_r v_rᵀ⟩, with u_r, v_r the r-th singular vectors of W.
/// </summary>
public static class SingularValueLaw
{
    /// <summary>
    /// σ_r and the law's dσ_r/dt for the <paramref name="count"/> largest singular values of the model's
    /// product, with ∇ℓ(W) = (2/k)·(residual at the observed entries) as of the model's last
    /// <see cref="DeepFactorization.ComputeGradients"/>.
    /// </summary>
    public static (double[] Sigma, double[] Rate) Evaluate(DeepFactorization model, int count)
    {
        using var scope = NewDisposeScope();
        Tensor w = model.Product();
        var (u, s, vh) = linalg.svd(w, fullMatrices: false);
        count = (int)Math.Min(count, s.shape[0]);
        double[] sigma = s.data<double>().ToArray()[..count];
        double[] uu = u.narrow(1, 0, count).contiguous().data<double>().ToArray();
        double[] vv = vh.narrow(0, 0, count).t().contiguous().data<double>().ToArray(); // rows of V, count columns
        Observations o = model.Observed;
        if (o.Count == 0) throw new ArgumentException("the law needs at least one observed entry (∇ℓ divides by their number)", nameof(model));
        ReadOnlySpan<double> residual = model.Residual;
        double scale = 2.0 / o.Count;
        int depth = model.Depth;
        var rate = new double[count];
        for (int r = 0; r < count; r++)
        {
            // ⟨∇ℓ, u_r v_rᵀ⟩ = Σ_k (2/k) e_k U[i_k, r] V[j_k, r]: only the observed entries contribute.
            double inner = 0;
            for (int k = 0; k < o.Count; k++)
                inner += residual[k] * uu[o.Row[k] * count + r] * vv[o.Col[k] * count + r];
            rate[r] = -depth * Math.Pow(sigma[r] * sigma[r], 1.0 - 1.0 / depth) * scale * inner;
        }
        return (sigma, rate);
    }
}
