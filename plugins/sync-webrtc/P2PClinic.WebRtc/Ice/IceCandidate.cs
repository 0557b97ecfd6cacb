using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace P2PClinic.WebRtc.Ice;

/// <summary>One ICE candidate (RFC 8445 section 5.1) for component 1 over UDP.</summary>
internal sealed record IceCandidate(
    string Foundation,
    int Component,
    uint Priority,
    IPEndPoint EndPoint,
    IceCandidateType Type,
    IPEndPoint? RelatedEndPoint = null)
{
    /// <summary>The RTP component id; data channels use component 1 only (RFC 8445 section 5.1.1).</summary>
    public const int DataComponent = 1;

    /// <summary>
    /// Candidate priority (RFC 8445 section 5.1.2.1): 2^24 * type preference + 2^8 * local preference + (256 - component id),
    /// type preferences per section 5.1.2.2 (host 126, prflx 110, srflx 100, relay 0).
    /// </summary>
    public static uint ComputePriority(IceCandidateType type, int localPreference, int component = DataComponent)
    {
        var typePreference = type switch
        {
            IceCandidateType.Host => 126,
            IceCandidateType.PeerReflexive => 110,
            IceCandidateType.ServerReflexive => 100,
            _ => 0,
        };
        return (uint)((typePreference << 24) + (Math.Clamp(localPreference, 0, 65_535) << 8) + (256 - component));
    }

    /// <summary>
    /// Foundation (RFC 8445 section 5.1.1.3): equal for candidates of the same type, base address and server.
    /// A short stable hash keeps it within the 32 ice-chars of RFC 8839.
    /// </summary>
    public static string ComputeFoundation(IceCandidateType type, IPAddress baseAddress, string? server = null)
    {
        var text = $"{type}|{baseAddress}|{server}";
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u; // FNV-1a: only needs to be stable, not secret
        }

        return hash.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Writes the SDP attribute value (RFC 8839 section 5.1) without the "a=" prefix.</summary>
    public string ToSdpAttribute()
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"candidate:{Foundation} {Component} udp {Priority} {EndPoint.Address} {EndPoint.Port} typ {TypeName(Type)}");
        if (RelatedEndPoint is { } related)
        {
            builder.Append(CultureInfo.InvariantCulture, $" raddr {related.Address} rport {related.Port}");
        }

        return builder.ToString();
    }

    /// <summary>
    /// Parses "candidate:..." (with or without the "a=" prefix). Returns false with a reason for malformed lines, and
    /// also for candidates we cannot use (<paramref name="unsupported"/> is then true): TCP candidates and hostnames such
    /// as mDNS ".local" names, which we never resolve.
    /// </summary>
    public static bool TryParse(string line, out IceCandidate? candidate, out string? reason, out bool unsupported)
    {
        unsupported = false;
        candidate = null;
        var text = line.Trim();
        if (text.StartsWith("a=", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (!text.StartsWith("candidate:", StringComparison.Ordinal))
        {
            reason = "not a candidate attribute";
            return false;
        }

        var parts = text["candidate:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 8 || parts[6] != "typ")
        {
            reason = "a candidate needs foundation, component, transport, priority, address, port and 'typ <type>'";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var component) || component is < 1 or > 256)
        {
            reason = $"bad component id '{parts[1]}'";
            return false;
        }

        if (!parts[2].Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            reason = $"transport '{parts[2]}' is not supported";
            unsupported = true;
            return false;
        }

        if (!uint.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority) || priority == 0)
        {
            reason = $"bad priority '{parts[3]}'";
            return false;
        }

        if (!IPAddress.TryParse(parts[4], out var address) || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            reason = $"address '{parts[4]}' is not an IP address (mDNS names are not resolved)";
            unsupported = true;
            return false;
        }

        if (!int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65_535)
        {
            reason = $"bad port '{parts[5]}'";
            return false;
        }

        IceCandidateType type;
        switch (parts[7])
        {
            case "host": type = IceCandidateType.Host; break;
            case "srflx": type = IceCandidateType.ServerReflexive; break;
            case "prflx": type = IceCandidateType.PeerReflexive; break;
            case "relay": type = IceCandidateType.Relayed; break;
            default:
                reason = $"unknown candidate type '{parts[7]}'";
                return false;
        }

        IPAddress? relatedAddress = null;
        var relatedPort = 0;
        for (var i = 8; i + 1 < parts.Length; i += 2)
        {
            if (parts[i] == "raddr")
            {
                _ = IPAddress.TryParse(parts[i + 1], out relatedAddress);
            }
            else if (parts[i] == "rport")
            {
                _ = int.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out relatedPort);
            }
        }

        var related = relatedAddress is not null && relatedPort is > 0 and <= 65_535 ? new IPEndPoint(relatedAddress, relatedPort) : null;
        candidate = new IceCandidate(parts[0], component, priority, new IPEndPoint(address, port), type, related);
        reason = null;
        return true;
    }

    private static string TypeName(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        _ => "relay",
    };
}
