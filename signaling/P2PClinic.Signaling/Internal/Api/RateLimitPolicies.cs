using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using P2PClinic.Signaling.Internal.Hosting;
using P2PClinic.Signaling.Internal.Model;

namespace P2PClinic.Signaling.Internal.Api;

/// <summary>
/// One fixed-window budget per kind of request and per client partition (see <see cref="ClientPartition"/>), so a
/// flood of polls cannot starve claims and guessing codes costs its own budget. Rejections are 429 with Retry-After.
/// </summary>
internal static class RateLimitPolicies
{
    public const string ShareCodeCreate = "share-code-create";
    public const string ShareCodeClaim = "share-code-claim";
    public const string Presence = "presence";
    public const string Mailbox = "mailbox";

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        Add(limiter, ShareCodeCreate, budgets => budgets.ShareCodeCreate);
        Add(limiter, ShareCodeClaim, budgets => budgets.ShareCodeClaim);
        Add(limiter, Presence, budgets => budgets.Presence);
        Add(limiter, Mailbox, budgets => budgets.Mailbox);
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var http = context.HttpContext;
            var client = ClientPartition.Of(http.Connection.RemoteIpAddress);
            var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "unknown";
            SignalingLog.RateLimited(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("P2PClinic.Signaling"), client, policy);
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            var problem = Problems.TooManyRequests(
                http, retryAfter, Problems.RateLimited, $"This client has used up its '{policy}' request budget; retry after the Retry-After header's seconds.");
            await problem.ExecuteAsync(http);
        };
    }

    private static void Add(RateLimiterOptions limiter, string name, Func<SignalingRateLimitOptions, RequestBudget> budgetOf) =>
        limiter.AddPolicy(name, http =>
        {
            var budget = budgetOf(http.RequestServices.GetRequiredService<IOptions<SignalingOptions>>().Value.RateLimits);
            return RateLimitPartition.GetFixedWindowLimiter(
                ClientPartition.Of(http.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = budget.PermitLimit,
                    Window = budget.Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
        });
}
