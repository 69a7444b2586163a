using System.CommandLine;
using Glassbox.Cli.Verbs;
using Spectre.Console;

namespace Glassbox.Cli;

/// <summary>The `glassbox` command: verbs, global options, and the mapping of failures to exit codes.</summary>
public static class GlassboxApp
{
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Print stack traces with errors",
        Recursive = true,
    };

    /// <summary>
    /// The command tree. The root is a plain command named "glassbox" (a RootCommand takes the executable's name, which
    /// is Glassbox.Cli: usage lines would name it), with the help and version options a RootCommand would add.
    /// </summary>
    public static Command Build(IAnsiConsole console)
    {
        var root = new Command("glassbox",
            "Glassbox: the methods of \"opening the black box\" of deep learning, runnable from .NET.");
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
        root.Options.Add(Verbose);
        root.Subcommands.Add(TourVerb.Build(console));
        root.Subcommands.Add(DoctorVerb.Build(console));
        root.Subcommands.Add(DataVerb.Build(console));
        root.Subcommands.Add(KernelVerb.Build(console));
        root.Subcommands.Add(CntkVerb.Build(console));
        root.Subcommands.Add(WidenVerb.Build(console));
        root.Subcommands.Add(UciVerb.Build(console));
        root.Subcommands.Add(CompleteVerb.Build(console));
        root.Subcommands.Add(TrainVerb.Build(console));
        root.Subcommands.Add(LrVerb.Build(console));
        root.Subcommands.Add(InstaHideVerb.Build(console));
        root.Subcommands.Add(DpVerb.Build(console));
        root.Subcommands.Add(FederatedVerb.Build(console));
        root.Subcommands.Add(InvertGradientVerb.Build(console));
        return root;
    }

    /// <summary>Parses and runs; exit 0 ok, 1 failure, 2 usage error. Errors are one sentence on <paramref name="stderr"/>.</summary>
    public static int Run(string[] args, IAnsiConsole console, TextWriter stderr)
    {
        Command root = Build(console);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) stderr.WriteLine($"glassbox: {error.Message}");
            stderr.WriteLine("Run 'glassbox --help' (or '<verb> --help') for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = console.Profile.Out.Writer,
                Error = stderr,
            });
        }
        catch (Exception e)
        {
            bool usage = e is UsageException;
            stderr.WriteLine($"glassbox: {(usage ? "usage error" : "error")}: {e.Message}");
            if (parsed.GetValue(Verbose)) stderr.WriteLine(e.ToString());
            return usage ? ExitCodes.Usage : ExitCodes.Failure;
        }
    }
}
