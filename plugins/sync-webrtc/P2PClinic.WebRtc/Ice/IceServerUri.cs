using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace P2PClinic.WebRtc.Ice;

/// <summary>Parses <c>stun:host[:port]</c> (RFC 7064 section 3.1) and resolves it to IPv4 endpoints.</summary>
internal static class IceServerUri
{
    /// <summary>RFC 8489 section 18.8: the default STUN port.</summary>
    public const int DefaultStunPort = 3478;

    public static (string Host, int Port) Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith("stun:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{uri}' is not a stun: URI (RFC 7064); TURN is not supported yet.", nameof(uri));
        }

        var rest = uri["stun:".Length..];
        string host;
        var port = DefaultStunPort;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"'{uri}' has an unterminated IPv6 literal.", nameof(uri));
            }

            host = rest[1..close];
            rest = rest[(close + 1)..];
            if (rest.StartsWith(':'))
            {
                port = ParsePort(rest[1..], uri);
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon < 0 ? rest : rest[..colon];
            if (colon >= 0)
            {
                port = ParsePort(rest[(colon + 1)..], uri);
            }
        }

        if (host.Length == 0)
        {
            throw new ArgumentException($"'{uri}' names no host.", nameof(uri));
        }

        return (host, port);
    }

    public static async Task<IReadOnlyList<IPEndPoint>> ResolveAsync(IEnumerable<string> uris, CancellationToken cancellationToken)
    {
        var endPoints = new List<IPEndPoint>();
        foreach (var uri in uris)
        {
            var (host, port) = Parse(uri);
            if (IPAddress.TryParse(host, out var literal))
            {
                endPoints.Add(new IPEndPoint(literal, port));
                continue;
            }

            try
            {
                var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
                endPoints.AddRange(addresses.Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6).GroupBy(a => a.AddressFamily).Select(g => new IPEndPoint(g.First(), port)));
            }
            catch (SocketException)
            {
                // An unresolvable server costs its candidate, nothing more (RFC 8445 section 5.1.1.2).
            }
        }

        return endPoints;
    }

    private static int ParsePort(string text, string uri)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65_535
            ? port
            : throw new ArgumentException($"'{uri}' has a bad port.", nameof(uri));
}
