namespace P2PClinic.Signaling.Internal.Storage;

/// <summary>Connects the Redis store before the server starts listening, so a wrong connection string stops startup.</summary>
internal sealed class RedisStoreConnector(RedisRendezvousStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.ConnectAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
