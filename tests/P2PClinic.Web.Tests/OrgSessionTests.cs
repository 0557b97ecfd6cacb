using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Options;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Web.Node;
using P2PClinic.Web.Sessions;

namespace P2PClinic.Web.Tests;

/// <summary>The session's live feed of the current org's changes, over a node played by the test.</summary>
public sealed class OrgSessionTests : IAsyncLifetime
{
    // A hang guard, not a speed requirement.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly NodeApi _api = new(Options.Create(new WebNodeOptions { Address = new Uri("http://127.0.0.1:9") }));
    private readonly NodeLink _link;
    private readonly OrgSession _session;
    private readonly Lock _lock = new();
    private readonly List<Channel<OrgChange>> _feeds = [];
    private readonly SemaphoreSlim _opened = new(0);

    public OrgSessionTests()
    {
        _link = new NodeLink(_api, TimeProvider.System, (_, _) => Task.FromResult("test"));
        _session = new OrgSession(
            _api,
            _link,
            TimeProvider.System,
            (_, _) => Task.FromResult(new ListOrgsResponse { Orgs = { new Org { Id = "org1", Name = "Clinic", IsDefault = true } } }),
            Watch);
    }

    [Fact]
    public async Task TheFirstOpeningOfTheFeedTellsThePagesToReloadSinceTheirOwnFirstLoadMayHaveComeBeforeIt()
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _session.FeedOpened += () =>
        {
            opened.TrySetResult();
            return Task.CompletedTask;
        };

        await _session.LoadAsync();

        await opened.Task.WaitAsync(Patience);
        Assert.Equal(1, FeedCount());
    }

    [Fact]
    public async Task APageWhoseHandlerFailsDoesNotCostTheOtherPagesTheirChanges()
    {
        var seen = Channel.CreateUnbounded<OrgChange>();
        _session.DataChanged += change =>
        {
            seen.Writer.TryWrite(change);
            return Task.CompletedTask;
        };
        _session.DataChanged += _ => Task.FromException(new InvalidOperationException("a page that went away"));
        await _session.LoadAsync();
        await _opened.WaitAsync(Patience);

        var feed = Feed(0);
        await feed.Writer.WriteAsync(Change("c1"));
        await feed.Writer.WriteAsync(Change("c2"));

        using var timeout = new CancellationTokenSource(Patience);
        Assert.Equal("c1", (await seen.Reader.ReadAsync(timeout.Token)).Collections[0].Ids[0]);
        Assert.Equal("c2", (await seen.Reader.ReadAsync(timeout.Token)).Collections[0].Ids[0]);
        Assert.Equal(1, FeedCount());
    }

    public async Task InitializeAsync() => await _link.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _session.DisposeAsync();
        await _link.StopAsync(CancellationToken.None);
        _link.Dispose();
        _api.Dispose();
    }

    private static OrgChange Change(string contactId) =>
        new() { OrgId = "org1", Origin = ChangeOrigin.Remote, Collections = { new CollectionChange { Collection = "contacts", Ids = { contactId } } } };

    private int FeedCount()
    {
        lock (_lock)
        {
            return _feeds.Count;
        }
    }

    private Channel<OrgChange> Feed(int opening)
    {
        lock (_lock)
        {
            return _feeds[opening];
        }
    }

    private AsyncServerStreamingCall<OrgChange> Watch(WatchOrgChangesRequest request, CancellationToken cancellationToken)
    {
        Assert.Equal("org1", request.Id);
        var feed = Channel.CreateUnbounded<OrgChange>();
        lock (_lock)
        {
            _feeds.Add(feed);
        }

        _opened.Release();
        return new AsyncServerStreamingCall<OrgChange>(new ChannelReaderStream(feed.Reader), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    /// <summary>A server stream that yields what the test writes to a channel.</summary>
    private sealed class ChannelReaderStream(ChannelReader<OrgChange> reader) : IAsyncStreamReader<OrgChange>
    {
        public OrgChange Current { get; private set; } = null!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await reader.WaitToReadAsync(cancellationToken))
            {
                return false;
            }

            Current = await reader.ReadAsync(cancellationToken);
            return true;
        }
    }
}
