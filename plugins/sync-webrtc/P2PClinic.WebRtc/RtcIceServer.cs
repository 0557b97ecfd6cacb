namespace P2PClinic.WebRtc;

/// <summary>
/// A STUN or TURN server, as in the W3C <c>RTCIceServer</c>: URIs (<c>stun:host[:port]</c>, RFC 7064;
/// <c>turn:host[:port][?transport=udp]</c>, RFC 7065) and, for TURN, the long-term credential. A plain string converts
/// to a server with one URI and no credential.
/// </summary>
public sealed record RtcIceServer
{
    /// <summary>The server's URIs; all name the same server.</summary>
    public required IReadOnlyList<string> Urls { get; init; }

    /// <summary>The TURN username (with coturn's <c>use-auth-secret</c>: <c>expiry:user</c>, see <see cref="WithSharedSecret"/>).</summary>
    public string? Username { get; init; }

    /// <summary>The TURN password. Never logged, and left out of <see cref="ToString"/>.</summary>
    public string? Credential { get; init; }

    /// <summary>A server with one URI and no credential (enough for <c>stun:</c>).</summary>
    public static implicit operator RtcIceServer(string url) => FromUrl(url);

    /// <summary>A server with one URI and no credential (enough for <c>stun:</c>).</summary>
    public static RtcIceServer FromUrl(string url) => new() { Urls = [url ?? throw new ArgumentNullException(nameof(url))] };

    /// <summary>
    /// A TURN server whose credential is derived from the secret it shares with its operator, the REST-style
    /// time-limited credential of coturn's <c>use-auth-secret</c>: username <c>expiry:user</c> (Unix seconds),
    /// password base64(HMAC-SHA1(secret, username)).
    /// </summary>
    public static RtcIceServer WithSharedSecret(IReadOnlyList<string> urls, string secret, string user, DateTimeOffset expiresAt)
    {
        var credentials = Turn.TurnCredentials.FromSharedSecret(secret, user, expiresAt);
        return new() { Urls = urls, Username = credentials.Username, Credential = credentials.Password };
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a URI that is not <c>stun:</c>/<c>turn:</c>/<c>turns:</c> or a TURN server without a credential.</summary>
    public void Validate() => Ice.IceServerUri.Validate([this]);

    /// <summary>The URIs and username; never the credential.</summary>
    public override string ToString() => $"RtcIceServer {{ Urls = [{string.Join(", ", Urls)}], Username = {Username} }}";
}
