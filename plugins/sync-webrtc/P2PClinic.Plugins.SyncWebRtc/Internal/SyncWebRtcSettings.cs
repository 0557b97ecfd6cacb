using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using P2PClinic.WebRtc;

namespace P2PClinic.Plugins.SyncWebRtc.Internal;

/// <summary>
/// The plugin's configuration (<c>Plugins:p2pclinic.sync-webrtc</c>), read once at start. A missing or invalid value
/// does not stop the node: it is kept in <see cref="Problem"/>, logged, and every join fails with it.
/// </summary>
internal sealed record SyncWebRtcSettings
{
    /// <summary>The signaling server's base address (its <c>/v1</c> routes live under it). No default: nothing leaves the machine unless configured.</summary>
    public Uri? SignalingUrl { get; init; }

    /// <summary><c>stun:</c> and <c>turn:</c> servers for server-reflexive and relayed candidates; none by default.</summary>
    public IReadOnlyList<IceServerSetting> IceServers { get; init; } = [];

    /// <summary><c>relay</c>: use only TURN-relayed candidates, so other members never learn this node's addresses.</summary>
    public RtcIceTransportPolicy IceTransportPolicy { get; init; } = RtcIceTransportPolicy.All;

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
            IceTransportPolicy = ReadPolicy(section, problems),
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

    /// <summary>
    /// Each entry is a URI (<c>IceServers:0 = stun:host</c>) or a section: <c>Urls</c> (one URI or a list),
    /// <c>Username</c>, and <c>Credential</c> or <c>SharedSecret</c> (TURN).
    /// </summary>
    private static List<IceServerSetting> ReadIceServers(IConfiguration section, List<string> problems)
    {
        var servers = new List<IceServerSetting>();
        foreach (var child in section.GetSection(nameof(IceServers)).GetChildren())
        {
            var urls = child.Value is { } single
                ? [single.Trim()]
                : child["Urls"] is { } one ? [one.Trim()] : child.GetSection("Urls").GetChildren().Select(u => u.Value?.Trim()).OfType<string>().ToList();
            urls = urls.Where(u => u.Length > 0).ToList();
            if (urls.Count == 0)
            {
                if (child.Value is null)
                {
                    problems.Add($"{nameof(IceServers)}:{child.Key} has no Urls");
                }

                continue;
            }

            var setting = new IceServerSetting(urls, Blank(child["Username"]), Blank(child["Credential"]), Blank(child["SharedSecret"]));
            if (setting.Credential is not null && setting.SharedSecret is not null)
            {
                problems.Add($"{nameof(IceServers)}:{child.Key} has both a Credential and a SharedSecret; give one");
                continue;
            }

            try
            {
                // A shared secret stands for the credential it derives; the derivation needs no clock to be checked.
                setting.ToRtcIceServer(DateTimeOffset.UnixEpoch).Validate();
            }
            catch (ArgumentException e)
            {
                problems.Add($"{nameof(IceServers)}:{child.Key} ({setting}): {e.Message}");
                continue;
            }

            servers.Add(setting);
        }

        return servers;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static RtcIceTransportPolicy ReadPolicy(IConfiguration section, List<string> problems)
    {
        var text = section[nameof(IceTransportPolicy)]?.Trim();
        switch (text?.ToLowerInvariant())
        {
            case null or "" or "all":
                return RtcIceTransportPolicy.All;
            case "relay":
                if (!section.GetSection(nameof(IceServers)).GetChildren().Any(c => (c.Value ?? c["Urls"] ?? string.Join(" ", c.GetSection("Urls").GetChildren().Select(u => u.Value))).Contains("turn", StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add($"{nameof(IceTransportPolicy)} 'relay' needs a turn: server in {nameof(IceServers)}");
                }

                return RtcIceTransportPolicy.Relay;
            default:
                problems.Add($"{nameof(IceTransportPolicy)} '{text}' is not 'all' or 'relay'");
                return RtcIceTransportPolicy.All;
        }
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
