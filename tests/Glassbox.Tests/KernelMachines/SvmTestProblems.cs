using Glassbox.KernelMachines;

namespace Glassbox.Tests.KernelMachines;

/// <summary>Small seeded problems and an independent KKT check for the C-SVM tests.</summary>
internal static class SvmTestProblems
{
    /// <summary>Gaussian blobs in 2-D, <paramref name="classes"/> overlapping classes, RBF kernel by the direct formula.</summary>
    public static (KernelMatrix Kernel, int[] Labels, double[] X) Blobs(int n, int classes, int seed, double gamma = 0.5, double spread = 1.2)
    {
        var random = new Random(seed);
        var x = new double[n * 2];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % classes;
            labels[i] = c;
            double angle = 2 * Math.PI * c / classes;
            x[2 * i] = 2 * Math.Cos(angle) + spread * Normal(random);
            x[2 * i + 1] = 2 * Math.Sin(angle) + spread * Normal(random);
        }
        var k = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dx = x[2 * i] - x[2 * j], dy = x[2 * i + 1] - x[2 * j + 1];
                k[i * n + j] = Math.Exp(-gamma * (dx * dx + dy * dy));
            }
        return (new KernelMatrix(k, n), labels, x);
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static int[] Range(int n) => Enumerable.Range(0, n).ToArray();

    /// <summary>
    /// The worst KKT violation of one machine over all members of its two classes, in margin units:
    /// with y·f(x) the functional margin, α = 0 needs y·f ≥ 1, 0 &lt; α &lt; C needs y·f = 1, α = C needs
    /// y·f ≤ 1. f is computed from the kernel rounded to float32 for the Libsvm solver (what LIBSVM
    /// optimises) and from the exact kernel for the Fast one; the stopping rule m(α) − M(α) &lt; eps
    /// bounds this violation by eps.
    /// </summary>
    public static double KktViolation(SvmModel model, BinaryMachine machine, KernelMatrix kernel, int[] train, int[] labels, bool exactKernel)
    {
        var alpha = new Dictionary<int, double>();
        for (int s = 0; s < machine.SupportPositions.Count; s++)
            alpha[machine.SupportPositions[s]] = machine.Coefficients[s];
        double worst = 0;
        for (int t = 0; t < train.Length; t++)
        {
            if (labels[t] != machine.ClassA && labels[t] != machine.ClassB) continue;
            double y = labels[t] == machine.ClassA ? 1 : -1;
            // (Qα)_t with Q_ts = (float)(y_t y_s K_ts): what the solver sees.
            double qAlpha = 0;
            foreach (var (s, coef) in alpha)
            {
                double ys = coef > 0 ? 1 : -1;
                double kts = y * ys * kernel[train[t], train[s]];
                qAlpha += (exactKernel ? kts : (float)kts) * Math.Abs(coef);
            }
            double margin = qAlpha - y * machine.Rho; // y·f(x_t)
            double a = alpha.TryGetValue(t, out double coefT) ? Math.Abs(coefT) : 0;
            double violation = a <= 0 ? 1 - margin : a >= model.C ? margin - 1 : Math.Abs(margin - 1);
            worst = Math.Max(worst, violation);
        }
        return worst;
    }

    /// <summary>Checks bounds, the equality constraint and KKT for every machine of <paramref name="model"/>.</summary>
    public static void AssertOptimal(SvmModel model, KernelMatrix kernel, int[] train, int[] labels, double eps = 1e-3, bool exactKernel = false)
    {
        foreach (BinaryMachine m in model.Machines)
        {
            double sum = 0, scale = 0;
            for (int s = 0; s < m.Coefficients.Count; s++)
            {
                double a = Math.Abs(m.Coefficients[s]);
                Assert.True(a > 0 && a <= model.C, $"pair {m.ClassA}/{m.ClassB}: |α| = {a} outside (0, C = {model.C}]");
                int label = labels[m.SupportPositions[s]];
                Assert.True(m.Coefficients[s] > 0 == (label == m.ClassA), "coefficient sign must be y");
                sum += m.Coefficients[s];
                scale += a;
            }
            Assert.True(Math.Abs(sum) <= 1e-10 * Math.Max(1, scale), $"pair {m.ClassA}/{m.ClassB}: Σyα = {sum}");
            Assert.False(m.ReachedMaxIterations);
            double violation = KktViolation(model, m, kernel, train, labels, exactKernel);
            // eps plus float64 rounding in the accumulated gradient.
            Assert.True(violation < eps * (1 + 1e-9) + 1e-12 * Math.Max(1, scale),
                $"pair {m.ClassA}/{m.ClassB} at C = {model.C}: KKT violation {violation:e3} ≥ eps {eps}");
        }
    }
}
