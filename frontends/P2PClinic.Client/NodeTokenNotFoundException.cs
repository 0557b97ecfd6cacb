namespace P2PClinic.Client;

/// <summary>No API token could be found for the node: neither in the environment nor in its data directory.</summary>
public sealed class NodeTokenNotFoundException : Exception
{
    /// <summary>Creates the error for a token file that is missing or unreadable.</summary>
    public NodeTokenNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error for a token file that is missing or unreadable, with the I/O error behind it.</summary>
    public NodeTokenNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error with a generic message.</summary>
    public NodeTokenNotFoundException()
        : base("no token for the node was found")
    {
    }
}
