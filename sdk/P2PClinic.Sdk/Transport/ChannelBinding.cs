namespace P2PClinic.Sdk.Transport;

/// <summary>
/// What identifies a link's secure channel at both ends: the fingerprints of the certificates the two ends proved
/// they hold (for WebRTC, the DTLS certificates, RFC 8827 section 6.5). An authentication handshake mixes both
/// into its transcript, so a man in the middle who terminates the channel cannot relay it.
/// </summary>
/// <remarks>
/// Fingerprints use the SDP form of RFC 8122 section 5: the hash function's name, a space, then the hash as
/// upper-case hex byte pairs separated by colons (<c>sha-256 AB:CD:...</c>). For one link, this side's
/// <see cref="LocalFingerprint"/> is the other side's <see cref="RemoteFingerprint"/> and the other way round.
/// </remarks>
public sealed class ChannelBinding : IEquatable<ChannelBinding>
{
    /// <summary>Creates a binding.</summary>
    /// <param name="localFingerprint">This node's certificate fingerprint.</param>
    /// <param name="remoteFingerprint">The peer's certificate fingerprint, as verified by the transport.</param>
    /// <exception cref="ArgumentException">A fingerprint is empty.</exception>
    public ChannelBinding(string localFingerprint, string remoteFingerprint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localFingerprint);
        ArgumentException.ThrowIfNullOrWhiteSpace(remoteFingerprint);
        LocalFingerprint = localFingerprint;
        RemoteFingerprint = remoteFingerprint;
    }

    /// <summary>This node's certificate fingerprint.</summary>
    public string LocalFingerprint { get; }

    /// <summary>The peer's certificate fingerprint, verified by the transport during its handshake.</summary>
    public string RemoteFingerprint { get; }

    /// <inheritdoc/>
    public bool Equals(ChannelBinding? other) =>
        other is not null
        && string.Equals(LocalFingerprint, other.LocalFingerprint, StringComparison.Ordinal)
        && string.Equals(RemoteFingerprint, other.RemoteFingerprint, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ChannelBinding);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(LocalFingerprint), StringComparer.Ordinal.GetHashCode(RemoteFingerprint));

    /// <inheritdoc/>
    public override string ToString() => $"local {LocalFingerprint}, remote {RemoteFingerprint}";
}
