using Glassbox.Experiments.Privacy;
using Glassbox.Privacy;
using Glassbox.Tests.Data;

namespace Glassbox.Tests.Privacy;

public sealed class AttackSweepTests
{
    [Fact]
    public void A_sweep_runs_each_setting_once_and_a_rerun_reuses_them()
    {
        using var dir = new TempDir();
        IReadOnlyList<AttackSetting> settings = AttackSweep.Settings([1, 2], [1]);
        // k = 1 has no cross setting (it would mix no public image).
        Assert.Equal(["k1-inside-t1", "k2-inside-t1", "k2-cross-t1"], settings.Select(s => s.Name));
        if (!TestData.HasFashionMnist()) settings = settings.Where(s => s.Mode == InstaHideMode.Inside).ToList();
        var first = AttackSweep.Run("mnist", TestData.Root, 8, settings, dir.Path);
        Assert.Equal(settings.Count, first.Count);
        Assert.True(first[0].MeanSsim > 0.9); // k = 1: sign flips only
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "k1-inside-t1", "encodings"))); // encodings deleted once attacked
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(dir.Path, "k1-inside-t1", "attack", "attack.json"));
        var again = AttackSweep.Run("mnist", TestData.Root, 8, settings, dir.Path);
        Assert.Equal(first.Select(r => r.MeanSsim), again.Select(r => r.MeanSsim));
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(dir.Path, "k1-inside-t1", "attack", "attack.json")));
        Assert.Contains("| 1 | inside | 1 |", File.ReadAllText(Path.Combine(dir.Path, "summary.md")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "ssim.png")));

        // The same folder with another image count: a finished setting is not reused for other settings.
        var fewer = AttackSweep.Run("mnist", TestData.Root, 6, [settings[0]], dir.Path);
        using var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "k1-inside-t1", "attack", "attack.json")));
        Assert.Equal(6, report.RootElement.GetProperty("Images").GetInt32());
        Assert.Equal(6, report.RootElement.GetProperty("PerImage").GetArrayLength());
    }

    [Fact]
    public void A_bad_setting_anywhere_in_the_list_fails_before_the_first_runs()
    {
        using var dir = new TempDir();
        AttackSetting[] settings = [new(1, InstaHideMode.Inside, 1), new(9, InstaHideMode.Inside, 1)];
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AttackSweep.Run("mnist", TestData.Root, 8, settings, dir.Path));
        Assert.Contains("k = 9 is more than the 8 private images", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
