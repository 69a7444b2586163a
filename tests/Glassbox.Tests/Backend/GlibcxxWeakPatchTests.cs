using System.Diagnostics;
using Glassbox.Backend;

namespace Glassbox.Tests.Backend;

public sealed class GlibcxxWeakPatchTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("glassbox-patch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The pristine libLibTorchSharp.so in the NuGet cache, as TorchSharp ships it.</summary>
    static string ShippedLibrary()
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string version = typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3);
        return Path.Combine(root, "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    string CopyOfShipped()
    {
        string copy = Path.Combine(_dir, "libLibTorchSharp.so");
        File.Copy(ShippedLibrary(), copy);
        return copy;
    }

    [Fact]
    public void Shipped_library_requires_the_version_strongly()
    {
        Assert.Equal(PatchState.Unpatched, GlibcxxWeakPatch.Inspect(ShippedLibrary()));
    }

    [Fact]
    public void Apply_changes_exactly_the_binding_byte_and_the_version_flags()
    {
        string copy = CopyOfShipped();
        byte[] before = File.ReadAllBytes(copy);

        Assert.Equal(PatchState.Unpatched, GlibcxxWeakPatch.Apply(copy));

        byte[] after = File.ReadAllBytes(copy);
        Assert.Equal(before.Length, after.Length);
        int[] changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Equal(2, changed.Length);
        Assert.Equal(PatchState.Patched, GlibcxxWeakPatch.Inspect(copy));
    }

    [Fact]
    public void Apply_is_idempotent()
    {
        string copy = CopyOfShipped();
        GlibcxxWeakPatch.Apply(copy);
        byte[] once = File.ReadAllBytes(copy);
        Assert.Equal(PatchState.Patched, GlibcxxWeakPatch.Apply(copy));
        Assert.Equal(once, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Apply_breaks_hard_links_instead_of_writing_through_them()
    {
        string original = CopyOfShipped();
        string link = Path.Combine(_dir, "linked.so");
        if (!TryHardLink(original, link)) return; // file system without hard links: nothing to check
        GlibcxxWeakPatch.Apply(link);
        Assert.Equal(PatchState.Unpatched, GlibcxxWeakPatch.Inspect(original));
        Assert.Equal(PatchState.Patched, GlibcxxWeakPatch.Inspect(link));
    }

    [Fact]
    public void Readelf_independently_sees_the_weak_symbol_and_weak_version()
    {
        string copy = CopyOfShipped();
        GlibcxxWeakPatch.Apply(copy);
        string? symbols = RunTool("readelf", "--dyn-syms", "-W", copy);
        string? versions = RunTool("readelf", "-V", "-W", copy);
        if (symbols == null || versions == null) return; // binutils absent: the byte-level tests still hold
        Assert.Contains(symbols.Split('\n'), l => l.Contains(GlibcxxWeakPatch.MarkerSymbol) && l.Contains(" WEAK "));
        Assert.Contains(versions.Split('\n'), l => l.Contains("Name: GLIBCXX_3.4.32") && l.Contains("Flags: WEAK"));
    }

    [Fact]
    public void A_library_without_the_requirement_is_left_alone()
    {
        string c10 = Path.Combine(TorchBackend.NativeDirectory, "libc10.so");
        string copy = Path.Combine(_dir, "libc10.so");
        File.Copy(c10, copy);
        byte[] before = File.ReadAllBytes(copy);
        Assert.Equal(PatchState.NotRequired, GlibcxxWeakPatch.Apply(copy));
        Assert.Equal(before, File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_rejected_with_its_name()
    {
        string bogus = Path.Combine(_dir, "bogus.so");
        File.WriteAllText(bogus, "not an elf file at all, but long enough to have a header....................");
        var error = Assert.Throws<InvalidDataException>(() => GlibcxxWeakPatch.Inspect(bogus));
        Assert.Contains("bogus.so", error.Message);
    }

    [Fact]
    public void The_build_patched_the_output_copy_exactly_when_the_host_needs_it()
    {
        string output = Path.Combine(TorchBackend.NativeDirectory, "libLibTorchSharp.so");
        PatchState expected = GlibcxxWeakPatch.HostProvidesVersion() == false ? PatchState.Patched : PatchState.Unpatched;
        Assert.Equal(expected, GlibcxxWeakPatch.Inspect(output));
        // ...and never the NuGet cache.
        Assert.Equal(PatchState.Unpatched, GlibcxxWeakPatch.Inspect(ShippedLibrary()));
    }

    static bool TryHardLink(string target, string link) =>
        RunTool("ln", target, link) != null && File.Exists(link);

    static string? RunTool(string tool, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in args) info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
