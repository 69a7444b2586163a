using Glassbox.Backend;

namespace Glassbox.Tests.Backend;

public sealed class SelfCheckTests
{
    [Fact]
    public void LibTorch_loads_and_reports_version_2_10()
    {
        BackendInfo info = TorchBackend.Describe();
        Assert.StartsWith("2.10", info.LibTorchVersion);
        Assert.True(info.Threads >= 1);
    }

    [Fact]
    public void All_self_checks_pass()
    {
        foreach (SelfCheckResult check in SelfCheck.Run(seed: 7))
            Assert.True(check.Passed, $"{check.Name}: error {check.Error} > {check.Tolerance}");
    }

    [Fact]
    public void A_check_fails_when_its_error_exceeds_the_tolerance()
    {
        Assert.False(new SelfCheckResult("x", 1e-3, 1e-6).Passed);
        Assert.False(new SelfCheckResult("x", double.NaN, 1e-6).Passed);
        Assert.True(new SelfCheckResult("x", 1e-9, 1e-6).Passed);
    }
}
