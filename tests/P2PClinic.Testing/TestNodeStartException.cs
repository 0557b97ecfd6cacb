namespace P2PClinic.Testing;

/// <summary>The node process exited or never reported that it listens; the message carries everything it printed.</summary>
public sealed class TestNodeStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TestNodeStartException(string message, int? exitCode, string output)
        : base($"{message}\n--- node output ---\n{output}--- end of node output ---")
    {
        ExitCode = exitCode;
        Output = output;
    }

    /// <summary>The node's exit code, if it exited.</summary>
    public int? ExitCode { get; }

    /// <summary>Everything the node printed.</summary>
    public string Output { get; }
}
