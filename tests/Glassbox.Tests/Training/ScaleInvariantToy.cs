namespace Glassbox.Tests.Training;

/// <summary>
/// L(θ) = f(θ/‖θ‖) with f(u) = ½uᵀMu + cᵀu: a loss invariant to the scale of θ, like a net with batch norm.
/// Its gradient (I − uuᵀ)(Mu + c)/‖θ‖ is orthogonal to θ and shrinks as 1/‖θ‖.
/// </summary>
internal sealed class ScaleInvariantToy
{
    readonly double[,] _m;
    readonly double[] _c;

    public ScaleInvariantToy(int dimension, int seed)
    {
        var random = new Random(seed);
        _m = new double[dimension, dimension];
        _c = new double[dimension];
        for (int i = 0; i < dimension; i++)
        {
            _c[i] = Gaussian(random);
            for (int j = 0; j <= i; j++) _m[i, j] = _m[j, i] = Gaussian(random) / 2;
        }
        Start = Enumerable.Range(0, dimension).Select(_ => Gaussian(random)).ToArray();
    }

    public int Dimension => _c.Length;

    /// <summary>A random θ₀.</summary>
    public double[] Start { get; }

    public double Loss(double[] theta)
    {
        double[] u = Scaled(theta, 1 / Norm(theta));
        double value = 0;
        for (int i = 0; i < Dimension; i++)
        {
            value += _c[i] * u[i];
            for (int j = 0; j < Dimension; j++) value += 0.5 * u[i] * _m[i, j] * u[j];
        }
        return value;
    }

    public double[] Gradient(double[] theta)
    {
        double norm = Norm(theta);
        double[] u = Scaled(theta, 1 / norm);
        var q = new double[Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            q[i] = _c[i];
            for (int j = 0; j < Dimension; j++) q[i] += _m[i, j] * u[j];
        }
        double along = Dot(u, q);
        return q.Select((x, i) => (x - along * u[i]) / norm).ToArray();
    }

    /// <summary>
    /// PyTorch's SGD, v ← γv + g + λθ, θ ← θ − η_t v, from buffer <paramref name="buffer"/>; returns θ_0..θ_steps.
    /// </summary>
    public List<double[]> Sgd(double[] start, Func<long, double> rate, double weightDecay, double momentum, double[] buffer, int steps)
    {
        double[] theta = (double[])start.Clone(), v = (double[])buffer.Clone();
        var path = new List<double[]> { (double[])theta.Clone() };
        for (int t = 0; t < steps; t++)
        {
            double[] g = Gradient(theta);
            double eta = rate(t);
            for (int i = 0; i < Dimension; i++)
            {
                v[i] = momentum * v[i] + g[i] + weightDecay * theta[i];
                theta[i] -= eta * v[i];
            }
            path.Add((double[])theta.Clone());
        }
        return path;
    }

    public static double Norm(double[] x) => Math.Sqrt(Dot(x, x));

    public static double Dot(double[] a, double[] b) => a.Select((x, i) => x * b[i]).Sum();

    public static double[] Scaled(double[] x, double factor) => x.Select(v => v * factor).ToArray();

    static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
