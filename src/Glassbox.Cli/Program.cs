using Glassbox.Cli;
using Spectre.Console;

// Piped output has no terminal width; keep table rows on one line each for readers and scripts.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
return GlassboxApp.Run(args, AnsiConsole.Console, Console.Error);
