using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace P2PClinic.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as SDP carries it (RFC 8122 section 5: <c>a=fingerprint:sha-256 AB:CD:...</c>).
/// Only sha-256 is produced and accepted: every WebRTC implementation offers it (RFC 8827 section 6.5).
/// </summary>
internal sealed record DtlsFingerprint(string Algorithm, byte[] Value)
{
    public const string Sha256 = "sha-256";

    public static DtlsFingerprint FromCertificate(ReadOnlySpan<byte> derCertificate) => new(Sha256, SHA256.HashData(derCertificate));

    /// <summary>Parses "sha-256 AB:CD:..." (algorithm names are case-insensitive per RFC 8122 section 5).</summary>
    public static bool TryParse(string text, out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !parts[0].Equals(Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var hex = parts[1].Split(':');
        if (hex.Length != 32)
        {
            return false;
        }

        var value = new byte[hex.Length];
        for (var i = 0; i < hex.Length; i++)
        {
            if (hex[i].Length != 2 || !byte.TryParse(hex[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value[i]))
            {
                return false;
            }
        }

        fingerprint = new DtlsFingerprint(Sha256, value);
        return true;
    }

    public bool Matches(ReadOnlySpan<byte> derCertificate)
        => Algorithm == Sha256 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(derCertificate), Value);

    /// <summary>The SDP form: "sha-256 AB:CD:...".</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Algorithm.Length + (Value.Length * 3));
        builder.Append(Algorithm).Append(' ');
        for (var i = 0; i < Value.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(':');
            }

            builder.Append(Value[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    public bool Equals(DtlsFingerprint? other)
        => other is not null && Algorithm == other.Algorithm && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode() => HashCode.Combine(Algorithm, Value.Length > 0 ? Value[0] : 0);
}
