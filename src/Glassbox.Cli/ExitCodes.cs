namespace Glassbox.Cli;

/// <summary>What the process exit status means, for scripts that call `glassbox`.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}

/// <summary>A command line that names something impossible (a bad value, a missing file): exit 2.</summary>
public sealed class UsageException(string message) : Exception(message);
