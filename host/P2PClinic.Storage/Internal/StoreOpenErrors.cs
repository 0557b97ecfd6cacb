using RocksDbSharp;

namespace P2PClinic.Storage.Internal;

/// <summary>Turns what RocksDB and the file system say into one sentence a user can act on.</summary>
internal static class StoreOpenErrors
{
    public static StoreUnavailableException NotADirectory(string path) =>
        new(path, StoreUnavailableReason.NotADirectory,
            $"The node data directory '{path}' cannot be used: a file stands where the directory should be.");

    public static StoreUnavailableException MissingCurrentFile(string path) =>
        new(path, StoreUnavailableReason.Corrupted,
            $"The node database at '{path}' is damaged: it holds files but its CURRENT file is missing, so it is not opened (a new empty database there would hide the old data).");

    public static StoreUnavailableException Corrupted(string path, string rocksDbMessage) =>
        new(path, StoreUnavailableReason.Corrupted, $"The node database at '{path}' is damaged and cannot be opened ({rocksDbMessage}).");

    public static StoreUnavailableException FromFileSystem(string path, Exception e) => e switch
    {
        UnauthorizedAccessException => new(path, StoreUnavailableReason.PermissionDenied,
            $"The node data directory '{path}' cannot be read or written: permission denied.", e),
        _ => new(path, StoreUnavailableReason.Unreadable,
            $"The node data directory '{path}' cannot be used: {e.Message}", e),
    };

    public static StoreUnavailableException FromRocksDb(string path, RocksDbException e)
    {
        var message = e.Message ?? string.Empty;
        if (message.Contains("lock", StringComparison.OrdinalIgnoreCase)
            && (message.Contains("Resource temporarily unavailable", StringComparison.Ordinal)
                || message.Contains("lock hold by current process", StringComparison.Ordinal)
                || message.Contains("No locks available", StringComparison.Ordinal)))
        {
            return new(path, StoreUnavailableReason.Locked,
                $"The node database at '{path}' is in use by another running node (its lock is held); stop that node or use another data directory.", e);
        }

        if (message.Contains("Permission denied", StringComparison.Ordinal))
        {
            return new(path, StoreUnavailableReason.PermissionDenied,
                $"The node database at '{path}' cannot be read or written: permission denied ({message}).", e);
        }

        if (message.StartsWith("Corruption", StringComparison.Ordinal)
            || message.Contains("Corruption:", StringComparison.Ordinal)
            || message.Contains("magic number", StringComparison.OrdinalIgnoreCase)
            || message.Contains("checksum mismatch", StringComparison.OrdinalIgnoreCase))
        {
            return new(path, StoreUnavailableReason.Corrupted,
                $"The node database at '{path}' is damaged and cannot be opened ({message}).", e);
        }

        if (message.Contains("Not a directory", StringComparison.Ordinal))
        {
            return new(path, StoreUnavailableReason.NotADirectory,
                $"The node database at '{path}' cannot be used: part of its path is a file, not a directory ({message}).", e);
        }

        return new(path, StoreUnavailableReason.Unreadable,
            $"The node database at '{path}' cannot be opened ({message}).", e);
    }
}
