using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;
using P2PClinic.Api.Node.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;

namespace P2PClinic.Host.Tests;

/// <summary>How clients reach the API (native gRPC, gRPC-web, JSON, reflection, health) and what they need to be let in.</summary>
public sealed class ApiAccessTests : IClassFixture<NodeFixture>
{
    private readonly TestNode _node;

    public ApiAccessTests(NodeFixture fixture)
    {
        _node = fixture.Node;
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TokenFile_IsReadableByTheOwnerOnly()
    {
        var mode = File.GetUnixFileMode(Path.Combine(_node.DataDirectory, "api-token"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.True(_node.Token.Length >= 32);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-the-token")]
    public async Task NativeGrpc_WithoutTheToken_IsUnauthenticated(string token)
    {
        using var channel = _node.CreateGrpcChannel(token);

        var e = await Assert.ThrowsAsync<RpcException>(async () => await new OrgService.OrgServiceClient(channel).ListOrgsAsync(new ListOrgsRequest()));

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-the-token")]
    public async Task GrpcWeb_WithoutTheToken_IsUnauthenticated(string token)
    {
        using var channel = _node.CreateGrpcWebChannel(token);

        var e = await Assert.ThrowsAsync<RpcException>(async () => await new NodeService.NodeServiceClient(channel).GetStatusAsync(new GetStatusRequest()));

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-the-token")]
    public async Task Json_WithoutTheToken_Is401(string token)
    {
        using var http = _node.CreateHttpClient(token);

        using var response = await http.GetAsync(new Uri("/v1/orgs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Reflection_WithoutTheToken_IsUnauthenticated()
    {
        using var channel = _node.CreateGrpcChannel("");
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();

        // The node answers on the request's headers alone, so no request message is needed (writing one could
        // race the server's rejection and fail with a different status).
        var e = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task Health_NeedsNoToken()
    {
        using var http = _node.CreateHttpClient("");

        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GrpcWeb_WithTheToken_CreatesAndReadsOrgs()
    {
        using var channel = _node.CreateGrpcWebChannel();
        var orgs = new OrgService.OrgServiceClient(channel);

        var created = await orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Over gRPC-web" });
        var fetched = await orgs.GetOrgAsync(new GetOrgRequest { Id = created.Id });

        Assert.Equal("Over gRPC-web", fetched.Name);
    }

    [Fact]
    public async Task GrpcWeb_UnknownOrg_IsNotFound()
    {
        using var channel = _node.CreateGrpcWebChannel();

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await new OrgService.OrgServiceClient(channel).GetOrgAsync(new GetOrgRequest { Id = Guid.NewGuid().ToString("N") }));

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task Json_CreateRenameGetAndLeave_FollowTheHttpRules()
    {
        using var http = _node.CreateHttpClient();

        using var created = await http.PostAsJsonAsync("/v1/orgs", new { name = "Over JSON", color = "#010203" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var renamed = await http.PostAsJsonAsync($"/v1/orgs/{id}:rename", new { name = "Renamed over JSON" });
        var fetched = await http.GetFromJsonAsync<JsonElement>($"/v1/orgs/{id}");
        using var left = await http.DeleteAsync(new Uri($"/v1/orgs/{id}", UriKind.Relative));
        using var gone = await http.GetAsync(new Uri($"/v1/orgs/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Renamed over JSON", fetched.GetProperty("name").GetString());
        Assert.True(fetched.GetProperty("isDefault").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Json_BadInput_Is400NamingTheField()
    {
        using var http = _node.CreateHttpClient();

        using var response = await http.PostAsJsonAsync("/v1/orgs", new { name = "" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("name:", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_NodeStatus_ReportsVersionDataDirectoryAndTheHost()
    {
        using var http = _node.CreateHttpClient();

        var status = await http.GetFromJsonAsync<JsonElement>("/v1/node/status");

        Assert.Equal("0.1.0", status.GetProperty("version").GetString());
        Assert.Equal(_node.DataDirectory, status.GetProperty("dataDirectory").GetString());
        var host = status.GetProperty("plugins").EnumerateArray().First();
        Assert.Equal("p2pclinic.host", host.GetProperty("id").GetString());
        Assert.Equal("PLUGIN_STATE_RUNNING", host.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Reflection_ListsTheNodeServices()
    {
        using var call = new ServerReflection.ServerReflectionClient(_node.Channel).ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("p2pclinic.orgs.v1.OrgService", services);
        Assert.Contains("p2pclinic.node.v1.NodeService", services);
    }

    [Fact]
    public async Task Cors_Preflight_FromAnUnconfiguredOrigin_IsNotAllowed()
    {
        using var http = _node.CreateHttpClient("");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/p2pclinic.orgs.v1.OrgService/ListOrgs");
        preflight.Headers.Add("Origin", "http://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-grpc-web");

        using var response = await http.SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
