namespace P2PClinic.Sdk.Transport;

/// <summary>
/// Where one-time share codes are registered and claimed (for WebRTC: the signaling server's <c>/v1/share-codes</c>,
/// docs/protocol.md). The payload is opaque here: the sync engine seals it under the code before it leaves the node.
/// </summary>
public interface IShareCodeRendezvous
{
    /// <summary>
    /// Registers a payload under a code this node picked (so it could seal the payload under the code before the
    /// rendezvous saw either).
    /// </summary>
    /// <param name="code">The code, 8 characters of the share-code alphabet without the dash.</param>
    /// <param name="payload">The sealed invite, as the rendezvous's size limit allows (4096 bytes on the signaling server).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The code as shown (<c>ABCD-EFGH</c>) and when it expires; null when another invite holds the code now (pick another).</returns>
    /// <exception cref="PeerTransportException">Not configured, unreachable, or refused.</exception>
    Task<ShareCodeRegistration?> RegisterAsync(string code, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Claims a code: returns its payload once; the code is used up.</summary>
    /// <param name="code">The code, 8 characters without the dash.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The payload registered under the code.</returns>
    /// <exception cref="ShareCodeNotFoundException">The code is unknown, expired or already claimed.</exception>
    /// <exception cref="PeerTransportException">Not configured, unreachable, or refused (e.g. locked out after failed claims: <see cref="PeerTransportFailure.Rejected"/>).</exception>
    Task<ReadOnlyMemory<byte>> ClaimAsync(string code, CancellationToken cancellationToken);
}

/// <summary>A registered share code.</summary>
public sealed class ShareCodeRegistration
{
    /// <summary>Creates a registration.</summary>
    /// <param name="code">The code as the rendezvous returned it (<c>ABCD-EFGH</c>).</param>
    /// <param name="expiresAt">When it stops working.</param>
    public ShareCodeRegistration(string code, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
        ExpiresAt = expiresAt;
    }

    /// <summary>The code as shown to people (<c>ABCD-EFGH</c>).</summary>
    public string Code { get; }

    /// <summary>When it stops working.</summary>
    public DateTimeOffset ExpiresAt { get; }
}

/// <summary>The share code is unknown, expired or already claimed (the three are indistinguishable on purpose).</summary>
public sealed class ShareCodeNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ShareCodeNotFoundException()
        : base("The share code is unknown, expired or already used. Ask for a new one.")
    {
    }
}
