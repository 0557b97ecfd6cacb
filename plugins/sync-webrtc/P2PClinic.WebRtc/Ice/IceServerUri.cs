using System.Globalization;
using System.Net;
using System.Net.Sockets;
using P2PClinic.WebRtc.Turn;

namespace P2PClinic.WebRtc.Ice;

/// <summary>A parsed ICE server URI: <c>stun:</c> (RFC 7064) or <c>turn:</c>/<c>turns:</c> (RFC 7065).</summary>
internal sealed record IceServerAddress(string Scheme, string Host, int Port, string Transport)
{
    public bool IsTurn => Scheme is "turn" or "turns";

    /// <summary>What this stack can use: STUN, and TURN over UDP or TCP to the server; TLS to a TURN server is not built yet.</summary>
    public string? Unsupported => Scheme == "turns" ? "turns: (TURN over TLS) is not supported yet" : null;
}

/// <summary>Parses ICE server URIs and resolves them to endpoints of either address family.</summary>
internal static class IceServerUri
{
    /// <summary>RFC 8489 section 18.8: the default STUN and TURN port.</summary>
    public const int DefaultStunPort = 3478;

    /// <summary>RFC 8489 section 18.8: the default port of STUN/TURN over TLS.</summary>
    public const int DefaultTlsPort = 5349;

    public static IceServerAddress Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var colonAt = uri.IndexOf(':', StringComparison.Ordinal);
        var scheme = colonAt < 0 ? string.Empty : uri[..colonAt].ToLowerInvariant();
        if (scheme is not ("stun" or "turn" or "turns"))
        {
            throw new ArgumentException($"'{uri}' is not a stun:, turn: or turns: URI (RFC 7064, RFC 7065).", nameof(uri));
        }

        var rest = uri[(colonAt + 1)..];
        var transport = scheme == "turns" ? "tcp" : "udp";
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            if (scheme == "stun")
            {
                throw new ArgumentException($"'{uri}': a stun: URI has no query (RFC 7064).", nameof(uri));
            }

            var parameter = rest[(query + 1)..];
            transport = parameter.ToLowerInvariant() switch
            {
                "transport=udp" => "udp",
                "transport=tcp" => "tcp",
                _ => throw new ArgumentException($"'{uri}': the only query is transport=udp or transport=tcp (RFC 7065 section 3.1).", nameof(uri)),
            };
            rest = rest[..query];
        }

        string host;
        var port = scheme == "turns" ? DefaultTlsPort : DefaultStunPort;
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
            else if (rest.Length > 0)
            {
                throw new ArgumentException($"'{uri}' has text after its IPv6 literal.", nameof(uri));
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

        if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal) || host.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{uri}' names no host (or has a path or user part, which RFC 7064/7065 do not allow).", nameof(uri));
        }

        return new IceServerAddress(scheme, host, port, transport);
    }

    /// <summary>Checks every URI of the servers and that TURN servers carry a credential; throws <see cref="ArgumentException"/>.</summary>
    public static void Validate(IEnumerable<RtcIceServer> servers)
    {
        foreach (var server in servers)
        {
            ArgumentNullException.ThrowIfNull(server);
            if (server.Urls is null || server.Urls.Count == 0)
            {
                throw new ArgumentException("An ICE server needs at least one URI.", nameof(servers));
            }

            foreach (var url in server.Urls)
            {
                if (Parse(url).IsTurn && (string.IsNullOrEmpty(server.Username) || string.IsNullOrEmpty(server.Credential)))
                {
                    throw new ArgumentException($"TURN server '{url}' needs a username and a credential (RFC 8489 section 9.2).", nameof(servers));
                }
            }
        }
    }

    /// <summary>
    /// Resolves the servers: STUN endpoints, TURN servers with their credentials, and for every TURN URI this stack cannot
    /// use or resolve a sentence for the status. An unresolvable server costs its candidates, nothing more (RFC 8445 section 5.1.1.2).
    /// </summary>
    public static async Task<(IReadOnlyList<IPEndPoint> Stun, IReadOnlyList<TurnServer> Turn, IReadOnlyList<string> Problems)> ResolveAsync(IEnumerable<RtcIceServer> servers, CancellationToken cancellationToken)
    {
        var stun = new List<IPEndPoint>();
        var turn = new List<TurnServer>();
        var problems = new List<string>();
        foreach (var server in servers)
        {
            foreach (var url in server.Urls)
            {
                var address = Parse(url);
                if (address.Unsupported is { } reason)
                {
                    problems.Add($"{url}: {reason}");
                    continue;
                }

                var endPoints = await ResolveHostAsync(address, cancellationToken).ConfigureAwait(false);
                if (endPoints.Count == 0)
                {
                    problems.Add($"{url}: the host name did not resolve");
                }

                if (address.IsTurn)
                {
                    turn.AddRange(endPoints.Select(e => new TurnServer(e, new TurnCredentials(server.Username!, server.Credential!), OverTcp: address.Transport == "tcp")));
                }
                else
                {
                    stun.AddRange(endPoints);
                }
            }
        }

        return (stun, turn, problems);
    }

    private static async Task<List<IPEndPoint>> ResolveHostAsync(IceServerAddress address, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(address.Host, out var literal))
        {
            return [new IPEndPoint(literal, address.Port)];
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(address.Host, cancellationToken).ConfigureAwait(false);
            return [.. addresses.Where(a => a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6).GroupBy(a => a.AddressFamily).Select(g => new IPEndPoint(g.First(), address.Port))];
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private static int ParsePort(string text, string uri)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65_535
            ? port
            : throw new ArgumentException($"'{uri}' has a bad port.", nameof(uri));
}
