using Microsoft.Extensions.Options;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Node.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Api.Sync.V1;
using P2PClinic.Client;

namespace P2PClinic.Web.Node;

/// <summary>
/// The web app's one way to the node: a <see cref="NodeConnection"/> (gRPC-web with the node's token) shared by every
/// browser session. The token is read when first needed and again after a failure, so the web app may start before
/// the node has written its token, and survives the node restarting.
/// </summary>
public sealed class NodeApi : IDisposable
{
    private readonly WebNodeOptions _options;
    private readonly Lock _lock = new();
    private NodeConnection? _connection;

    /// <summary>Creates the API access for the configured node.</summary>
    public NodeApi(IOptions<WebNodeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        Address = _options.Address ?? NodeDefaults.Address;
    }

    /// <summary>The node's address, as shown to the user.</summary>
    public Uri Address { get; }

    /// <summary>The org service.</summary>
    public OrgService.OrgServiceClient Orgs => new(Connection.Channel);

    /// <summary>The node service (status, plugins).</summary>
    public NodeService.NodeServiceClient Node => new(Connection.Channel);

    /// <summary>The sync service: share, invite, join, and the peers of an org.</summary>
    public SyncService.SyncServiceClient Sync => new(Connection.Channel);

    /// <summary>The contacts plugin's service.</summary>
    public ContactService.ContactServiceClient Contacts => new(Connection.Channel);

    /// <summary>The calendar plugin's service.</summary>
    public CalendarService.CalendarServiceClient Calendar => new(Connection.Channel);

    /// <summary>The reminders plugin's service.</summary>
    public ReminderService.ReminderServiceClient Reminders => new(Connection.Channel);

    /// <summary>The open connection, created on first use.</summary>
    /// <exception cref="NodeTokenNotFoundException">The node's token cannot be found (the node never ran with that data directory).</exception>
    private NodeConnection Connection
    {
        get
        {
            lock (_lock)
            {
                return _connection ??= NodeConnection.Create(new NodeConnectionOptions
                {
                    Address = Address,
                    Token = NodeToken.Resolve(_options.DataDirectory),
                });
            }
        }
    }

    /// <summary>
    /// Drops the connection so the next call reads the token again: a node started anew on a fresh data directory
    /// has a new token.
    /// </summary>
    public void Reset()
    {
        lock (_lock)
        {
            _connection?.Dispose();
            _connection = null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Reset();
}
