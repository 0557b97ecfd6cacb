namespace P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

/// <summary>Why a sealed signal was not accepted.</summary>
internal enum SignalRejection
{
    /// <summary>Not a sealed signal of a version we know (too short, unknown version or kind).</summary>
    Malformed,

    /// <summary>Authentication failed: another room's key, or the blob was altered.</summary>
    NotAuthentic,

    /// <summary>Sealed by another peer than the one the mailbox says sent it.</summary>
    WrongSender,

    /// <summary>Sealed for another peer: a blob redirected to us.</summary>
    WrongRecipient,

    /// <summary>Sealed too long ago (or too far in the future) to be a live signal.</summary>
    Stale,

    /// <summary>Seen already: a replay.</summary>
    Replayed,

    /// <summary>So many signals were accepted lately that no more can be checked for replays (a flood).</summary>
    Flooded,
}

/// <summary>A sealed signal that must be dropped; <see cref="Rejection"/> says why.</summary>
internal sealed class SignalRejectedException : Exception
{
    public SignalRejectedException(SignalRejection rejection, string message)
        : base(message)
    {
        Rejection = rejection;
    }

    public SignalRejection Rejection { get; }
}
