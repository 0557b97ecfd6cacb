namespace P2PClinic.Storage;

/// <summary>The base of every error the document store raises on purpose.</summary>
public abstract class StoreException : Exception
{
    /// <summary>Creates the exception with a message that reads as one sentence.</summary>
    protected StoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
