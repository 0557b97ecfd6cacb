using System.Diagnostics;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;

namespace P2PClinic.Bench.Sync;

/// <summary>
/// One edit on one node until every other member's node reports it: each watcher holds a WatchOrgChanges stream, and
/// an edit counts as arrived at a node when that node reports a remote change of the edited contact.
/// </summary>
internal static class EditLatency
{
    public static async Task<List<double>> MeasureAsync(TestNode editor, IReadOnlyList<TestNode> watchers, string orgId, string contactId, int edits)
    {
        using var stop = new CancellationTokenSource();
        var arrivals = watchers.Select(_ => Channel.CreateUnbounded<long>()).ToList();
        var watching = watchers.Select((node, i) => WatchAsync(node, orgId, contactId, arrivals[i].Writer, stop.Token)).ToList();
        await Task.Delay(500).ConfigureAwait(false); // the streams are open before the first edit
        var contacts = new ContactService.ContactServiceClient(editor.Channel);
        var samples = new List<double>(edits);
        for (var i = 0; i < edits + 10; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await contacts.UpdateContactAsync(new UpdateContactRequest
            {
                OrgId = orgId,
                Contact = new Contact { Id = contactId, Note = "edit " + i },
                UpdateMask = new FieldMask { Paths = { "note" } },
            }).ConfigureAwait(false);
            long last = 0;
            foreach (var arrival in arrivals)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                last = Math.Max(last, await arrival.Reader.ReadAsync(timeout.Token).ConfigureAwait(false));
            }

            // The first ten warm the path (JIT on three processes) and are not counted.
            if (i >= 10)
            {
                samples.Add(Stopwatch.GetElapsedTime(start, last).TotalMilliseconds);
            }
        }

        await stop.CancelAsync().ConfigureAwait(false);
        foreach (var task in watching)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
            }
        }

        return samples;
    }

    private static async Task WatchAsync(TestNode node, string orgId, string contactId, ChannelWriter<long> arrivals, CancellationToken cancellationToken)
    {
        using var call = new OrgService.OrgServiceClient(node.Channel).WatchOrgChanges(new WatchOrgChangesRequest { Id = orgId }, cancellationToken: cancellationToken);
        await foreach (var change in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (change.Origin == ChangeOrigin.Remote && change.Collections.Any(c => c.Ids.Contains(contactId)))
            {
                arrivals.TryWrite(Stopwatch.GetTimestamp());
            }
        }
    }
}
