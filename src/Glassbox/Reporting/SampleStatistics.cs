namespace Glassbox.Reporting;

/// <summary>Summary statistics the reports share.</summary>
internal static class SampleStatistics
{
    /// <summary>The sample standard deviation (n − 1); 0 for fewer than two values.</summary>
    public static double StandardDeviation(double[] x)
    {
        if (x.Length < 2) return 0;
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }
}
