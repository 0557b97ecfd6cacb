using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace P2PClinic.Signaling.Internal.Api;

/// <summary>
/// CORS for <c>/v1</c>, so a browser tab can be a peer: the origins the operator lists (none by default), the methods
/// and the one request header the protocol uses, and the response headers a client must read. No credentials: the
/// API has no cookies or authentication, and leaving them out keeps <c>*</c> from meaning more than "any page".
/// </summary>
internal static class CorsPolicies
{
    public const string Api = "signaling-api";

    /// <summary>The wildcard an operator writes to allow every origin.</summary>
    public const string AnyOrigin = "*";

    /// <summary>The request methods of the v1 API.</summary>
    public static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE"];

    /// <summary>
    /// Response headers a page may read besides the safelisted ones (Fetch standard, CORS-safelisted response header
    /// names): re-announce timing reads the server's <c>Date</c>, back-off reads <c>Retry-After</c>.
    /// </summary>
    public static readonly string[] ExposedHeaders = [HeaderNames.Date, HeaderNames.RetryAfter];

    public static void Add(CorsOptions cors, SignalingCorsOptions options)
    {
        cors.AddPolicy(Api, policy =>
        {
            if (options.AllowedOrigins is [AnyOrigin])
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(options.AllowedOrigins);
            }

            // Content-Type: application/json is not a CORS-safelisted request header value, so bodies are preflighted.
            policy.WithMethods(Methods)
                .WithHeaders(HeaderNames.ContentType)
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(options.MaxAge);
        });
    }

    /// <summary>Whether the configured origins are usable: <c>*</c> alone, or each a bare <c>http(s)://host[:port]</c>.</summary>
    public static bool AreValid(SignalingCorsOptions options) =>
        options.MaxAge >= TimeSpan.Zero && options.MaxAge <= SignalingCorsOptions.MaxMaxAge
        && (options.AllowedOrigins is [AnyOrigin] || options.AllowedOrigins.All(IsOrigin));

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.UserInfo)
        // An origin is scheme, host and port only, exactly as the browser serialises it in the Origin header.
        && string.Equals(origin, uri.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
}
