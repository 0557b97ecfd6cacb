namespace P2PClinic.Storage;

/// <summary>Why a node data directory could not be opened.</summary>
public enum StoreUnavailableReason
{
    /// <summary>The files are damaged or are not a database (garbage in CURRENT, MANIFEST or a table file).</summary>
    Corrupted,

    /// <summary>The operating system refused access to the directory or one of its files.</summary>
    PermissionDenied,

    /// <summary>Another running node holds the database lock.</summary>
    Locked,

    /// <summary>A file stands where the directory should be.</summary>
    NotADirectory,

    /// <summary>Any other input/output failure.</summary>
    Unreadable,
}
