using Grpc.Core;
using Grpc.Net.Client;
using P2PClinic.Testing;

namespace P2PClinic.Host.Tests;

/// <summary>
/// Bytes that are not the request message (a broken client, a fuzzer, a proxy that mangles bodies) are the caller's
/// fault: INVALID_ARGUMENT naming the message, on native gRPC and gRPC-web alike, and one short line in the node's log,
/// never UNKNOWN with a stack trace.
/// </summary>
public sealed class MalformedRequestTests : IClassFixture<NodeFixture>
{
    // Field 1 (a string) claiming 2^31 bytes that never come: a truncated message to any protobuf parser.
    private static readonly byte[] Truncated = [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x61];

    // A tag with field number 0, which no message has.
    private static readonly byte[] InvalidTag = [0x00, 0x01];

    private readonly TestNode _node;

    public MalformedRequestTests(NodeFixture fixture)
    {
        _node = fixture.Node;
    }

    public static TheoryData<string, string> Cases => new()
    {
        { "grpc", "truncated" },
        { "grpc", "invalid tag" },
        { "grpc-web", "truncated" },
        { "grpc-web", "invalid tag" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AUnaryCallWithBytesThatAreNotItsMessage_IsInvalidArgument_AndLogsNoStackTrace(string transport, string damage)
    {
        using var channel = transport == "grpc" ? _node.CreateGrpcChannel() : _node.CreateGrpcWebChannel();
        var logged = _node.Output.Length;

        var e = await Assert.ThrowsAsync<RpcException>(() => CallAsync(channel, MethodType.Unary, "CreateOrg", damage == "truncated" ? Truncated : InvalidTag));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("The request is not a valid CreateOrgRequest message", e.Status.Detail, StringComparison.Ordinal);
        AssertOneShortLineSince(logged, "CreateOrgRequest");
    }

    [Fact]
    public async Task AStreamingCallWithBytesThatAreNotItsMessage_IsInvalidArgument()
    {
        using var channel = _node.CreateGrpcWebChannel();
        var logged = _node.Output.Length;

        var e = await Assert.ThrowsAsync<RpcException>(() => CallAsync(channel, MethodType.ServerStreaming, "WatchOrgChanges", Truncated));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("WatchOrgChangesRequest", e.Status.Detail, StringComparison.Ordinal);
        AssertOneShortLineSince(logged, "WatchOrgChangesRequest");
    }

    [Fact]
    public async Task AWellFormedRequest_StillWorks_ThroughTheSameBinding()
    {
        using var channel = _node.CreateGrpcWebChannel();
        var request = new P2PClinic.Api.Orgs.V1.CreateOrgRequest { Name = "Bound the checking way" };

        var reply = await CallAsync(channel, MethodType.Unary, "CreateOrg", Google.Protobuf.MessageExtensions.ToByteArray(request));

        Assert.Equal("Bound the checking way", P2PClinic.Api.Orgs.V1.Org.Parser.ParseFrom(reply).Name);
    }

    private static async Task<byte[]> CallAsync(GrpcChannel channel, MethodType type, string name, byte[] body)
    {
        var method = new Method<byte[], byte[]>(type, "p2pclinic.orgs.v1.OrgService", name, Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        var invoker = channel.CreateCallInvoker();
        if (type == MethodType.Unary)
        {
            return await invoker.AsyncUnaryCall(method, null, new CallOptions(), body);
        }

        using var call = invoker.AsyncServerStreamingCall(method, null, new CallOptions(), body);
        await call.ResponseStream.MoveNext(CancellationToken.None);
        return call.ResponseStream.Current;
    }

    private void AssertOneShortLineSince(int logged, string message)
    {
        // The log is written as the call ends; the client may see the status a moment earlier.
        for (var i = 0; i < 50 && !_node.Output[logged..].Contains("Refused a call", StringComparison.Ordinal); i++)
        {
            Thread.Sleep(20);
        }

        var since = _node.Output[logged..];
        Assert.Single(since.Split('\n'), l => l.Contains("Refused a call to /p2pclinic.orgs.v1.OrgService/", StringComparison.Ordinal) && l.Contains($"not a valid {message} message", StringComparison.Ordinal));
        Assert.DoesNotContain("Exception was thrown by handler", since, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", since, StringComparison.Ordinal);
    }
}
