using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Tests.Exchange.V1;

namespace P2PClinic.Reminders.Tests.Node;

/// <summary>The document exchange test plugin the delivery tests rely on, and the bad input it refuses.</summary>
public sealed class DocumentExchangeTests : IClassFixture<ReminderNodeFixture>
{
    private readonly ReminderNode _node;

    public DocumentExchangeTests(ReminderNodeFixture fixture)
    {
        _node = fixture.Reminders;
    }

    [Fact]
    public async Task ExportThenApply_IntoAnotherOrg_BringsTheEventsAcross()
    {
        var source = await _node.NewOrgAsync();
        var target = await _node.NewOrgAsync();
        var (eventId, _) = await _node.CreateEventAsync(source, "Copied", ReminderNode.Now() + TimeSpan.FromHours(2));

        await ReminderNode.CopyStateAsync(_node, source, _node, target);

        var copied = await _node.Calendar.GetEventAsync(new Api.Calendar.V1.GetEventRequest { OrgId = target, Id = eventId });
        Assert.Equal("Copied", copied.Title);

        // Copying again brings nothing new.
        var sv = await _node.Exchange.ExportUpdateAsync(new ExportUpdateRequest { OrgId = target });
        var diff = await _node.Exchange.ExportUpdateAsync(new ExportUpdateRequest { OrgId = source, StateVector = sv.StateVector });
        Assert.Empty((await _node.Exchange.ApplyUpdateAsync(new ApplyUpdateRequest { OrgId = target, Update = diff.Update })).Changed);
    }

    [Fact]
    public async Task ApplyUpdate_MalformedUpdateOrOrgId_IsInvalidArgument()
    {
        var org = await _node.NewOrgAsync();
        var malformed = await Assert.ThrowsAsync<RpcException>(() => _node.Exchange.ApplyUpdateAsync(new ApplyUpdateRequest { OrgId = org, Update = ByteString.CopyFrom(0xff, 0xff, 0xff) }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.StartsWith("update: ", malformed.Status.Detail, StringComparison.Ordinal);

        var badOrg = await Assert.ThrowsAsync<RpcException>(() => _node.Exchange.ExportUpdateAsync(new ExportUpdateRequest { OrgId = "nope" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badOrg.StatusCode);
        Assert.StartsWith("org_id: ", badOrg.Status.Detail, StringComparison.Ordinal);
    }
}
