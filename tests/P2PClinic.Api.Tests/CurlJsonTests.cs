using System.Text.Json;
using P2PClinic.Testing;

namespace P2PClinic.Api.Tests;

/// <summary>The HTTP/JSON routes (gRPC JSON transcoding) as plain curl sees them.</summary>
public sealed class CurlJsonTests : IAsyncLifetime
{
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task CurlCreatesListsRenamesAndLeavesAnOrgAndReadsTheNodeStatus()
    {
        var created = await CurlAsync("POST", "/v1/orgs", """{"name":"Front desk","color":"#3366ff"}""");
        Assert.Equal(200, created.Status);
        var id = created.Json.GetProperty("id").GetString()!;
        Assert.Equal("Front desk", created.Json.GetProperty("name").GetString());
        Assert.Equal("#3366ff", created.Json.GetProperty("color").GetString());

        var listed = await CurlAsync("GET", "/v1/orgs");
        Assert.Equal(200, listed.Status);
        Assert.Contains(id, listed.Json.GetProperty("orgs").EnumerateArray().Select(o => o.GetProperty("id").GetString()));

        var renamed = await CurlAsync("POST", $"/v1/orgs/{id}:rename", """{"name":"Reception"}""");
        Assert.Equal(200, renamed.Status);
        Assert.Equal("Reception", renamed.Json.GetProperty("name").GetString());

        var status = await CurlAsync("GET", "/v1/node/status");
        Assert.Equal(200, status.Status);
        Assert.Equal(_node.DataDirectory, status.Json.GetProperty("dataDirectory").GetString());
        Assert.Contains("p2pclinic.host", status.Json.GetProperty("plugins").EnumerateArray().Select(p => p.GetProperty("id").GetString()));

        var left = await CurlAsync("DELETE", $"/v1/orgs/{id}");
        Assert.Equal(200, left.Status);
        var gone = await CurlAsync("GET", $"/v1/orgs/{id}");
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task CurlWithoutATokenGets401AndNoData()
    {
        var response = await CurlAsync("GET", "/v1/orgs", body: null, token: null);

        Assert.Equal(401, response.Status);
        Assert.DoesNotContain("orgs", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CurlWithAWrongTokenGets401()
    {
        var response = await CurlAsync("GET", "/v1/node/status", body: null, token: "not-the-token");

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task CurlCreatingAnOrgWithAnEmptyNameGets400NamingTheField()
    {
        var response = await CurlAsync("POST", "/v1/orgs", """{"name":"   "}""");

        Assert.Equal(400, response.Status);
        Assert.Contains("name", response.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task CurlRenamingAnUnknownOrgGets404()
    {
        var response = await CurlAsync("POST", $"/v1/orgs/{Guid.NewGuid():N}:rename", """{"name":"Nobody"}""");

        Assert.Equal(404, response.Status);
    }

    private sealed record CurlResponse(int Status, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }

    private Task<CurlResponse> CurlAsync(string method, string path, string? body = null) => CurlAsync(method, path, body, _node.Token);

    private async Task<CurlResponse> CurlAsync(string method, string path, string? body, string? token)
    {
        // -w appends the status on its own line after the body, so one process gives both.
        List<string> arguments = ["--silent", "--show-error", "--request", method, "--write-out", "\n%{http_code}"];
        if (token is not null)
        {
            arguments.AddRange(["--header", $"Authorization: Bearer {token}"]);
        }

        if (body is not null)
        {
            arguments.AddRange(["--header", "Content-Type: application/json", "--data", body]);
        }

        arguments.Add(new Uri(_node.HttpAddress, path).ToString());
        var run = await ProcessRunner.RunAsync("curl", arguments);
        Assert.True(run.ExitCode == 0, run.ToString());
        var split = run.StandardOutput.LastIndexOf('\n');
        return new CurlResponse(int.Parse(run.StandardOutput[(split + 1)..].Trim()), run.StandardOutput[..split]);
    }
}
