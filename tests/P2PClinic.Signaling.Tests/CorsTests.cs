using System.Net;
using P2PClinic.Signaling.Tests.Infrastructure;

namespace P2PClinic.Signaling.Tests;

/// <summary>The CORS headers of <c>/v1</c>, header by header: what a browser is told it may do, and what not.</summary>
public sealed class CorsTests
{
    private const string PageOrigin = "http://127.0.0.1:8080";

    private static Task<TestSignalingServer> StartAsync(params string[] origins)
    {
        var settings = TestSignalingServer.DefaultSettings();
        for (var i = 0; i < origins.Length; i++)
        {
            settings[$"Signaling:Cors:AllowedOrigins:{i}"] = origins[i];
        }

        return TestSignalingServer.StartAsync(settings);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(TestSignalingServer server, string path, string method, string? origin = PageOrigin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await server.Client.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> GetWithOriginAsync(TestSignalingServer server, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", PageOrigin);
        return await server.Client.Http.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("POST")]
    public async Task Preflight_FromAListedOrigin_AllowsTheProtocolsMethodsAndContentType_ForTenMinutes(string method)
    {
        await using var server = await StartAsync(PageOrigin);

        using var response = await PreflightAsync(server, $"/v1/rooms/{Ids.Room()}/peers/{Ids.Peer()}", method);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(PageOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(["DELETE", "GET", "POST", "PUT"], Header(response, "Access-Control-Allow-Methods")!.Split(',').Order());
        Assert.Equal("content-type", Header(response, "Access-Control-Allow-Headers")?.ToLowerInvariant());
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Response_ToAListedOrigin_ExposesDateAndRetryAfter()
    {
        await using var server = await StartAsync(PageOrigin);

        using var response = await GetWithOriginAsync(server, $"/v1/rooms/{Ids.Room()}/peers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PageOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(["Date", "Retry-After"], Header(response, "Access-Control-Expose-Headers")!.Split(',').Order());
    }

    [Fact]
    public async Task ErrorAnswers_CarryTheCorsHeadersToo()
    {
        await using var server = await StartAsync(PageOrigin);

        using var response = await GetWithOriginAsync(server, $"/v1/rooms/not-a-room/peers");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(PageOrigin, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ByDefault_NoOriginIsAllowed()
    {
        await using var server = await StartAsync();

        using var preflight = await PreflightAsync(server, $"/v1/rooms/{Ids.Room()}/peers/{Ids.Peer()}", "PUT");
        using var response = await GetWithOriginAsync(server, $"/v1/rooms/{Ids.Room()}/peers");

        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AnOriginNotListed_IsNotAllowed()
    {
        await using var server = await StartAsync(PageOrigin);

        using var preflight = await PreflightAsync(server, $"/v1/rooms/{Ids.Room()}/peers/{Ids.Peer()}", "PUT", "http://127.0.0.1:8081");

        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Wildcard_WhenTheOperatorConfiguresIt_AllowsEveryOrigin()
    {
        await using var server = await StartAsync("*");

        using var preflight = await PreflightAsync(server, $"/v1/rooms/{Ids.Room()}/peers/{Ids.Peer()}", "PUT", "https://anywhere.example");

        Assert.Equal("*", Header(preflight, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Healthz_IsNotOpenToPages()
    {
        await using var server = await StartAsync(PageOrigin);

        using var response = await GetWithOriginAsync(server, "/healthz");

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://app.example.org/")]
    [InlineData("https://app.example.org/path")]
    [InlineData("https://App.example.org")]
    [InlineData("https://app.example.org:443")]
    [InlineData("app.example.org")]
    [InlineData("ftp://app.example.org")]
    [InlineData("*", "https://app.example.org")]
    public async Task Start_WithAnOriginNotAsBrowsersSendIt_IsRefused(params string[] origins)
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartAsync(origins));

        Assert.Contains("Signaling:Cors:AllowedOrigins", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAMaxAgeOverTwoHours_IsRefused()
    {
        var settings = TestSignalingServer.DefaultSettings();
        settings["Signaling:Cors:MaxAge"] = "02:00:01";

        await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => TestSignalingServer.StartAsync(settings));
    }
}
