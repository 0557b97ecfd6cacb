using P2PClinic.Testing;

namespace P2PClinic.Host.Tests;

/// <summary>gRPC-web from browsers: only the origins the node was started with may call it.</summary>
public sealed class CorsTests
{
    [Fact]
    public async Task Preflight_FromAConfiguredOrigin_IsAllowedWithTheGrpcHeadersExposed()
    {
        await using var node = await TestNode.StartAsync(new TestNodeOptions { LoadBuiltInPlugins = false, CorsOrigins = ["http://localhost:5173"] });
        using var http = node.CreateHttpClient("");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/p2pclinic.orgs.v1.OrgService/ListOrgs");
        preflight.Headers.Add("Origin", "http://localhost:5173");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-grpc-web");

        using var response = await http.SendAsync(preflight);

        Assert.Equal("http://localhost:5173", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }
}
