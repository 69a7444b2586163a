namespace Glassbox.Tests.Kernels;

/// <summary>
/// Independent scalar evaluations of the kernel formulas, one pair (x, x') at a time, written
/// straight from the papers' definitions (no tensors, no shared code with the library).
/// </summary>
public static class DirectKernels
{
    /// <summary>The UCI paper's K[L][f] for one pair.</summary>
    public static double Paper(double[] x, double[] y, int depth, int fix)
    {
        int d = x.Length;
        double sxy = 0, sxx = 0, syy = 0;
        for (int k = 0; k < d; k++) { sxy += x[k] * y[k]; sxx += x[k] * x[k]; syy += y[k] * y[k]; }
        var sigma = new double[depth + 1];
        var sigmaDot = new double[depth + 1];
        sigma[0] = sxy;
        for (int h = 0; h < depth; h++)
        {
            (sigma[h + 1], sigmaDot[h + 1]) = Step(sigma[h], sxx, syy);
            // Σʰ⁺¹(x,x) by the same formula applied to the pair (x, x).
            sxx = Step(sxx, sxx, sxx).Sigma;
            syy = Step(syy, syy, syy).Sigma;
        }
        double sum = 0;
        for (int h = fix; h <= depth; h++)
        {
            double product = sigma[h];
            for (int k = h + 1; k <= depth; k++) product *= sigmaDot[k];
            sum += product;
        }
        return sum;
    }

    static (double Sigma, double SigmaDot) Step(double cross, double sxx, double syy)
    {
        double root = Math.Max(Math.Sqrt(sxx * syy), 1e-9);
        double rho = Math.Clamp(cross / root, -1, 1), theta = Math.Acos(rho);
        return (root * (rho * (Math.PI - theta) + Math.Sqrt(1 - rho * rho)) / (2 * Math.PI), (Math.PI - theta) / (2 * Math.PI));
    }

    /// <summary>
    /// The standard NTK and NNGP with c_σ = 2, no bias (Arora, Du, Hu, Li, Salakhutdinov, Wang,
    /// NeurIPS 2019, eq. (4)–(6)): Σ⁰ = x·x', Σʰ = c_σ E[relu(u)relu(v)], Σ̇ʰ = c_σ E[1(u>0)1(v>0)],
    /// Θ = Σ_{h=0..L} Σʰ Π_{h'>h} Σ̇ʰ'. The expectations here are the closed forms for a
    /// bivariate normal with variances a, b and covariance c.
    /// </summary>
    public static (double Ntk, double Nngp) Standard(double[] x, double[] y, int depth)
    {
        double c = 0, a = 0, b = 0;
        for (int k = 0; k < x.Length; k++) { c += x[k] * y[k]; a += x[k] * x[k]; b += y[k] * y[k]; }
        double ntk = c;
        for (int h = 1; h <= depth; h++)
        {
            double rho = Math.Clamp(c / Math.Sqrt(a * b), -1, 1), theta = Math.Acos(rho);
            double reluCov = Math.Sqrt(a * b) / (2 * Math.PI) * (Math.Sin(theta) + (Math.PI - theta) * Math.Cos(theta));
            double stepCov = (Math.PI - theta) / (2 * Math.PI);
            c = 2 * reluCov; a = 2 * (a / 2); b = 2 * (b / 2);
            ntk = c + ntk * 2 * stepCov;
        }
        return (ntk, c);
    }

    public static double[] Row(double[,] x, int i) =>
        Enumerable.Range(0, x.GetLength(1)).Select(k => x[i, k]).ToArray();

    public static double[,] Random(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        var x = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < cols; k++)
                x[i, k] = random.NextDouble() * 4 - 2;
        return x;
    }
}
