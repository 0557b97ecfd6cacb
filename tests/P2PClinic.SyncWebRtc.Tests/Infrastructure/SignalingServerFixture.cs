using P2PClinic.Testing;

namespace P2PClinic.SyncWebRtc.Tests.Infrastructure;

/// <summary>One real signaling server process for every test that needs one (each test uses its own rooms).</summary>
public sealed class SignalingServerFixture : IAsyncLifetime
{
    public SignalingServerProcess Server { get; private set; } = null!;

    public Uri Address => Server.Address;

    public async Task InitializeAsync() => Server = await SignalingServerProcess.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The tests that talk to the signaling server; they run one class at a time (2 cores, real processes).</summary>
[CollectionDefinition(Name)]
public sealed class SignalingCollection : ICollectionFixture<SignalingServerFixture>
{
    public const string Name = "signaling server";
}
