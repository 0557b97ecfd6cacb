using System.Net;

namespace P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

/// <summary>
/// A signaling call failed: the server did not answer (<see cref="Status"/> is null), or answered with an error whose
/// RFC 9457 problem <see cref="ProblemType"/> says what (docs/protocol.md, "Errors").
/// </summary>
internal sealed class SignalingException : Exception
{
    public const string PeerNotPresent = "urn:p2pclinic:signaling:peer-not-present";
    public const string RoomFull = "urn:p2pclinic:signaling:room-full";
    public const string MailboxFull = "urn:p2pclinic:signaling:mailbox-full";
    public const string RateLimited = "urn:p2pclinic:signaling:rate-limited";

    public SignalingException(string message, HttpStatusCode? status = null, string? problemType = null, Exception? innerException = null, TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        Status = status;
        ProblemType = problemType;
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked us to wait (<c>Retry-After</c> on 429 and 503), if it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The HTTP status, or null when no answer came (refused, timed out, not HTTP).</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The problem's <c>type</c>; branch on it, never on the message.</summary>
    public string? ProblemType { get; }

    public bool IsUnreachable => Status is null;
}
