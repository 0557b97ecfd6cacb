using Grpc.Core;
using P2PClinic.Sdk;
using P2PClinic.Tests.ThrowsOnStart.V1;

namespace P2PClinic.Tests.ThrowsOnStart;

/// <summary>Maps its service, then fails when the node starts it.</summary>
public sealed class ThrowsOnStartNodePlugin : NodePlugin
{
    public override void MapEndpoints(IPluginEndpointBuilder endpoints) => endpoints.MapGrpcService<StartProbeService>();

    public override Task OnNodeStartedAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("start is broken on purpose");
}

/// <summary>Answers if ever called: a call that reaches it proves the node let a failed plugin serve.</summary>
internal sealed class StartProbeService : StartProbe.StartProbeBase
{
    public override Task<PingReply> Ping(PingRequest request, ServerCallContext context) => Task.FromResult(new PingReply());
}
