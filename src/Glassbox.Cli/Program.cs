using Glassbox.Cli;

return GlassboxApp.Run(args, Spectre.Console.AnsiConsole.Console, Console.Error);
