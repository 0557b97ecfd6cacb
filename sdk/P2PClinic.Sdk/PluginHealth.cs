namespace P2PClinic.Sdk;

/// <summary>
/// How well a running plugin can do its work, as it reports it: a plugin that runs but cannot do all it should (a
/// transport with no server configured, a service it needs that refuses it) reports itself degraded with a reason, and
/// the node shows that reason (<c>node status</c>, <c>plugins list</c>, the API's plugin status) instead of a plain
/// "running". Reached through <see cref="PluginContext.Health"/>; safe to call from any thread, at any time.
/// </summary>
public sealed class PluginHealth
{
    private readonly Lock _lock = new();
    private string? _degradedReason;

    internal PluginHealth()
    {
    }

    /// <summary>Why the plugin is degraded, in one sentence for a user; null while it reports nothing wrong.</summary>
    public string? DegradedReason
    {
        get
        {
            lock (_lock)
            {
                return _degradedReason;
            }
        }
    }

    /// <summary>Reports the plugin degraded; the latest reason replaces an earlier one.</summary>
    /// <param name="reason">What the plugin cannot do and, best, how to fix it (e.g. which setting to set).</param>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null or blank.</exception>
    public void ReportDegraded(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        lock (_lock)
        {
            _degradedReason = reason.Trim();
        }
    }

    /// <summary>Reports that the plugin can do its work again (clears the degraded reason).</summary>
    public void ReportHealthy()
    {
        lock (_lock)
        {
            _degradedReason = null;
        }
    }
}
