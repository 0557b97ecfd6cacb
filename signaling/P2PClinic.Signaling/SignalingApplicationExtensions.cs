using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using P2PClinic.Signaling.Internal.Api;
using P2PClinic.Signaling.Internal.Hosting;
using P2PClinic.Signaling.Internal.Storage;

namespace P2PClinic.Signaling;

/// <summary>Registers and maps the signaling server; <c>Program.cs</c> is these two calls.</summary>
public static class SignalingApplicationExtensions
{
    /// <summary>Where the server listens when nothing is configured: loopback only (Kestrel's own default is localhost:5000).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The largest request body Kestrel accepts at all; each endpoint enforces its own, smaller limit.</summary>
    private const long MaxRequestBodyBytes = 64 * 1024;

    /// <summary>How long a body may start slowly before <see cref="SignalingOptions.MinBodyBytesPerSecond"/> applies.</summary>
    private static readonly TimeSpan MinBodyRateGracePeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Adds the signaling server's services, bound from the <c>Signaling</c> configuration section: the store chosen by
    /// <c>Signaling:Store</c>, rate limits, problem details, health checks and request limits.
    /// </summary>
    public static WebApplicationBuilder AddSignaling(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var section = builder.Configuration.GetSection(SignalingOptions.SectionName);
        services.AddOptions<SignalingOptions>()
            .Bind(section)
            .Validate(Validate, "Signaling options are out of range: TTLs and limits must be positive, the poll wait at most 5 minutes, the body read timeout at most 1 minute, the Redis key prefix without braces.")
            .Validate(
                o => CorsPolicies.AreValid(o.Cors),
                "Signaling:Cors:AllowedOrigins must be '*' alone, or origins written as browsers send them (scheme, lower-case host, "
                + "a port only when not the scheme's default, no path or trailing slash: 'https://app.example.org', 'http://127.0.0.1:8080'); "
                + "Signaling:Cors:MaxAge at most 02:00:00.")
            .ValidateOnStart();

        // Not in appsettings.json: a file there would override ASPNETCORE_URLS, which containers rely on.
        if (!HasListenAddresses(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<PlainHttpGuard>();

        // The store kind decides which services exist, so it is read now rather than at first use.
        var store = section.GetValue(nameof(SignalingOptions.Store), SignalingStoreKind.Memory);
        if (store == SignalingStoreKind.Redis)
        {
            services.AddSingleton<RedisRendezvousStore>();
            services.AddSingleton<IRendezvousStore>(sp => sp.GetRequiredService<RedisRendezvousStore>());
            services.AddHostedService<RedisStoreConnector>();
        }
        else
        {
            services.AddSingleton<IRendezvousStore, InMemoryRendezvousStore>();
        }

        services.AddSingleton<MailboxLongPoll>();
        services.AddRateLimiter(RateLimitPolicies.Configure);
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<SignalingOptions>>((cors, signaling) => CorsPolicies.Add(cors, signaling.Value.Cors));
        services.AddProblemDetails();
        services.AddExceptionHandler<SignalingExceptionHandler>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SignalingJsonContext.Default));
        var minBodyRate = section.GetValue(nameof(SignalingOptions.MinBodyBytesPerSecond), new SignalingOptions().MinBodyBytesPerSecond);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            // Past these Kestrel answers a bare 414 or 431; below them RequestHeadLimits answers with a problem body.
            kestrel.Limits.MaxRequestLineSize = RequestHeadLimits.KestrelCeilingFactor * RequestHeadLimits.MaxTargetBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestHeadLimits.KestrelCeilingFactor * RequestHeadLimits.MaxHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = RequestHeadLimits.KestrelCeilingFactor * RequestHeadLimits.MaxHeaderCount;
            // A body must keep coming at this rate once its grace period is over; the endpoints' own deadline
            // (Signaling:BodyReadTimeout) bounds the whole body however it trickles.
            kestrel.Limits.MinRequestBodyDataRate = minBodyRate > 0 ? new MinDataRate(minBodyRate, MinBodyRateGracePeriod) : null;
        });
        return builder;
    }

    /// <summary>Maps the v1 API under <c>/v1</c> (with CORS for the configured origins) and the health endpoint <c>/healthz</c>.</summary>
    public static WebApplication MapSignaling(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // First, so that every /v1 answer carries the CORS headers, errors included (they are added as the response
        // starts), and a preflight is answered here even for a route that has no OPTIONS method.
        app.UseWhen(http => http.Request.Path.StartsWithSegments(SignalingEndpoints.Prefix, StringComparison.Ordinal), api => api.UseCors(CorsPolicies.Api));
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(RequestHeadLimits.CheckAsync);
        app.UseRateLimiter();
        app.MapHealthChecks("/healthz");
        SignalingEndpoints.Map(app);
        var options = app.Services.GetRequiredService<IOptions<SignalingOptions>>().Value;
        SignalingLog.StoreSelected(app.Logger, options.Store);
        return app;
    }

    private static bool HasListenAddresses(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["urls"])
        || !string.IsNullOrWhiteSpace(configuration["http_ports"])
        || !string.IsNullOrWhiteSpace(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();

    private static bool Validate(SignalingOptions o) =>
        o.ShareCodeTtl > TimeSpan.Zero && o.PresenceTtl > TimeSpan.Zero
        && o.MaxPollWait >= TimeSpan.Zero && o.MaxPollWait <= TimeSpan.FromMinutes(5)
        && o.MaxInvitePayloadBytes is > 0 and <= 16384 && o.MaxSignalBytes is > 0 and <= 32768
        && o.BodyReadTimeout > TimeSpan.Zero && o.BodyReadTimeout <= TimeSpan.FromMinutes(1) && o.MinBodyBytesPerSecond >= 0
        && o.MaxPeersPerRoom > 0 && o.MaxMailboxMessages > 0 && o.MaxFailedClaims > 0 && o.FailedClaimWindow > TimeSpan.Zero
        && new[] { o.RateLimits.ShareCodeCreate, o.RateLimits.ShareCodeClaim, o.RateLimits.Presence, o.RateLimits.Mailbox }
            .All(b => b.PermitLimit > 0 && b.Window > TimeSpan.Zero)
        && !o.Redis.KeyPrefix.Contains('{', StringComparison.Ordinal) && !o.Redis.KeyPrefix.Contains('}', StringComparison.Ordinal);
}
