using System.Text;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;
using P2PClinic.Integration.Tests.Docker;

namespace P2PClinic.Integration.Tests.Cluster;

/// <summary>
/// The real signaling server in its container (signaling/Dockerfile) on the cluster's network, serving HTTPS under
/// its alias with a certificate of the cluster's authority; in memory, or on a Redis shared by several instances.
/// Request budgets are raised so that only the tests' own logic counts (every node of a test shares few addresses
/// with many orgs); presence lapses within seconds so a killed node is noticed.
/// </summary>
internal sealed class SignalingContainer : IAsyncDisposable
{
    public const int HttpsPort = 8443;

    private readonly IContainer container;

    private SignalingContainer(string alias, IContainer container)
    {
        Alias = alias;
        this.container = container;
    }

    /// <summary>The name the nodes reach it by on the cluster network.</summary>
    public string Alias { get; }

    /// <summary>The address the nodes are configured with.</summary>
    public Uri Url => new($"https://{Alias}:{HttpsPort}/");

    public static async Task<SignalingContainer> StartAsync(INetwork network, string alias, TestCertificateAuthority authority, string? redisAddress = null)
    {
        var builder = new ContainerBuilder(ContainerImages.Signaling)
            .WithName($"p2pclinic-it-{alias}-{Guid.NewGuid():N}"[..40])
            .WithNetwork(network)
            .WithNetworkAliases(alias)
            .WithResourceMapping(Encoding.ASCII.GetBytes(authority.ServerCertificatePem), FilePath.Of("/certs/tls.crt"))
            .WithResourceMapping(Encoding.ASCII.GetBytes(authority.ServerKeyPem), FilePath.Of("/certs/tls.key"))
            .WithEnvironment("Kestrel__Certificates__Default__Path", "/certs/tls.crt")
            .WithEnvironment("Kestrel__Certificates__Default__KeyPath", "/certs/tls.key")
            .WithEnvironment("Signaling__PresenceTtl", "00:00:08")
            .WithEnvironment("Signaling__RateLimits__Presence__PermitLimit", "100000")
            .WithEnvironment("Signaling__RateLimits__Mailbox__PermitLimit", "100000")
            .WithEnvironment("Signaling__RateLimits__ShareCodeCreate__PermitLimit", "100000")
            .WithEnvironment("Signaling__RateLimits__ShareCodeClaim__PermitLimit", "100000")
            .WithEnvironment("Logging__LogLevel__Default", "Warning")
            .WithEnvironment("Logging__LogLevel__Microsoft.Hosting.Lifetime", "Information")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Now listening on"));
        if (redisAddress is not null)
        {
            builder = builder
                .WithEnvironment("Signaling__Store", "Redis")
                .WithEnvironment("Signaling__Redis__ConnectionString", redisAddress);
        }

        var container = builder.Build();
        await container.StartAsync();
        return new SignalingContainer(alias, container);
    }

    /// <summary>Stops the server and starts it again in the same container: everything it held in memory is gone.</summary>
    public async Task RestartAsync()
    {
        await DockerEngine.RunAsync("restart", "--time", "2", container.Id);
    }

    /// <summary>What the server printed, for a failing test's output.</summary>
    public async Task<string> LogsAsync()
    {
        var (stdout, stderr) = await container.GetLogsAsync();
        return stdout + stderr;
    }

    public async ValueTask DisposeAsync() => await container.DisposeAsync();
}
