using System.Globalization;

namespace P2PClinic.Signaling.Internal.Api;

/// <summary>
/// Every error the API returns: an RFC 9457 problem details body whose <c>type</c> is one of the URNs below
/// (listed in docs/protocol.md), so clients branch on the type rather than on the wording.
/// </summary>
internal static class Problems
{
    public const string TypePrefix = "urn:p2pclinic:signaling:";
    public const string InvalidField = TypePrefix + "invalid-field";
    public const string InvalidBody = TypePrefix + "invalid-body";
    public const string BodyTooLarge = TypePrefix + "body-too-large";
    public const string BodyTimeout = TypePrefix + "body-timeout";
    public const string UriTooLong = TypePrefix + "uri-too-long";
    public const string HeadersTooLarge = TypePrefix + "headers-too-large";
    public const string UnsupportedMediaType = TypePrefix + "unsupported-media-type";
    public const string ShareCodeNotFound = TypePrefix + "share-code-not-found";
    public const string ShareCodeTaken = TypePrefix + "share-code-taken";
    public const string ClaimsLockedOut = TypePrefix + "claims-locked-out";
    public const string RateLimited = TypePrefix + "rate-limited";
    public const string RoomFull = TypePrefix + "room-full";
    public const string PeerNotPresent = TypePrefix + "peer-not-present";
    public const string MailboxFull = TypePrefix + "mailbox-full";
    public const string StoreUnavailable = TypePrefix + "store-unavailable";

    public static IResult Field(string field, string message) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            detail: $"The field '{field}' is invalid: {message}",
            title: "A field of the request is invalid.",
            type: InvalidField);

    public static IResult Of(int status, string type, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: type);

    /// <summary>A 429 with Retry-After (RFC 9110 section 10.2.3, whole seconds, at least one).</summary>
    public static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string type, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        return Of(StatusCodes.Status429TooManyRequests, type, "Too many requests.", detail);
    }

    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
