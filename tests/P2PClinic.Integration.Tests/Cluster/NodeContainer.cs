using System.Text;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Volumes;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Api.Sync.V1;
using P2PClinic.Client;
using P2PClinic.Integration.Tests.Docker;

namespace P2PClinic.Integration.Tests.Cluster;

/// <summary>
/// A real node in its own container (host/Dockerfile) with its data on a named volume, the built-in plugins and the
/// sync-webrtc transport gathering host candidates on the container's own interfaces (not loopback). It sits on two
/// networks: the cluster's LAN, where it meets the signaling server and the other nodes (and which a test cuts with
/// <c>docker network disconnect</c>), and an API network with no traffic between containers that only carries the
/// port published on the host's 127.0.0.1, so the test keeps driving a partitioned node.
/// </summary>
internal sealed class NodeContainer : IAsyncDisposable
{
    public const int GrpcPort = 5081;

    private readonly ClusterNetworks networks;
    private readonly IVolume volume;
    private readonly TestCertificateAuthority authority;
    private IContainer container = null!;
    private NodeConnection? connection;

    private NodeContainer(string name, ClusterNetworks networks, IVolume volume, TestCertificateAuthority authority, Uri signaling)
    {
        Name = name;
        this.networks = networks;
        this.volume = volume;
        this.authority = authority;
        Signaling = signaling;
    }

    /// <summary>The member's display name and its alias on the LAN.</summary>
    public string Name { get; }

    /// <summary>The signaling server this node is configured with (it may change on a restart).</summary>
    public Uri Signaling { get; private set; }

    /// <summary>The container's id while it exists.</summary>
    public string ContainerId => container.Id;

    public OrgService.OrgServiceClient Orgs => new(Connection.Channel);

    public SyncService.SyncServiceClient Sync => new(Connection.Channel);

    public ContactService.ContactServiceClient Contacts => new(Connection.Channel);

    public CalendarService.CalendarServiceClient Calendar => new(Connection.Channel);

    public ReminderService.ReminderServiceClient Reminders => new(Connection.Channel);

    private NodeConnection Connection => connection ?? throw new InvalidOperationException($"node {Name} is not running");

    /// <summary>Creates the node's volume and starts it; returns once its API answers.</summary>
    public static async Task<NodeContainer> StartAsync(string name, ClusterNetworks networks, TestCertificateAuthority authority, Uri signaling)
    {
        var volume = new VolumeBuilder().WithName($"p2pclinic-it-{name.ToLowerInvariant()}-{Guid.NewGuid():N}").WithCleanUp(false).Build();
        await volume.CreateAsync();
        var node = new NodeContainer(name, networks, volume, authority, signaling);
        try
        {
            await node.LaunchAsync();
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>SIGKILL (<c>docker kill</c>): no shutdown, no flush.</summary>
    public async Task KillAsync()
    {
        DropConnection();
        await DockerEngine.RunAsync("kill", container.Id);
    }

    /// <summary>Starts the node again in a new container on the same volume (after <see cref="KillAsync"/>), optionally with another signaling server.</summary>
    public async Task RestartAsync(Uri? signaling = null)
    {
        DropConnection();
        await container.DisposeAsync();
        Signaling = signaling ?? Signaling;
        await LaunchAsync();
    }

    /// <summary>Freezes every process of the node (<c>docker pause</c>): no packet is answered, no timer runs.</summary>
    public Task PauseAsync() => container.PauseAsync();

    public Task UnpauseAsync() => container.UnpauseAsync();

    /// <summary>Cuts the node off the LAN (<c>docker network disconnect</c>): no signaling server, no peer; its API still answers.</summary>
    public Task DisconnectAsync() => DockerEngine.RunAsync("network", "disconnect", networks.Lan.Name, container.Id);

    /// <summary>Puts the node back on the LAN under its alias.</summary>
    public Task ReconnectAsync() => ConnectLanAsync(container.Id);

    /// <summary>Makes an org and returns its id.</summary>
    public async Task<string> CreateOrgAsync(string name) => (await Orgs.CreateOrgAsync(new CreateOrgRequest { Name = name })).Id;

    /// <summary>Joins with code + password; returns every progress message, or throws the node's error.</summary>
    public async Task<List<JoinProgress>> JoinAsync(string code, string password)
    {
        using var call = Sync.JoinOrg(new JoinOrgRequest { Code = code, Password = password });
        var steps = new List<JoinProgress>();
        await foreach (var step in call.ResponseStream.ReadAllAsync())
        {
            steps.Add(step);
        }

        return steps;
    }

    /// <summary>Whether this node holds the org at all.</summary>
    public async Task<bool> HoldsOrgAsync(string orgId) =>
        (await Orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs.Any(o => o.Id == orgId);

    /// <summary>Everything of the org that a user sees: every contact, event and reminder with every field, sorted by id.</summary>
    public Task<OrgSnapshot> SnapshotAsync(string orgId) => OrgSnapshot.ReadAsync(this, orgId);

    /// <summary>What the node printed, for a failing test's output.</summary>
    public async Task<string> LogsAsync()
    {
        try
        {
            var (stdout, stderr) = await container.GetLogsAsync();
            return stdout + stderr;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            return $"(no logs: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        DropConnection();
        if (container is not null)
        {
            await container.DisposeAsync();
            container = null!;
        }

        await volume.DeleteAsync();
        await volume.DisposeAsync();
    }

    private async Task LaunchAsync()
    {
        string[] settings =
        [
            $"Plugins:p2pclinic.sync-webrtc:SignalingUrl={Signaling}",
            // Host candidates on the container's interfaces: the peers are other containers, not this loopback.
            "Plugins:p2pclinic.sync-webrtc:LoopbackOnly=false",
            "Plugins:p2pclinic.sync-webrtc:PresencePollInterval=00:00:01",
            "Plugins:p2pclinic.sync-webrtc:ReconnectDelay=00:00:00.200",
            "Plugins:p2pclinic.sync-webrtc:MaxReconnectDelay=00:00:05",
            // The floor the protocol allows: keys derive in a fraction of the default's time on a busy machine.
            "Sync:KeyIterations=100000",
            $"Sync:DisplayName={Name}",
            // Every scenario joins while the inviting member is online: a join that gives up waiting for it ("no
            // member is online yet") is a loaded machine's slow presence round, not a result. 5 s once failed a
            // partition run under load.
            "Sync:JoinWaitForMember=00:01:00",
            "Logging:LogLevel:Microsoft.AspNetCore=Warning",
        ];
        container = new ContainerBuilder(ContainerImages.Node)
            .WithName($"p2pclinic-it-{Name.ToLowerInvariant()}-{Guid.NewGuid():N}"[..40])
            // Created on the API network, which carries the published port (so it outlives a LAN disconnect); the
            // engine's API 1.41 takes one network at creation, so the LAN is connected as soon as the node starts.
            .WithNetwork(networks.Api)
            .WithStartupCallback((started, _) => ConnectLanAsync(started.Id))
            .WithVolumeMount(volume, "/data")
            .WithPortBinding(GrpcPort, assignRandomHostPort: true)
            // Published on the host's loopback only: the API holds health data.
            .WithCreateParameterModifier(parameters =>
            {
                foreach (var binding in parameters.HostConfig!.PortBindings!.Values.SelectMany(b => b))
                {
                    binding.HostIP = "127.0.0.1";
                }
            })
            .WithResourceMapping(Encoding.ASCII.GetBytes(authority.CaPem), FilePath.Of("/certs/ca.crt"))
            .WithEnvironment("SSL_CERT_FILE", "/certs/ca.crt")
            .WithCommand(["--listening-line", .. settings.SelectMany(s => new[] { "--set", s })])
            // Asked for with --listening-line: printed once everything started.
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("P2PCLINIC-LISTENING"))
            .Build();
        await container.StartAsync();
        var token = Encoding.UTF8.GetString(await container.ReadFileAsync("/data/api-token")).Trim();
        connection = NodeConnection.Create(new NodeConnectionOptions
        {
            Address = new Uri($"http://127.0.0.1:{container.GetMappedPublicPort(GrpcPort)}"),
            Token = token,
            Transport = NodeTransport.Grpc,
        });
    }

    private Task ConnectLanAsync(string containerId) =>
        DockerEngine.RunAsync("network", "connect", "--alias", Name.ToLowerInvariant(), networks.Lan.Name, containerId);

    private void DropConnection()
    {
        connection?.Dispose();
        connection = null;
    }
}
