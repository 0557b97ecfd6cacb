namespace P2PClinic.Storage;

/// <summary>A record read from an open store is damaged (it cannot be decoded). Nothing was changed.</summary>
public sealed class StoreCorruptionException : StoreException
{
    internal StoreCorruptionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
