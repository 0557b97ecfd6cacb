using System.Net.Http.Headers;
using P2PClinic.Testing;

namespace P2PClinic.Host.Tests;

/// <summary>gRPC-web from browsers: only the origins the node was started with may call it, and pages can read its status headers.</summary>
public sealed class CorsTests
{
    private const string Origin = "http://localhost:5173";
    private const string ListOrgs = "/p2pclinic.orgs.v1.OrgService/ListOrgs";

    /// <summary>What a gRPC-web client reads from a response's headers (a trailers-only answer carries its status there).</summary>
    private static readonly string[] GrpcHeaders = ["grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding", "grpc-accept-encoding"];

    [Fact]
    public async Task Preflight_FromAConfiguredOrigin_AllowsTheOriginPostAndTheRequestedHeaders()
    {
        await using var node = await TestNode.StartAsync(new TestNodeOptions { LoadBuiltInPlugins = false, CorsOrigins = [Origin] });
        using var http = node.CreateHttpClient("");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, ListOrgs);
        preflight.Headers.Add("Origin", Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-grpc-web,x-user-agent");

        using var response = await http.SendAsync(preflight);

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {(int)response.StatusCode}");
        Assert.Equal(Origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("post", HeaderList(response, "Access-Control-Allow-Methods"));
        Assert.Equal(["authorization", "content-type", "x-grpc-web", "x-user-agent"], HeaderList(response, "Access-Control-Allow-Headers").Order());
    }

    [Fact]
    public async Task GrpcWebCall_FromAConfiguredOrigin_ExposesTheGrpcStatusHeadersItCarries()
    {
        await using var node = await TestNode.StartAsync(new TestNodeOptions { LoadBuiltInPlugins = false, CorsOrigins = [Origin] });

        // A wrong token: the answer is trailers-only, its status in the headers a page must be allowed to read.
        using var http = node.CreateHttpClient("not-the-token");
        using var call = new HttpRequestMessage(HttpMethod.Post, ListOrgs) { Content = new ByteArrayContent(new byte[5]) };
        call.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc-web+proto");
        call.Headers.Add("Origin", Origin);
        call.Headers.Add("X-Grpc-Web", "1");

        using var response = await http.SendAsync(call);

        Assert.Equal("16", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Equal(Origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(GrpcHeaders.Order(), HeaderList(response, "Access-Control-Expose-Headers").Order());
    }

    [Fact]
    public async Task Preflight_FromAnotherOrigin_AllowsNothing()
    {
        await using var node = await TestNode.StartAsync(new TestNodeOptions { LoadBuiltInPlugins = false, CorsOrigins = [Origin] });
        using var http = node.CreateHttpClient("");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, ListOrgs);
        preflight.Headers.Add("Origin", "http://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await http.SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    /// <summary>A comma-separated CORS header as lower-case names (browsers compare them case-insensitively).</summary>
    private static List<string> HeaderList(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values)
            ? [.. values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Select(v => v.ToLowerInvariant())]
            : [];
}
