using Glassbox.Cli;
using Spectre.Console;

namespace Glassbox.Tests.Cli;

/// <summary>Runs the `glassbox` command in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err);

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 250;
        int code = GlassboxApp.Run(args, console, error);
        return new Result(code, output.ToString(), error.ToString());
    }
}
