using System.Net;
using Microsoft.Extensions.Options;

namespace P2PClinic.Signaling.Internal.Hosting;

/// <summary>
/// Refuses to start when the server would listen with plain HTTP on anything but loopback: the share codes and
/// tokens it carries would cross the network in clear. Runs as a hosted service, which starts before Kestrel binds.
/// </summary>
internal sealed class PlainHttpGuard(IConfiguration configuration, IOptions<SignalingOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.AllowPlainHttpOnAnyAddress && FindExposedPlainHttp(configuration) is { } exposed)
        {
            throw new InvalidOperationException(
                $"Refusing to serve plain HTTP on a non-loopback address ({exposed}). Listen on 127.0.0.1/[::1] only, "
                + "configure an HTTPS endpoint with a certificate (Kestrel:Endpoints:Https:Url and :Certificate:Path/:KeyPath), "
                + "or, behind a TLS-terminating proxy, set Signaling:AllowPlainHttpOnAnyAddress=true.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The first plain-HTTP listen address that is not loopback, among every place ASP.NET Core reads them from.</summary>
    internal static string? FindExposedPlainHttp(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["http_ports"]))
        {
            return "http_ports=" + configuration["http_ports"];
        }

        var urls = (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls.FirstOrDefault(url => IsPlainHttp(url) && !IsLoopback(url));
    }

    private static bool IsPlainHttp(string url) => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static bool IsLoopback(string url)
    {
        // Kestrel accepts hosts Uri rejects ("*", "+"); cut the host out by hand.
        var rest = url["http://".Length..];
        var end = rest.IndexOfAny(['/', '?']);
        var authority = end < 0 ? rest : rest[..end];
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? authority : authority[1..close];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
