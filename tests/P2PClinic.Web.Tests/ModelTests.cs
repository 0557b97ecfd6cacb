using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Client;
using P2PClinic.Web.Components.Calendar;
using P2PClinic.Web.Components.Contacts;
using P2PClinic.Web.Hosting;
using P2PClinic.Web.Node;

namespace P2PClinic.Web.Tests;

/// <summary>What the forms send to the node, how errors read, and where the web app may listen.</summary>
public sealed class ModelTests
{
    private static readonly Uri Node = new("http://127.0.0.1:5080");

    [Fact]
    public void NodeErrorsForAnUnreachableNodeSaysItDoesNotAnswer()
    {
        var error = new RpcException(new Status(StatusCode.Unavailable, "Error starting gRPC call. HttpRequestException: Connection refused"));

        Assert.Equal("The node at http://127.0.0.1:5080/ does not answer. Is it running?", NodeErrors.Describe(error, Node));
        Assert.True(NodeErrors.IsUnreachable(error));
    }

    [Fact]
    public void NodeErrorsForAMissingTokenIsUnreachableAndSaysWhereItLooked()
    {
        var error = new NodeTokenNotFoundException("no node token at /x/api-token");

        Assert.True(NodeErrors.IsUnreachable(error));
        Assert.Contains("/x/api-token", NodeErrors.Describe(error, Node), StringComparison.Ordinal);
    }

    [Fact]
    public void NodeErrorsForARefusalIsNotALostNode()
    {
        Assert.False(NodeErrors.IsUnreachable(new RpcException(new Status(StatusCode.NotFound, "org not found"))));
    }

    [Theory]
    [InlineData("http://0.0.0.0:5090")]
    [InlineData("http://192.168.1.10:5090")]
    public void TheWebAppRefusesANonLoopbackAddressUnlessAllowed(string listen)
    {
        var refused = Assert.Throws<ArgumentException>(() => WebApplicationSetup.CheckedListenAddress(new WebHostOptions { Listen = listen }));
        Assert.Contains("--allow-remote", refused.Message, StringComparison.Ordinal);

        Assert.Equal(listen, WebApplicationSetup.CheckedListenAddress(new WebHostOptions { Listen = listen, AllowRemote = true }));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5090")]
    [InlineData("http://localhost:0")]
    [InlineData("http://[::1]:5090")]
    public void TheWebAppListensOnLoopbackWithoutAsking(string listen) =>
        Assert.Equal(listen, WebApplicationSetup.CheckedListenAddress(new WebHostOptions { Listen = listen }));

    [Fact]
    public void ContactDraftUpdateNamesTheEditedFieldsAndDropsEmptyRows()
    {
        var draft = ContactDraft.From(new Contact { Id = "c1", DisplayName = "Ada", Emails = { new LabeledValue { Label = "work", Value = "ada@example.org" } } });
        draft.Emails.Add(new LabeledDraft { Label = "home", Value = "  " });
        draft.DisplayName = "  Ada Lovelace ";

        var update = draft.ToUpdate("org1");

        Assert.Equal("Ada Lovelace", update.Contact.DisplayName);
        Assert.Single(update.Contact.Emails);
        Assert.Equal(ContactDraft.EditedFields, update.UpdateMask.Paths);
        Assert.DoesNotContain("addresses", update.UpdateMask.Paths);
    }

    [Fact]
    public void EventDraftAllDayEndIsShownInclusiveAndSentExclusive()
    {
        var draft = EventDraft.From(new Event { Id = "e1", Title = "Holidays", AllDay = true, Start = "2026-12-24", End = "2026-12-27" });

        Assert.Equal(new DateTime(2026, 12, 26), draft.End);
        Assert.Equal("2026-12-27", draft.ToEvent().End);
    }

    [Fact]
    public void EventDraftKeepsARuleItDoesNotOffer()
    {
        var draft = EventDraft.From(new Event { Id = "e1", Title = "Standup", Start = "2026-12-07T09:00:00", End = "2026-12-07T09:15:00", Recurrence = new Recurrence { Rrule = "FREQ=WEEKLY;BYDAY=MO,WE" } });

        Assert.Equal(Repeat.Custom, draft.Repeat);
        Assert.Equal("FREQ=WEEKLY;BYDAY=MO,WE", draft.ToEvent().Recurrence.Rrule);
    }

    [Fact]
    public async Task ContactListSourceReadsPagesInOrderOnlyAsFarAsAsked()
    {
        var asked = new List<string>();
        var source = new ContactListSource(
            (request, _) =>
            {
                asked.Add(request.PageToken);
                var page = asked.Count;
                var response = new ListContactsResponse { TotalSize = 1000, NextPageToken = page < 5 ? $"t{page}" : "" };
                response.Contacts.AddRange(Enumerable.Range(0, ContactListSource.PageSize).Select(i => new Contact { Id = $"{page}-{i}" }));
                return Task.FromResult(response);
            },
            (_, _) => throw new InvalidOperationException("no search expected"));
        source.Reset("org1", ContactSort.Name, false, "");

        var (rows, total) = await source.GetAsync(250, 20, CancellationToken.None);

        Assert.Equal(["", "t1"], asked);
        Assert.Equal(1000, total);
        Assert.Equal("2-50", rows[0].Id);
    }
}
