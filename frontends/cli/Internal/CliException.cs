namespace P2PClinic.Cli.Internal;

/// <summary>
/// An error the CLI itself detects (an org name that matches nothing, a missing confirmation), reported
/// as one line with its exit code.
/// </summary>
internal sealed class CliException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
