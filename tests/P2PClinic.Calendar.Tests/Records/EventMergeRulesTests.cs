extern alias CalendarPlugin;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Model;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Recurrence;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Storage;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.Crdt;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Calendar.Tests.Records;

/// <summary>
/// The rules table of docs/records.md, row by row, through the calendar's API on two nodes' documents that edit
/// apart and then exchange their updates. Attendees arrive whole, as the API and imports send them.
/// </summary>
public sealed class EventMergeRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryOrgDocument _aliceDocument = new(clientId: 1);
    private readonly InMemoryOrgDocument _bobDocument = new(clientId: 2);
    private readonly OrgCalendar _alice;
    private readonly OrgCalendar _bob;

    public EventMergeRulesTests()
    {
        var expander = new OccurrenceExpander();
        _alice = new OrgCalendar(_aliceDocument, _time, expander);
        _bob = new OrgCalendar(_bobDocument, _time, expander);
    }

    private static Attendee Guest(string email, string name = "") => new("", email, name);

    private async Task<string> SharedEventAsync(params Attendee[] attendees)
    {
        var created = await _alice.CreateAsync(
            new Event { Title = "Ward round", Start = new EventTime(new DateOnly(2026, 12, 3), new TimeOnly(8, 0)), TimeZone = "Europe/Paris", Attendees = attendees },
            default);
        await InMemoryOrgDocument.ExchangeAsync(_aliceDocument, _bobDocument);
        return created.Id;
    }

    private async Task<Event> MergedAsync(string id)
    {
        await InMemoryOrgDocument.ExchangeAsync(_aliceDocument, _bobDocument);
        var onAlice = _alice.Get(id)!;
        var onBob = _bob.Get(id)!;
        Assert.Equal(onAlice with { Attendees = [], ExceptionDates = [] }, onBob with { Attendees = [], ExceptionDates = [] });
        Assert.Equal(onAlice.Attendees, onBob.Attendees);
        Assert.Equal(onAlice.ExceptionDates, onBob.ExceptionDates);
        return onAlice;
    }

    [Fact]
    public async Task AttendeesAddedOnTwoNodesWhileApartAreAllKept()
    {
        var id = await SharedEventAsync(Guest("ada@example.org"));

        await _alice.UpdateAsync(id, new Event { Attendees = [Guest("ada@example.org"), Guest("bob@example.org")] }, EventField.Attendees, default);
        await _bob.UpdateAsync(id, new Event { Attendees = [Guest("ada@example.org"), Guest("cy@example.org")] }, EventField.Attendees, default);

        var merged = await MergedAsync(id);
        Assert.Equal(["ada@example.org", "bob@example.org", "cy@example.org"], merged.Attendees.Select(a => a.Email).Order());
    }

    [Fact]
    public async Task DifferentAttendeesRenamedOnTwoNodesAreBothKept()
    {
        var id = await SharedEventAsync(Guest("ada@example.org"), Guest("bob@example.org"));

        await _alice.UpdateAsync(id, new Event { Attendees = [Guest("ada@example.org", "Ada"), Guest("bob@example.org")] }, EventField.Attendees, default);
        await _bob.UpdateAsync(id, new Event { Attendees = [Guest("ada@example.org"), Guest("bob@example.org", "Bob")] }, EventField.Attendees, default);

        var merged = await MergedAsync(id);
        Assert.Equal([Guest("ada@example.org", "Ada"), Guest("bob@example.org", "Bob")], merged.Attendees);
    }

    [Fact]
    public async Task AnAttendeeRemovedOnOneNodeAndRenamedOnTheOtherIsRemoved()
    {
        var id = await SharedEventAsync(Guest("ada@example.org"), Guest("bob@example.org"));

        await _alice.UpdateAsync(id, new Event { Attendees = [Guest("bob@example.org")] }, EventField.Attendees, default);
        await _bob.UpdateAsync(id, new Event { Attendees = [Guest("ada@example.org", "Ada"), Guest("bob@example.org")] }, EventField.Attendees, default);

        Assert.Equal([Guest("bob@example.org")], (await MergedAsync(id)).Attendees);
    }

    [Fact]
    public async Task TheSameFieldEditedOnTwoNodesHasOneValueAndOtherFieldsAreKept()
    {
        var id = await SharedEventAsync();

        await _alice.UpdateAsync(id, new Event { Title = "Ward round A" }, EventField.Title, default);
        await _bob.UpdateAsync(id, new Event { Title = "Ward round B", Location = "Ward 3" }, EventField.Title | EventField.Location, default);

        var merged = await MergedAsync(id);
        Assert.Contains(merged.Title, new[] { "Ward round A", "Ward round B" });
        Assert.Equal("Ward 3", merged.Location);
    }

    [Fact]
    public async Task AnEventDeletedOnOneNodeWhileEditedOnTheOtherStaysDeleted()
    {
        var id = await SharedEventAsync(Guest("ada@example.org"));

        Assert.True(await _alice.DeleteAsync(id, default));
        await _bob.UpdateAsync(id, new Event { Title = "moved", Attendees = [Guest("ada@example.org"), Guest("bob@example.org")] }, EventField.Title | EventField.Attendees, default);
        await InMemoryOrgDocument.ExchangeAsync(_aliceDocument, _bobDocument);

        Assert.Null(_alice.Get(id));
        Assert.Null(_bob.Get(id));
    }

    [Fact]
    public void AFirstLayoutDocumentReadsEveryFieldAndItsFirstWriteKeepsTheLists()
    {
        // Layout1/events.ydoc was written by the calendar before the record model (commit 3dbc01b).
        var doc = new Doc(new DocOptions { ClientId = 9 });
        doc.ApplyUpdate(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Records", "Layout1", "events.ydoc")));

        var review = EventDocument.Read(doc, "e1")!;
        Assert.Equal("Design review", review.Title);
        Assert.Equal([Guest("ada@example.org", "Ada"), new Attendee("0123456789abcdef0123456789abcdef", "", ""), Guest("bob@example.org", "Bob")], review.Attendees);
        Assert.Equal([new EventTime(new DateOnly(2026, 12, 8), new TimeOnly(14, 0))], review.ExceptionDates);
        Assert.Equal("FREQ=WEEKLY;BYDAY=TU", review.RecurrenceRule);
        var holiday = EventDocument.Read(doc, "e2")!;
        Assert.True(holiday.IsAllDay);
        Assert.Empty(holiday.Attendees);

        doc.Transact(t => EventDocument.Update(t, holiday with { Attendees = [Guest("ada@example.org")], UpdatedAt = T0.AddDays(1) }, EventField.Attendees));

        Assert.Equal([Guest("ada@example.org")], EventDocument.Read(doc, "e2")!.Attendees);
        Assert.Equal(review, EventDocument.Read(doc, "e1")! with { Attendees = review.Attendees, ExceptionDates = review.ExceptionDates });
    }
}
