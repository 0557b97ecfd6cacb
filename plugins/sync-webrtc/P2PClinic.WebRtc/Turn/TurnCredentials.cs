using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace P2PClinic.WebRtc.Turn;

/// <summary>A TURN server's long-term credential (RFC 8489 section 9.2): a username and a password.</summary>
internal sealed record TurnCredentials(string Username, string Password)
{
    /// <summary>
    /// The REST-style time-limited credential that coturn's <c>use-auth-secret</c> accepts (draft-uberti-behave-turn-rest):
    /// username <c>expiry:user</c> with expiry in Unix seconds, password <c>base64(HMAC-SHA1(secret, username))</c>.
    /// </summary>
    public static TurnCredentials FromSharedSecret(string secret, string user, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(user);
        var username = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + (user.Length == 0 ? string.Empty : ":" + user);
        var password = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
        return new TurnCredentials(username, password);
    }

    /// <summary>
    /// The MESSAGE-INTEGRITY key (RFC 8489 section 9.2.2): MD5(username ":" realm ":" password). SASLprep/OpaqueString
    /// is the identity on the ASCII credentials servers issue, so it is not applied.
    /// </summary>
#pragma warning disable CA5351 // MD5 is what RFC 8489 section 9.2.2 prescribes for this key; it is not our choice.
    public byte[] LongTermKey(string realm) => MD5.HashData(Encoding.UTF8.GetBytes($"{Username}:{realm}:{Password}"));
#pragma warning restore CA5351

    /// <summary>Never print the password.</summary>
    public override string ToString() => $"TurnCredentials {{ Username = {Username} }}";
}
