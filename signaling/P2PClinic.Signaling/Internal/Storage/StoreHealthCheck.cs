using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace P2PClinic.Signaling.Internal.Storage;

/// <summary>Healthy while the store answers; a Redis outage turns <c>/healthz</c> to 503 so a load balancer drains this instance.</summary>
internal sealed class StoreHealthCheck(IRendezvousStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.IsHealthyAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The rendezvous store does not answer.");
}
