namespace P2PClinic.Sync.Invites;

internal enum InviteFailure
{
    /// <summary>The blob does not open with this code (not made for it, or altered).</summary>
    WrongCode,

    Malformed,

    UnsupportedVersion,
}

/// <summary>An invite blob could not be opened or read.</summary>
internal sealed class InviteException(InviteFailure failure, string message) : Exception(message)
{
    public InviteFailure Failure { get; } = failure;
}
