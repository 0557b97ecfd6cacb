using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace P2PClinic.Plugins.SyncWebRtc.Internal;

/// <summary>
/// The plugin's configuration (<c>Plugins:p2pclinic.sync-webrtc</c>), read once at start. A missing or invalid value
/// does not stop the node: it is kept in <see cref="Problem"/>, logged, and every join fails with it.
/// </summary>
internal sealed record SyncWebRtcSettings
{
    /// <summary>The signaling server's base address (its <c>/v1</c> routes live under it). No default: nothing leaves the machine unless configured.</summary>
    public Uri? SignalingUrl { get; init; }

    /// <summary><c>stun:</c> servers for server-reflexive candidates; none by default.</summary>
    public IReadOnlyList<string> IceServers { get; init; } = [];

    /// <summary>Gather and accept only 127.0.0.1 candidates (tests).</summary>
    public bool LoopbackOnly { get; init; }

    /// <summary>
    /// How often the room's presence list is read: a peer whose presence lapsed is reported left within this. Joins
    /// are quicker (a joining peer knocks or offers at once). Every room of every node behind one address shares the
    /// server's presence budget (120 requests a minute by default), so keep this modest.
    /// </summary>
    public TimeSpan PresencePollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an offer waits for its answer before the offerer tries again (signals are best-effort).</summary>
    public TimeSpan SignalTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long ICE, DTLS and SCTP together may take once the answer is in.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Mean interval of ICE consent checks (RFC 7675).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Silence after which a link's path counts as disconnected (it may recover).</summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Silence after which consent expires and the link is lost.</summary>
    public TimeSpan FailedTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The first delay before re-establishing a lost link; it doubles per failed try.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between tries.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The plugin's own folder (the node's DTLS certificate is kept there).</summary>
    public string DataDirectory { get; init; } = "";

    /// <summary>Why the transport cannot be used, or null when it can.</summary>
    public string? Problem { get; init; }

    /// <summary>Reads the plugin's configuration section.</summary>
    public static SyncWebRtcSettings Read(IConfiguration section, string dataDirectory)
    {
        var problems = new List<string>();
        var defaults = new SyncWebRtcSettings();
        var settings = new SyncWebRtcSettings
        {
            DataDirectory = dataDirectory,
            SignalingUrl = ReadSignalingUrl(section, problems),
            IceServers = ReadIceServers(section, problems),
            LoopbackOnly = ReadBool(section, nameof(LoopbackOnly), problems),
            PresencePollInterval = ReadDuration(section, nameof(PresencePollInterval), defaults.PresencePollInterval, problems),
            SignalTimeout = ReadDuration(section, nameof(SignalTimeout), defaults.SignalTimeout, problems),
            ConnectTimeout = ReadDuration(section, nameof(ConnectTimeout), defaults.ConnectTimeout, problems),
            ConsentInterval = ReadDuration(section, nameof(ConsentInterval), defaults.ConsentInterval, problems),
            DisconnectedTimeout = ReadDuration(section, nameof(DisconnectedTimeout), defaults.DisconnectedTimeout, problems),
            FailedTimeout = ReadDuration(section, nameof(FailedTimeout), defaults.FailedTimeout, problems),
            ReconnectDelay = ReadDuration(section, nameof(ReconnectDelay), defaults.ReconnectDelay, problems),
            MaxReconnectDelay = ReadDuration(section, nameof(MaxReconnectDelay), defaults.MaxReconnectDelay, problems),
        };

        if (problems.Count == 0 && settings.MaxReconnectDelay < settings.ReconnectDelay)
        {
            problems.Add("MaxReconnectDelay must not be shorter than ReconnectDelay");
        }

        if (problems.Count == 0 && settings.DisconnectedTimeout >= settings.FailedTimeout)
        {
            problems.Add("DisconnectedTimeout must be shorter than FailedTimeout");
        }

        return problems.Count == 0 ? settings : settings with { Problem = string.Join("; ", problems) };
    }

    private static Uri? ReadSignalingUrl(IConfiguration section, List<string> problems)
    {
        var text = section[nameof(SignalingUrl)];
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"no signaling server is configured: set Plugins:p2pclinic.sync-webrtc:{nameof(SignalingUrl)} (e.g. https://signaling.example.org/)");
            return null;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"{nameof(SignalingUrl)} '{text}' is not an http(s) address");
            return null;
        }

        // Plain HTTP would show room tokens and peer ids to the network; the server accepts it only on loopback too.
        if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback && !(IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)))
        {
            problems.Add($"{nameof(SignalingUrl)} '{text}' must use https unless it is a loopback address");
            return null;
        }

        // Relative routes ("v1/rooms/...") resolve under the configured path only with a trailing slash.
        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url + "/");
    }

    private static List<string> ReadIceServers(IConfiguration section, List<string> problems)
    {
        var servers = new List<string>();
        foreach (var child in section.GetSection(nameof(IceServers)).GetChildren())
        {
            var value = child.Value?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            // RFC 7064 section 3.1: stun:host[:port]. TURN is not supported by the stack yet.
            if (!value.StartsWith("stun:", StringComparison.OrdinalIgnoreCase) || value.Length == "stun:".Length)
            {
                problems.Add($"{nameof(IceServers)} entry '{value}' is not a stun:host[:port] URI (TURN is not supported yet)");
                continue;
            }

            servers.Add(value);
        }

        return servers;
    }

    private static bool ReadBool(IConfiguration section, string key, List<string> problems)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (bool.TryParse(text.Trim(), out var value))
        {
            return value;
        }

        problems.Add($"{key} '{text}' is not true or false");
        return false;
    }

    private static TimeSpan ReadDuration(IConfiguration section, string key, TimeSpan fallback, List<string> problems)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        problems.Add($"{key} '{text}' is not a positive duration (hh:mm:ss)");
        return fallback;
    }
}
