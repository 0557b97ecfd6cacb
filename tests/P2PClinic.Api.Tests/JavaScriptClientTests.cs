using System.Text.Json;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Client;
using P2PClinic.Testing;

namespace P2PClinic.Api.Tests;

/// <summary>
/// A client we did not write drives the API: a Node.js script on @connectrpc/connect-node's gRPC-web
/// transport, with code generated from our protos by protoc-gen-es.
/// </summary>
[Collection(ApiClientsCollection.Name)]
public sealed class JavaScriptClientTests(ApiClientsFixture clients)
{
    [Fact]
    public async Task AConnectNodeGrpcWebClientCreatesListsAndRenamesAnOrgAndReadsTheStatus()
    {
        Assert.NotNull(clients);
        await using var node = await TestNode.StartAsync();
        var name = "Clinic " + Guid.NewGuid().ToString("N")[..8];
        var newName = name + " North";

        var run = await ApiClientsFixture.RunScriptAsync("orgs-client.mjs", new Dictionary<string, string?>
        {
            ["P2PCLINIC_NODE"] = node.HttpAddress.ToString(),
            ["P2PCLINIC_TOKEN"] = node.Token,
            ["ORG_NAME"] = name,
            ["ORG_NEW_NAME"] = newName,
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        using var report = JsonDocument.Parse(run.StandardOutput);
        var root = report.RootElement;
        var id = root.GetProperty("created").GetProperty("id").GetString();
        Assert.Equal(name, root.GetProperty("created").GetProperty("name").GetString());
        Assert.Contains(name, root.GetProperty("listedNames").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(id, root.GetProperty("renamed").GetProperty("id").GetString());
        Assert.Equal(newName, root.GetProperty("renamed").GetProperty("name").GetString());
        Assert.Equal(node.DataDirectory, root.GetProperty("status").GetProperty("dataDirectory").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("status").GetProperty("version").GetString()));
        Assert.Equal("Unauthenticated", root.GetProperty("unauthenticated").GetString());
        Assert.Equal("Unauthenticated", root.GetProperty("wrongToken").GetString());

        // What the script did is really on the node: read it back with our own client, over native gRPC.
        using var connection = NodeConnection.Create(new NodeConnectionOptions { Address = node.GrpcAddress, Token = node.Token, Transport = NodeTransport.Grpc });
        var org = await new OrgService.OrgServiceClient(connection.Channel).GetOrgAsync(new GetOrgRequest { Id = id });
        Assert.Equal(newName, org.Name);
    }
}
