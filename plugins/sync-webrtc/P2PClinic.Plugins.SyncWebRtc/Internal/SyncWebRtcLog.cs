using Microsoft.Extensions.Logging;

namespace P2PClinic.Plugins.SyncWebRtc.Internal;

/// <summary>Everything the transport logs, with stable event ids. Room ids, SDP and fingerprints are never logged; room tokens and peer ids are.</summary>
internal static partial class SyncWebRtcLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The WebRTC transport is not usable: {Problem}")]
    public static partial void NotConfigured(ILogger logger, string problem);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Joined room {RoomToken} as peer {PeerId}")]
    public static partial void Joined(ILogger logger, string roomToken, string peerId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Left room {RoomToken} (peer {PeerId})")]
    public static partial void Left(ILogger logger, string roomToken, string peerId);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Signaling call failed in room {RoomToken}: {Problem}")]
    public static partial void SignalingFailed(ILogger logger, string roomToken, string problem);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Peer {PeerId} joined room {RoomToken}")]
    public static partial void PeerJoined(ILogger logger, string roomToken, string peerId);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Peer {PeerId} left room {RoomToken}")]
    public static partial void PeerLeft(ILogger logger, string roomToken, string peerId);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Link to peer {PeerId} established in room {RoomToken}: {Path}")]
    public static partial void LinkEstablished(ILogger logger, string roomToken, string peerId, string path);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "An ICE server gave no candidates in room {RoomToken}: {Problem}; links use the other paths")]
    public static partial void IceServerProblem(ILogger logger, string roomToken, string problem);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Link to peer {PeerId} lost in room {RoomToken}: {Closure}")]
    public static partial void LinkLost(ILogger logger, string roomToken, string peerId, string closure);

    [LoggerMessage(EventId = 32, Level = LogLevel.Debug, Message = "Connecting to peer {PeerId} in room {RoomToken} failed: {Problem}; next try in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string roomToken, string peerId, string problem, TimeSpan delay);

    [LoggerMessage(EventId = 33, Level = LogLevel.Debug, Message = "Answering peer {PeerId} in room {RoomToken} failed: {Problem}")]
    public static partial void AnswerFailed(ILogger logger, string roomToken, string peerId, string problem);

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Dropped a signal in room {RoomToken} claiming to be from {PeerId}: {Reason}")]
    public static partial void SignalRejected(ILogger logger, string roomToken, string peerId, string reason);

    [LoggerMessage(EventId = 41, Level = LogLevel.Debug, Message = "Ignored a signal from peer {PeerId} in room {RoomToken}: {Reason}")]
    public static partial void SignalIgnored(ILogger logger, string roomToken, string peerId, string reason);

    [LoggerMessage(EventId = 50, Level = LogLevel.Warning, Message = "The stored DTLS certificate could not be used ({Problem}); a new one was created")]
    public static partial void CertificateReplaced(ILogger logger, string problem);
}
