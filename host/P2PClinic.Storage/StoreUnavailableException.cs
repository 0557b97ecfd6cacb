namespace P2PClinic.Storage;

/// <summary>
/// The node data directory cannot be opened. The message names the path and says what is wrong in one
/// sentence; the RocksDB error, if any, is the inner exception.
/// </summary>
public sealed class StoreUnavailableException : StoreException
{
    internal StoreUnavailableException(string path, StoreUnavailableReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The directory (or file inside it) that could not be opened.</summary>
    public string Path { get; }

    /// <summary>What kind of problem it is, for callers that react differently (e.g. "stop the other node").</summary>
    public StoreUnavailableReason Reason { get; }
}
