using System.Reflection;
using TorchSharp;

namespace Glassbox.Backend;

/// <summary>What the tensor backend is and how it was loaded.</summary>
public sealed record BackendInfo(
    string TorchSharpVersion,
    string LibTorchVersion,
    int Threads,
    string NativeDirectory,
    PatchState? LibTorchSharpPatch,
    bool? HostProvidesGlibcxx332);

/// <summary>Start-up and description of TorchSharp (LibTorch) for the rest of the library.</summary>
public static class TorchBackend
{
    /// <summary>The folder TorchSharp loads its native libraries from (next to TorchSharp.dll).</summary>
    public static string NativeDirectory =>
        Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;

    /// <summary>Sets the intra-op thread count; 0 or less keeps LibTorch's default (the core count).</summary>
    public static void SetThreads(int threads)
    {
        if (threads > 0) torch.set_num_threads(threads);
    }

    /// <summary>Loads LibTorch (on first use) and describes it. Throws when the native library cannot load.</summary>
    public static BackendInfo Describe()
    {
        string libTorchVersion = torch.__version__; // forces the native load
        string lib = Path.Combine(NativeDirectory, "libLibTorchSharp.so");
        return new BackendInfo(
            TorchSharpVersion: VersionOf(typeof(torch).Assembly),
            LibTorchVersion: libTorchVersion,
            Threads: torch.get_num_threads(),
            NativeDirectory: NativeDirectory,
            LibTorchSharpPatch: File.Exists(lib) ? GlibcxxWeakPatch.Inspect(lib) : null,
            HostProvidesGlibcxx332: GlibcxxWeakPatch.HostProvidesVersion());
    }

    static string VersionOf(Assembly assembly)
    {
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
