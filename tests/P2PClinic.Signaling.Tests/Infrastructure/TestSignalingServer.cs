using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P2PClinic.Signaling.Internal.Storage;
using P2PClinic.Testing;

namespace P2PClinic.Signaling.Tests.Infrastructure;

/// <summary>The real signaling server on Kestrel, on a free 127.0.0.1 port, in this process, with a client for it.</summary>
internal sealed class TestSignalingServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly BodyReads bodyReads;

    private TestSignalingServer(WebApplication app, Uri address, BodyReads bodyReads)
    {
        this.app = app;
        this.bodyReads = bodyReads;
        Address = address;
        Client = new SignalingClient(new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) });
    }

    public Uri Address { get; }

    public SignalingClient Client { get; }

    public IRendezvousStore Store => app.Services.GetRequiredService<IRendezvousStore>();

    /// <summary>Settings every test server starts with: budgets large enough that only rate-limit tests meet them.</summary>
    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["Signaling:RateLimits:ShareCodeCreate:PermitLimit"] = "100000",
        ["Signaling:RateLimits:ShareCodeClaim:PermitLimit"] = "100000",
        ["Signaling:RateLimits:Presence:PermitLimit"] = "100000",
        ["Signaling:RateLimits:Mailbox:PermitLimit"] = "100000",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static async Task<TestSignalingServer> StartAsync(
        IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null, ILoggerProvider? logs = null,
        string urls = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddSignaling();
        var app = builder.Build();
        var bodyReads = new BodyReads();
        app.Use((http, next) =>
        {
            http.Request.Body = new ObservedBody(http.Request.Body, bodyReads.Started);
            return next(http);
        });
        app.MapSignaling();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestSignalingServer(app, new Uri(address), bodyReads);
    }

    /// <summary>Waits until endpoints have started reading this many request bodies (since the server started).</summary>
    public Task WaitForBodyReadsAsync(int count) => Eventually.WaitUntilAsync(() => bodyReads.Count >= count, $"{count} request bodies read", TimeSpan.FromSeconds(30));

    /// <summary>Waits (up to 30 s) until this many long polls are parked.</summary>
    public Task WaitForParkedPollsAsync(int count) => Eventually.WaitUntilAsync(() => Store.WaitingPolls >= count, $"{count} parked long polls", TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class BodyReads
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void Started() => Interlocked.Increment(ref count);
    }
}
