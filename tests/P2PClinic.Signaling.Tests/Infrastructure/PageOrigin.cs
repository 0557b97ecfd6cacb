using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace P2PClinic.Signaling.Tests.Infrastructure;

/// <summary>
/// A web server on its own 127.0.0.1 port serving one empty page: a different origin from the signaling server's,
/// as a browser app served from anywhere would be.
/// </summary>
internal sealed class PageOrigin : IAsyncDisposable
{
    private readonly WebApplication app;

    private PageOrigin(WebApplication app, string origin)
    {
        this.app = app;
        Origin = origin;
    }

    /// <summary>The page's origin, as the browser will send it in <c>Origin</c>: <c>http://127.0.0.1:port</c>.</summary>
    public string Origin { get; }

    public static async Task<PageOrigin> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => Results.Content("<!doctype html><title>browser peer</title>", "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PageOrigin(app, new Uri(address).GetLeftPart(UriPartial.Authority));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
