using MathNet.Numerics;

namespace Glassbox.Privacy.Accounting;

/// <summary>Sums, differences and erfc of numbers held as their logarithms (−∞ for 0), for the RDP accountant.</summary>
static class LogSpace
{
    /// <summary>ln(eˣ + eʸ).</summary>
    public static double Add(double x, double y)
    {
        double low = Math.Min(x, y), high = Math.Max(x, y);
        return double.IsNegativeInfinity(low) ? high : high + LogOnePlus(Math.Exp(low - high));
    }

    /// <summary>ln(eˣ − eʸ) for x ≥ y.</summary>
    public static double Subtract(double x, double y)
    {
        if (x < y) throw new ArithmeticException($"log-space subtraction would be negative: ln(e^{x} − e^{y})");
        if (double.IsNegativeInfinity(y)) return x;
        if (x == y) return double.NegativeInfinity;
        return y + Math.Log(ExpMinusOne(x - y));
    }

    /// <summary>ln erfc(x), accurate where erfc(x) underflows (x ≳ 26): there the asymptotic series of erfc.</summary>
    public static double LogErfc(double x)
    {
        if (x < 25) return Math.Log(SpecialFunctions.Erfc(x));
        // erfc x = e^(−x²)/(x√π) · Σ_n (−1)ⁿ (2n−1)!!/(2x²)ⁿ; at x ≥ 25 the eighth term is below 1e-17.
        double inverse = 1 / (2 * x * x), term = 1, sum = 1;
        for (int n = 1; n <= 8; n++)
        {
            term *= -(2 * n - 1) * inverse;
            sum += term;
        }
        return -x * x - Math.Log(x) - 0.5 * Math.Log(Math.PI) + Math.Log(sum);
    }

    // ln(1 + x) and eˣ − 1 without the cancellation of the naive forms (Goldberg's and Kahan's corrections; .NET's
    // double.LogP1 and ExpM1 are the naive forms).
    internal static double LogOnePlus(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * (x / (u - 1));
    }

    internal static double ExpMinusOne(double x)
    {
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        return um1 == -1 ? -1 : double.IsPositiveInfinity(u) ? u : um1 * (x / Math.Log(u));
    }
}
