namespace P2PClinic.Sdk.Transport;

/// <summary>Why a link ended.</summary>
public sealed class PeerLinkClosure
{
    /// <summary>Creates a closure.</summary>
    /// <param name="reason">The kind of ending.</param>
    /// <param name="detail">What the transport observed, for logs.</param>
    public PeerLinkClosure(PeerLinkCloseReason reason, string detail)
    {
        Reason = reason;
        Detail = detail ?? "";
    }

    /// <summary>The kind of ending.</summary>
    public PeerLinkCloseReason Reason { get; }

    /// <summary>What the transport observed, for logs (never shown as a product message).</summary>
    public string Detail { get; }

    /// <inheritdoc/>
    public override string ToString() => Detail.Length == 0 ? Reason.ToString() : $"{Reason}: {Detail}";
}
