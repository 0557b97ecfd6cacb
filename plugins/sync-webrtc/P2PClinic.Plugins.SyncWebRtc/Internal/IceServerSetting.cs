using P2PClinic.WebRtc;

namespace P2PClinic.Plugins.SyncWebRtc.Internal;

/// <summary>
/// One configured ICE server: its URIs and, for TURN, either a fixed long-term credential (<c>Username</c>,
/// <c>Credential</c>) or the secret shared with a coturn <c>use-auth-secret</c> server (<c>SharedSecret</c>), from
/// which a time-limited credential is derived for every connection.
/// </summary>
internal sealed record IceServerSetting(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null, string? SharedSecret = null)
{
    /// <summary>How long a credential derived from <see cref="SharedSecret"/> is valid (coturn checks the expiry at Allocate and Refresh).</summary>
    public static readonly TimeSpan SharedSecretCredentialLifetime = TimeSpan.FromHours(24);

    /// <summary>The server for one connection; a shared-secret credential expires a day from <paramref name="now"/>.</summary>
    public RtcIceServer ToRtcIceServer(DateTimeOffset now) => SharedSecret is { } secret
        ? RtcIceServer.WithSharedSecret(Urls, secret, Username ?? string.Empty, now + SharedSecretCredentialLifetime)
        : new RtcIceServer { Urls = Urls, Username = Username, Credential = Credential };

    /// <summary>The URIs and username only: credentials and secrets never reach a log.</summary>
    public override string ToString() => $"{string.Join(" ", Urls)}{(Username is null ? string.Empty : " as " + Username)}";
}
