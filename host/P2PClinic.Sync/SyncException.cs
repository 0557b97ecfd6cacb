namespace P2PClinic.Sync;

internal enum SyncFailure
{
    OrgNotFound,
    AlreadyShared,
    NotShared,
    CodeNotFound,
    InvalidInvite,
    WrongPassword,
    AlreadyMember,
    LockedOut,
    Unavailable,
    NotConfigured,
    TimedOut,
}

/// <summary>A sync operation failed for a reason the user can act on; the message says what to do.</summary>
internal sealed class SyncException(SyncFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public SyncFailure Failure { get; } = failure;
}
