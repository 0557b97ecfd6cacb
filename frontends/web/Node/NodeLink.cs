using P2PClinic.Api.Node.V1;

namespace P2PClinic.Web.Node;

/// <summary>Whether the web app can reach its node right now.</summary>
public enum NodeLinkState
{
    /// <summary>Not known yet: the first check has not answered.</summary>
    Connecting,

    /// <summary>The node answered the last check.</summary>
    Connected,

    /// <summary>The node stopped answering; the web app keeps trying.</summary>
    Lost,
}

/// <summary>
/// Watches the node for every browser session at once: asks for its status every few seconds while it answers and
/// every second once it is lost, and tells the pages when the link changes, so they can say "lost the node,
/// reconnecting" and reload what they show once it is back. A page whose own call fails hands the error to
/// <see cref="Report"/> so the banner appears at once instead of at the next check.
/// </summary>
public sealed class NodeLink : BackgroundService
{
    private static readonly TimeSpan CheckWhileConnected = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan CheckWhileLost = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CheckDeadline = TimeSpan.FromSeconds(3);

    private readonly NodeApi _api;
    private readonly TimeProvider _time;
    private readonly Func<DateTime, CancellationToken, Task<string>> _status;
    private readonly Lock _lock = new();
    private TaskCompletionSource _checkNow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the watcher; it starts with the web app.</summary>
    public NodeLink(NodeApi api, TimeProvider time)
        : this(api, time, async (deadline, ct) => (await api.Node.GetStatusAsync(new GetStatusRequest(), deadline: deadline, cancellationToken: ct)).Version)
    {
    }

    /// <summary>Creates the watcher over the given status call (tests), which answers the node's version.</summary>
    internal NodeLink(NodeApi api, TimeProvider time, Func<DateTime, CancellationToken, Task<string>> status)
    {
        _api = api;
        _time = time;
        _status = status;
    }

    /// <summary>Raised (on a background thread) whenever <see cref="State"/> or <see cref="Problem"/> changes.</summary>
    public event Action? Changed;

    /// <summary>The link's state.</summary>
    public NodeLinkState State { get; private set; } = NodeLinkState.Connecting;

    /// <summary>Why the node is lost, in words; null while connected.</summary>
    public string? Problem { get; private set; }

    /// <summary>The node's version once it answered.</summary>
    public string? NodeVersion { get; private set; }

    /// <summary>The node's address.</summary>
    public Uri Address => _api.Address;

    /// <summary>Completes once the node answers (at once if it does now).</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return State == NodeLinkState.Connected ? Task.CompletedTask : _connected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Hands over an error from a page's own call: when it means the node is unreachable, the link is marked lost at
    /// once and checked again.
    /// </summary>
    public void Report(Exception error)
    {
        if (NodeErrors.IsUnreachable(error))
        {
            Set(NodeLinkState.Lost, NodeErrors.Describe(error, Address), NodeVersion);
            lock (_lock)
            {
                _checkNow.TrySetResult();
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await CheckAsync(stoppingToken);
            Task checkNow;
            lock (_lock)
            {
                if (_checkNow.Task.IsCompleted)
                {
                    _checkNow = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                checkNow = _checkNow.Task;
            }

            var wait = State == NodeLinkState.Connected ? CheckWhileConnected : CheckWhileLost;
            try
            {
                await Task.WhenAny(Task.Delay(wait, _time, stoppingToken), checkNow);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CheckAsync(CancellationToken stoppingToken)
    {
        try
        {
            var version = await _status(_time.GetUtcNow().UtcDateTime + CheckDeadline, stoppingToken);
            Set(NodeLinkState.Connected, null, version);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // A node restarted on a new data directory has a new token: read it again next time.
            _api.Reset();
            Set(NodeLinkState.Lost, NodeErrors.Describe(e, Address), NodeVersion);
        }
    }

    private void Set(NodeLinkState state, string? problem, string? version)
    {
        bool changed;
        lock (_lock)
        {
            changed = State != state || Problem != problem;
            State = state;
            Problem = problem;
            NodeVersion = version;
            if (state == NodeLinkState.Connected)
            {
                _connected.TrySetResult();
            }
            else if (_connected.Task.IsCompleted)
            {
                _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }
}
