using System.Text.Json;
using Glassbox.Privacy.Accounting;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Privacy;

/// <summary>
/// The RDP accountant against (a) the test vectors that Opacus's and TF-Privacy's own tests and tutorials publish,
/// (b) an independent implementation of the same procedure with SciPy's special functions (bench/rdp_reference.py),
/// (c) A_α integrated numerically from its definition, and (d) the closed form of the unsampled Gaussian mechanism.
/// </summary>
public sealed class RdpAccountantTests
{
    sealed record RdpCase(double Q, double Sigma, double Order, double Rdp);
    sealed record EpsilonCase(double Q, double Sigma, long Steps, double Delta, string Conversion, double Epsilon, double Order);
    sealed record ErfcCase(double X, double Log_erfc);
    sealed record Fixture(string Source, RdpCase[] Rdp, EpsilonCase[] Epsilon, ErfcCase[] Log_erfc);

    static readonly Lazy<Fixture> Reference = new(() => JsonSerializer.Deserialize<Fixture>(
        File.ReadAllText(Path.Combine(TestData.RepoRoot, "tests", "Glassbox.Tests", "Privacy", "Fixtures", "rdp_reference.json")),
        new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    static void Relative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void Matches_the_published_test_vectors_to_one_millionth()
    {
        // Opacus's test (σ = 1.5, q = 0.04, 2,250 steps, δ = 1e-5): ε = 7.329111 at order 3.9 by the improved conversion.
        PrivacySpent opacus = RdpAccountant.Epsilon(0.04, 1.5, 2250, 1e-5);
        Relative(7.329111, opacus.Epsilon, 1e-6, "Opacus's vector");
        Assert.Equal(3.9, opacus.Order, 12);
        // TF-Privacy's tutorial (σ = 1.1, q = 256/60,000, 14,063 steps, δ = 1e-5), classic conversion over Opacus's orders.
        PrivacySpent tutorial = RdpAccountant.Epsilon(256.0 / 60000, 1.1, 14063, 1e-5, RdpConversion.Classic);
        Relative(3.008381, tutorial.Epsilon, 1e-6, "TF-Privacy's tutorial");
    }

    [Fact]
    public void Matches_the_scipy_implementation_at_every_recorded_order()
    {
        // Both series stop once a term falls below e^(−30) ≈ 1e-13 of A_α ≈ 1, so ln A_α is known to about 1e-13 absolute:
        // where RDP is tiny (q = 0.001, σ = 0.5, α = 1.1: 2.4e-5) that is 3e-8 relative, for SciPy's reference as for
        // this code (mpmath's 40-digit integral: 2.3858455984e-05; SciPy 2.3858455298e-05; here 2.3858455369e-05).
        foreach (var c in Reference.Value.Rdp)
        {
            double actual = SampledGaussianRdp.Rdp(c.Q, c.Sigma, c.Order);
            Assert.True(Math.Abs(actual - c.Rdp) * (c.Order - 1) <= 1e-12 + 1e-10 * Math.Abs(c.Rdp * (c.Order - 1)),
                $"RDP(q = {c.Q}, σ = {c.Sigma}, α = {c.Order}): SciPy {c.Rdp:R}, here {actual:R}");
        }
    }

    [Fact]
    public void Matches_the_scipy_implementations_epsilon_and_best_order()
    {
        foreach (var c in Reference.Value.Epsilon)
        {
            var conversion = c.Conversion == "classic" ? RdpConversion.Classic : RdpConversion.Improved;
            PrivacySpent spent = RdpAccountant.Epsilon(c.Q, c.Sigma, c.Steps, c.Delta, conversion);
            Relative(c.Epsilon, spent.Epsilon, 1e-10, $"ε(q = {c.Q}, σ = {c.Sigma}, T = {c.Steps}, δ = {c.Delta}, {c.Conversion})");
            Assert.Equal(c.Order, spent.Order, 12);
        }
    }

    [Fact]
    public void Log_erfc_matches_scipy_also_where_erfc_underflows()
    {
        foreach (var c in Reference.Value.Log_erfc)
            Relative(c.Log_erfc, LogErfc(c.X), 1e-13, $"ln erfc({c.X})");
    }

    static double LogErfc(double x) =>
        (double)typeof(SampledGaussianRdp).Assembly.GetType("Glassbox.Privacy.Accounting.LogSpace")!
            .GetMethod("LogErfc")!.Invoke(null, [x])!;

    [Theory]
    [InlineData(0.04, 1.5, 2.0)]
    [InlineData(0.04, 1.5, 3.9)]
    [InlineData(0.01, 0.8, 7.3)]
    [InlineData(0.3, 2.0, 12.0)]
    [InlineData(0.004, 1.3, 17.0)]
    [InlineData(0.2, 1.1, 1.5)]
    [InlineData(0.001, 0.5, 1.1)]
    public void A_alpha_equals_its_defining_integral(double q, double sigma, double alpha)
    {
        // A_α = ∫ N(z; 0, σ²) · ((1 − q) + q·e^((2z − 1)/(2σ²)))^α dz, by Simpson's rule on a fine grid, in log space
        // around the integrand's largest value so that nothing overflows.
        double Log(double z) => -z * z / (2 * sigma * sigma) - Math.Log(sigma * Math.Sqrt(2 * Math.PI))
                                + alpha * Math.Log((1 - q) + q * Math.Exp((2 * z - 1) / (2 * sigma * sigma)));
        double low = -40 * sigma, high = alpha + 40 * sigma;
        const int n = 400_000;
        double h = (high - low) / n, peak = double.NegativeInfinity;
        for (int i = 0; i <= n; i++) peak = Math.Max(peak, Log(low + i * h));
        double sum = 0;
        for (int i = 0; i <= n; i++)
            sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * Math.Exp(Log(low + i * h) - peak);
        double logA = peak + Math.Log(sum * h / 3);
        // Both sides know ln A_α to about 1e-13 absolute (sums of numbers near 1); relative 1e-9 where it is not tiny.
        double actual = SampledGaussianRdp.LogA(q, sigma, alpha);
        Assert.True(Math.Abs(actual - logA) <= 1e-9 * Math.Abs(logA) + 1e-12, $"ln A(q = {q}, σ = {sigma}, α = {alpha}): integral {logA:R}, series {actual:R}");
    }

    [Fact]
    public void Without_sampling_is_the_gaussian_mechanism_and_without_noise_or_data_the_limits()
    {
        Assert.Equal(2.5 / (2 * 1.3 * 1.3), SampledGaussianRdp.Rdp(1, 1.3, 2.5), 15);
        // q → 1 from below approaches the closed form through the fractional series as well.
        Relative(7.3 / (2 * 1.3 * 1.3), SampledGaussianRdp.Rdp(1 - 1e-9, 1.3, 7.3), 1e-6, "q = 1 − 1e-9");
        Assert.Equal(0, SampledGaussianRdp.Rdp(0, 1.3, 2.5));
        Assert.Equal(double.PositiveInfinity, SampledGaussianRdp.Rdp(0.1, 0, 2.5));
        Assert.Equal(double.PositiveInfinity, RdpAccountant.Epsilon(0.1, 0, 10, 1e-5).Epsilon);
    }

    [Fact]
    public void Epsilon_grows_with_the_sample_rate_and_the_steps_and_falls_with_the_noise()
    {
        double Eps(double q, double sigma, long steps) => RdpAccountant.Epsilon(q, sigma, steps, 1e-5).Epsilon;
        double[] rates = [0.001, 0.004, 0.01, 0.04, 0.2, 0.7], noises = [0.6, 0.9, 1.3, 2, 4, 8];
        long[] steps = [1, 10, 100, 1000, 10000];
        foreach (double sigma in noises)
            for (int i = 1; i < rates.Length; i++)
                Assert.True(Eps(rates[i], sigma, 500) > Eps(rates[i - 1], sigma, 500), $"q {rates[i - 1]} → {rates[i]} at σ {sigma}");
        foreach (double q in rates)
            for (int i = 1; i < noises.Length; i++)
                Assert.True(Eps(q, noises[i], 500) < Eps(q, noises[i - 1], 500), $"σ {noises[i - 1]} → {noises[i]} at q {q}");
        foreach (double q in rates)
            for (int i = 1; i < steps.Length; i++)
                Assert.True(Eps(q, 1.1, steps[i]) > Eps(q, 1.1, steps[i - 1]), $"T {steps[i - 1]} → {steps[i]} at q {q}");
    }

    [Theory]
    [InlineData(7.329111, 0.04, 2250, 1e-5)]
    [InlineData(1.0, 240.0 / 60000, 3750, 1e-5)]
    [InlineData(8.0, 0.01, 20000, 1e-6)]
    public void The_noise_search_inverts_epsilon(double epsilon, double q, long steps, double delta)
    {
        double sigma = RdpAccountant.NoiseFor(epsilon, q, steps, delta);
        Assert.True(RdpAccountant.Epsilon(q, sigma, steps, delta).Epsilon <= epsilon);
        Assert.True(RdpAccountant.Epsilon(q, sigma * (1 - 1e-7), steps, delta).Epsilon > epsilon);
        if (epsilon == 7.329111) Relative(1.5, sigma, 1e-6, "σ for Opacus's vector");
    }

    [Fact]
    public void Phases_compose_by_adding_their_rdp()
    {
        var orders = new[] { 1.5, 2, 7.3, 40 };
        var twoPhases = new RdpAccountant().Add(0.01, 1.1, 300).Add(0.04, 2.0, 50).Add(0.04, 2.0, 25);
        Assert.Equal(2, twoPhases.Phases.Count);
        Assert.Equal(75, twoPhases.Phases[1].Steps);
        double[] composed = twoPhases.Rdp(orders);
        for (int i = 0; i < orders.Length; i++)
            Relative(300 * SampledGaussianRdp.Rdp(0.01, 1.1, orders[i]) + 75 * SampledGaussianRdp.Rdp(0.04, 2.0, orders[i]),
                composed[i], 1e-14, $"order {orders[i]}");
        Assert.Equal(RdpAccountant.Epsilon(0.01, 1.1, 600, 1e-5),
            new RdpAccountant().Add(0.01, 1.1, 250).Add(0.01, 1.1, 350).Spent(1e-5));
    }

    [Fact]
    public void Refuses_parameters_outside_their_ranges()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SampledGaussianRdp.Rdp(1.5, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampledGaussianRdp.Rdp(0.1, -1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampledGaussianRdp.Rdp(0.1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RdpAccountant.Epsilon(0.1, 1, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RdpAccountant.Epsilon(0.1, 1, 10, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RdpAccountant.NoiseFor(1, 0.1, 0, 1e-5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RdpAccountant.NoiseFor(0, 0.1, 10, 1e-5));
    }
}
