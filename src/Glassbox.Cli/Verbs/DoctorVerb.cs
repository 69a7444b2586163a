using System.CommandLine;
using Glassbox.Backend;
using Spectre.Console;

namespace Glassbox.Cli.Verbs;

/// <summary>`glassbox doctor`: is the backend loaded, patched where needed, and numerically sound?</summary>
public static class DoctorVerb
{
    public static Command Build(IAnsiConsole console)
    {
        var dataDir = DataOptions.DataDir();
        var command = new Command("doctor",
            "Check the tensor backend (versions, threads, compatibility patch, float64 self-checks) and the data root.");
        command.Options.Add(dataDir);
        command.SetAction(parsed => Run(console, parsed.GetValue(dataDir)));
        return command;
    }

    static int Run(IAnsiConsole console, string? dataDir)
    {
        BackendInfo info = TorchBackend.Describe();
        var table = new Table().AddColumns("item", "value").Border(TableBorder.Simple);
        table.AddRow("TorchSharp", info.TorchSharpVersion);
        table.AddRow("LibTorch", info.LibTorchVersion);
        table.AddRow("threads", info.Threads.ToString());
        table.AddRow("native libraries", info.NativeDirectory.EscapeMarkup());
        table.AddRow("GLIBCXX_3.4.32 patch", PatchText(info).EscapeMarkup());
        console.Write(table);

        bool allPassed = true;
        var checks = new Table().AddColumns("self-check", "error", "tolerance", "result").Border(TableBorder.Simple);
        foreach (SelfCheckResult check in SelfCheck.Run())
        {
            allPassed &= check.Passed;
            checks.AddRow(check.Name, check.Error.ToString("0.00e+00"), check.Tolerance.ToString("0e+00"),
                check.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
        }
        console.Write(checks);

        DataOptions.DescribeRoot(console, dataDir);
        console.MarkupLine(allPassed ? "[green]backend OK[/]" : "[red]backend self-check failed[/]");
        return allPassed ? ExitCodes.Ok : ExitCodes.Failure;
    }

    static string PatchText(BackendInfo info) => (info.HostProvidesGlibcxx332, info.LibTorchSharpPatch) switch
    {
        (_, PatchState.Patched) => "in effect (host libstdc++ lacks GLIBCXX_3.4.32; marker symbol and version made weak)",
        (true, _) => "not needed (host libstdc++ provides GLIBCXX_3.4.32)",
        (_, PatchState.NotRequired) => "not needed (libLibTorchSharp.so does not require GLIBCXX_3.4.32)",
        (_, null) => "libLibTorchSharp.so not found next to TorchSharp.dll",
        _ => "NOT in effect although the host lacks GLIBCXX_3.4.32",
    };
}
