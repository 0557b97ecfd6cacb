namespace P2PClinic.Integration.Tests.Docker;

/// <summary>
/// A test that needs a Docker engine: skipped with the reason where none answers, except in CI (<c>CI=true</c>),
/// where it runs and fails, because there the engine must exist (test.sh starts it).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when no engine can be used outside CI.</summary>
    public DockerFactAttribute()
    {
        // A hang guard, not a speed bound (the longest scenario takes under a minute, six on a loaded machine): one
        // full run once stopped for good in this suite with every node idle, which only a kill ended. A scenario
        // past it fails under its own name and the run goes on.
        Timeout = (int)TimeSpan.FromMinutes(15).TotalMilliseconds;
        if (DockerEngine.Unavailable is { } reason && !DockerEngine.InContinuousIntegration)
        {
            Skip = reason;
        }
    }
}
