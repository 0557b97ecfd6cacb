using System.Globalization;
using System.Text;
using P2PClinic.WebRtc.Dtls;
using P2PClinic.WebRtc.Ice;

namespace P2PClinic.WebRtc.Sdp;

/// <summary>
/// What a WebRTC session description says about its one data-channel media section
/// (<c>m=application 9 UDP/DTLS/SCTP webrtc-datachannel</c>, RFC 8841 section 4): ICE credentials and candidates
/// (RFC 8839), the DTLS fingerprint and setup role (RFC 8842), the SCTP port and maximum message size (RFC 8841).
/// Other media sections are ignored; session-level ICE and DTLS attributes apply when the media section has none.
/// </summary>
internal sealed record SdpDataChannelDescription
{
    /// <summary>RFC 8841 section 6: without a=max-message-size the peer is assumed to accept 64 KiB.</summary>
    public const int DefaultMaxMessageSize = 65_536;

    public required string IceUfrag { get; init; }

    public required string IcePwd { get; init; }

    public bool IceLite { get; init; }

    public required DtlsFingerprint Fingerprint { get; init; }

    public required DtlsSetupRole Setup { get; init; }

    public string Mid { get; init; } = "0";

    public ushort SctpPort { get; init; } = 5000;

    /// <summary>0 means "any size" (RFC 8841 section 6).</summary>
    public int MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    public IReadOnlyList<IceCandidate> Candidates { get; init; } = [];

    public bool EndOfCandidates { get; init; }

    public ulong SessionId { get; init; }

    /// <summary>Writes a complete session description with one bundled application section (JSEP, RFC 8829 section 5.2).</summary>
    public string Write()
    {
        var sdp = new StringBuilder();
        void Line(string text) => sdp.Append(text).Append("\r\n");

        Line("v=0");
        Line(string.Create(CultureInfo.InvariantCulture, $"o=- {SessionId} 2 IN IP4 127.0.0.1"));
        Line("s=-");
        Line("t=0 0");
        Line(string.Create(CultureInfo.InvariantCulture, $"a=group:BUNDLE {Mid}"));
        Line("a=msid-semantic: WMS");
        Line("m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
        Line("c=IN IP4 0.0.0.0");
        foreach (var candidate in Candidates)
        {
            Line("a=" + candidate.ToSdpAttribute());
        }

        if (EndOfCandidates)
        {
            Line("a=end-of-candidates");
        }

        Line("a=ice-ufrag:" + IceUfrag);
        Line("a=ice-pwd:" + IcePwd);
        Line("a=ice-options:trickle");
        Line("a=fingerprint:" + Fingerprint);
        Line("a=setup:" + Setup switch { DtlsSetupRole.ActPass => "actpass", DtlsSetupRole.Active => "active", _ => "passive" });
        Line("a=mid:" + Mid);
        Line(string.Create(CultureInfo.InvariantCulture, $"a=sctp-port:{SctpPort}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"a=max-message-size:{MaxMessageSize}"));
        return sdp.ToString();
    }

    /// <summary>Parses an SDP text; throws <see cref="RtcSdpException"/> naming what is wrong or missing.</summary>
    public static SdpDataChannelDescription Parse(string sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        if (sdp.Length > 64 * 1024)
        {
            throw new RtcSdpException("The session description is larger than 64 KiB.");
        }

        string? sessionUfrag = null, sessionPwd = null, mediaUfrag = null, mediaPwd = null;
        DtlsFingerprint? sessionFingerprint = null, mediaFingerprint = null;
        DtlsSetupRole? sessionSetup = null, mediaSetup = null;
        var iceLite = false;
        var endOfCandidates = false;
        string? mid = null;
        ushort? sctpPort = null;
        int? maxMessageSize = null;
        var candidates = new List<IceCandidate>();
        ulong sessionId = 0;

        // 0: session level, 1: inside the chosen application section, 2: inside another section.
        var section = 0;
        var foundApplication = false;
        var sawVersion = false;
        var lineNumber = 0;
        foreach (var rawLine in sdp.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=')
            {
                throw new RtcSdpException($"Line {lineNumber} is not '<type>=<value>' (RFC 8866 section 5).");
            }

            var value = line[2..];
            switch (line[0])
            {
                case 'v':
                    sawVersion = value == "0" ? true : throw new RtcSdpException($"Unsupported SDP version '{value}'.");
                    break;
                case 'o':
                    var origin = value.Split(' ');
                    if (origin.Length >= 2)
                    {
                        _ = ulong.TryParse(origin[1], NumberStyles.None, CultureInfo.InvariantCulture, out sessionId);
                    }

                    break;
                case 'm':
                    if (foundApplication)
                    {
                        section = 2;
                        break;
                    }

                    var media = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (media.Length >= 3 && media[0] == "application" && media[2].EndsWith("DTLS/SCTP", StringComparison.Ordinal))
                    {
                        if (media[1] == "0")
                        {
                            throw new RtcSdpException("The data-channel media section was rejected (port 0).");
                        }

                        foundApplication = true;
                        section = 1;

                        // The legacy form "m=application 9 DTLS/SCTP 5000" carries the SCTP port as its format.
                        if (media[2] == "DTLS/SCTP" && media.Length >= 4 && ushort.TryParse(media[3], NumberStyles.None, CultureInfo.InvariantCulture, out var legacyPort))
                        {
                            sctpPort = legacyPort;
                        }
                    }
                    else
                    {
                        section = 2;
                    }

                    break;
                case 'a':
                    if (section == 2)
                    {
                        break;
                    }

                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    var name = colon < 0 ? value : value[..colon];
                    var argument = colon < 0 ? string.Empty : value[(colon + 1)..].Trim();
                    var media1 = section == 1;
                    switch (name)
                    {
                        case "ice-ufrag":
                            CheckIceChars(argument, 4, 256, "ice-ufrag");
                            if (media1) { mediaUfrag = argument; } else { sessionUfrag = argument; }
                            break;
                        case "ice-pwd":
                            CheckIceChars(argument, 22, 256, "ice-pwd");
                            if (media1) { mediaPwd = argument; } else { sessionPwd = argument; }
                            break;
                        case "ice-lite":
                            iceLite = true;
                            break;
                        case "fingerprint":
                            // Several fingerprints may be listed (RFC 8122 section 5); we use the sha-256 one.
                            if (DtlsFingerprint.TryParse(argument, out var fingerprint))
                            {
                                if (media1) { mediaFingerprint ??= fingerprint; } else { sessionFingerprint ??= fingerprint; }
                            }
                            else if (argument.StartsWith("sha-256", StringComparison.OrdinalIgnoreCase))
                            {
                                throw new RtcSdpException($"Malformed sha-256 fingerprint '{argument}'.");
                            }

                            break;
                        case "setup":
                            DtlsSetupRole role = argument switch
                            {
                                "actpass" => DtlsSetupRole.ActPass,
                                "active" => DtlsSetupRole.Active,
                                "passive" => DtlsSetupRole.Passive,
                                _ => throw new RtcSdpException($"Unsupported a=setup value '{argument}' (RFC 8842 section 5)."),
                            };
                            if (media1) { mediaSetup = role; } else { sessionSetup = role; }
                            break;
                        case "mid" when media1:
                            mid = argument.Length is > 0 and <= 32 ? argument : throw new RtcSdpException("a=mid must be 1 to 32 characters.");
                            break;
                        case "sctp-port" when media1:
                            sctpPort = ushort.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0
                                ? port
                                : throw new RtcSdpException($"Bad a=sctp-port '{argument}'.");
                            break;
                        case "sctpmap" when media1:
                            // Legacy "a=sctpmap:5000 webrtc-datachannel 1024".
                            var mapParts = argument.Split(' ');
                            if (ushort.TryParse(mapParts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var mappedPort))
                            {
                                sctpPort ??= mappedPort;
                            }

                            break;
                        case "max-message-size" when media1:
                            maxMessageSize = int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                                ? size
                                : long.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                                    ? int.MaxValue
                                    : throw new RtcSdpException($"Bad a=max-message-size '{argument}'.");
                            break;
                        case "candidate" when media1:
                            // Unusable candidates (TCP, mDNS names) are skipped; the rest of the description still counts.
                            if (IceCandidate.TryParse(value, out var candidate, out _, out _) && candidate!.Component == IceCandidate.DataComponent)
                            {
                                candidates.Add(candidate);
                            }

                            break;
                        case "end-of-candidates":
                            endOfCandidates = true;
                            break;
                    }

                    break;
            }
        }

        if (!sawVersion)
        {
            throw new RtcSdpException("The session description has no 'v=0' line.");
        }

        if (!foundApplication)
        {
            throw new RtcSdpException("The session description has no 'm=application ... UDP/DTLS/SCTP webrtc-datachannel' section.");
        }

        return new SdpDataChannelDescription
        {
            IceUfrag = mediaUfrag ?? sessionUfrag ?? throw new RtcSdpException("a=ice-ufrag is missing."),
            IcePwd = mediaPwd ?? sessionPwd ?? throw new RtcSdpException("a=ice-pwd is missing."),
            IceLite = iceLite,
            Fingerprint = mediaFingerprint ?? sessionFingerprint ?? throw new RtcSdpException("a=fingerprint with sha-256 is missing."),
            Setup = mediaSetup ?? sessionSetup ?? DtlsSetupRole.ActPass,
            Mid = mid ?? "0",
            SctpPort = sctpPort ?? 5000,
            MaxMessageSize = maxMessageSize ?? DefaultMaxMessageSize,
            Candidates = candidates,
            EndOfCandidates = endOfCandidates,
            SessionId = sessionId,
        };
    }

    /// <summary>RFC 8839 section 5.4: ice-char is ALPHA / DIGIT / "+" / "/".</summary>
    private static void CheckIceChars(string value, int min, int max, string attribute)
    {
        if (value.Length < min || value.Length > max)
        {
            throw new RtcSdpException($"a={attribute} must be {min} to {max} characters (RFC 8839 section 5.4).");
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                throw new RtcSdpException($"a={attribute} contains '{c}', which is not an ice-char (RFC 8839 section 5.4).");
            }
        }
    }
}
