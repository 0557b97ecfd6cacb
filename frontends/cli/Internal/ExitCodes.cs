namespace P2PClinic.Cli.Internal;

/// <summary>The process exit codes, stable so scripts can branch on them.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The node refused the request: unknown org, invalid input, a precondition not met.</summary>
    public const int Refused = 1;

    /// <summary>The command line itself is wrong: unknown command, missing argument, bad option value.</summary>
    public const int Usage = 2;

    /// <summary>No node answered at the address (nothing listens there, or the host is unknown).</summary>
    public const int Unreachable = 3;

    /// <summary>No token was found, or the node rejected it.</summary>
    public const int Unauthenticated = 4;

    /// <summary>The node failed internally, or something unexpected happened.</summary>
    public const int Failed = 5;

    /// <summary>The node is there but did not answer a call within its wait (<c>--timeout</c>): busy or stalled, not gone.</summary>
    public const int Slow = 6;
}
