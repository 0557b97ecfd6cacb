using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using P2PClinic.Web.Components;
using P2PClinic.Web.Node;
using P2PClinic.Web.Sessions;
using Radzen;

namespace P2PClinic.Web.Hosting;

/// <summary>The web app's registration and pipeline; <c>Program.cs</c> is these calls.</summary>
public static class WebApplicationSetup
{
    /// <summary>The line prefix printed once the web app serves, followed by its address (the launcher and tests wait for it).</summary>
    public const string ListeningMarker = "P2PCLINIC-WEB-LISTENING";

    /// <summary>Command-line switches, named like the CLI's, mapped to configuration keys.</summary>
    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--node"] = "Node:Address",
        ["--data-dir"] = "Node:DataDirectory",
        ["--listen"] = "Web:Listen",
        ["--allow-remote"] = "Web:AllowRemote",
    };

    /// <summary>Builds the web app from its command line.</summary>
    /// <exception cref="ArgumentException">The listen address is not loopback and remote access was not allowed, or is not a URL.</exception>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, Switches);
        var web = builder.Configuration.GetSection(WebHostOptions.SectionName).Get<WebHostOptions>() ?? new WebHostOptions();
        builder.WebHost.UseUrls(CheckedListenAddress(web));

        // Serves Radzen's and the app's static files from the build output too (dotnet run, the launcher), not only
        // from a publish folder; without a build manifest (published) this does nothing.
        builder.WebHost.UseStaticWebAssets();

        builder.Services.Configure<WebNodeOptions>(builder.Configuration.GetSection(WebNodeOptions.SectionName));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<NodeApi>();
        builder.Services.AddSingleton<NodeLink>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeLink>());
        builder.Services.AddScoped<OrgSession>();
        builder.Services.AddScoped<ReminderFeed>();
        builder.Services.AddScoped<BrowserTime>();
        builder.Services.AddRadzenComponents();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(o => o.DetailedErrors = builder.Environment.IsDevelopment());

        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Console.Out.WriteLine($"{ListeningMarker} {addresses.FirstOrDefault()}");
            Console.Out.Flush();
        });
        return app;
    }

    /// <summary>The listen address, refused unless it is loopback or remote access was allowed.</summary>
    internal static string CheckedListenAddress(WebHostOptions web)
    {
        ArgumentNullException.ThrowIfNull(web);
        if (!Uri.TryCreate(web.Listen, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--listen: '{web.Listen}' is not an http:// or https:// address");
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        if (!loopback && !web.AllowRemote)
        {
            throw new ArgumentException(
                $"--listen: {uri.Host} is not a loopback address; the web app shows the node's data to whoever reaches it. Add --allow-remote true to do it anyway (behind TLS and authentication).");
        }

        return web.Listen;
    }
}
