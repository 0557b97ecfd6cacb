using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P2PClinic.Signaling.Internal.Storage;

namespace P2PClinic.Signaling.Tests.Infrastructure;

/// <summary>The real signaling server on Kestrel, on a free 127.0.0.1 port, in this process, with a client for it.</summary>
internal sealed class TestSignalingServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestSignalingServer(WebApplication app, Uri address)
    {
        this.app = app;
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
        return new TestSignalingServer(app, new Uri(address));
    }

    /// <summary>Waits (without a deadline of its own: the test's timeout bounds it) until this many long polls are parked.</summary>
    public async Task WaitForParkedPollsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Store.WaitingPolls < count)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
