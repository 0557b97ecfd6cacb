namespace P2PClinic.Cli.Internal;

/// <summary>Writes the single "error: ..." line to stderr.</summary>
internal static class ErrorWriter
{
    public static int Report(Exception exception, Uri? node, TimeSpan? timeout = null)
    {
        var error = CliError.From(exception, node, timeout);
        Console.Error.WriteLine("error: " + error.Message);
        if (Environment.GetEnvironmentVariable("P2PCLINIC_TRACE") == "1")
        {
            // For developers only: the full exception, never shown by default.
            Console.Error.WriteLine(exception);
        }

        return error.ExitCode;
    }
}
