namespace P2PClinic.WebRtc.Sctp;

/// <summary>The association ended (shutdown, abort, or the peer stopped answering) before the operation could complete.</summary>
internal sealed class SctpAssociationClosedException(string reason)
    : InvalidOperationException($"The SCTP association is closed: {reason}.")
{
    public string Reason { get; } = reason;
}
