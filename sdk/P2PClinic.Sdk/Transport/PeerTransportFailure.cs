namespace P2PClinic.Sdk.Transport;

/// <summary>The kinds of <see cref="PeerTransportException"/>.</summary>
public enum PeerTransportFailure
{
    /// <summary>The transport's configuration is missing or invalid (e.g. no rendezvous address).</summary>
    NotConfigured,

    /// <summary>The rendezvous the transport needs (e.g. the signaling server) did not answer.</summary>
    Unreachable,

    /// <summary>The rendezvous answered but refused (e.g. the room is full).</summary>
    Rejected,
}
