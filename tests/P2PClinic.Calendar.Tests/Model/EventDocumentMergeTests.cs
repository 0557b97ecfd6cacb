extern alias CalendarPlugin;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Model;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Storage;
using P2PClinic.Crdt;

namespace P2PClinic.Calendar.Tests.Model;

/// <summary>Events stored field by field: what each peer edits offline survives the merge.</summary>
public sealed class EventDocumentMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly Event Review = new()
    {
        Id = "e1",
        Title = "Design review",
        Start = new EventTime(new DateOnly(2026, 12, 1), new TimeOnly(14, 0)),
        End = new EventTime(new DateOnly(2026, 12, 1), new TimeOnly(15, 0)),
        TimeZone = "Europe/Paris",
        Location = "Room 4",
        Description = "Bring sketches.",
        Attendees = [new Attendee("", "ada@example.org", "Ada"), new Attendee("0123456789abcdef0123456789abcdef", "", "")],
        RecurrenceRule = "FREQ=WEEKLY;BYDAY=TU",
        ExceptionDates = [new EventTime(new DateOnly(2026, 12, 8), new TimeOnly(14, 0))],
        Uid = "review@example.org",
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static void Exchange(Doc a, Doc b)
    {
        var fromA = a.EncodeStateAsUpdate(b.EncodeStateVector());
        var fromB = b.EncodeStateAsUpdate(a.EncodeStateVector());
        b.ApplyUpdate(fromA);
        a.ApplyUpdate(fromB);
    }

    private static void AssertSame(Event expected, Event? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Attendees = [], ExceptionDates = [] }, actual with { Attendees = [], ExceptionDates = [] });
        Assert.Equal(expected.Attendees, actual.Attendees);
        Assert.Equal(expected.ExceptionDates, actual.ExceptionDates);
    }

    [Fact]
    public void ACreatedEventReadsBackWithEveryField()
    {
        var doc = new Doc();
        doc.Transact(t => EventDocument.Create(t, Review));

        AssertSame(Review, EventDocument.Read(doc, "e1"));
    }

    [Fact]
    public void TheStoredLayoutIsAMapOfPlainFields()
    {
        var doc = new Doc();
        doc.Transact(t => EventDocument.Create(t, Review with { IsAllDay = false }));

        var json = (IReadOnlyDictionary<string, object?>)((YMap)doc.GetMap("events").Get("e1")!).ToJson()!;

        Assert.Equal("2026-12-01T14:00:00", json["start"]);
        Assert.Equal("2026-12-01T15:00:00", json["end"]);
        Assert.Equal("Europe/Paris", json["timeZone"]);
        Assert.Equal("FREQ=WEEKLY;BYDAY=TU", json["rrule"]);
        Assert.Equal(["2026-12-08T14:00:00"], (IReadOnlyList<object?>)json["exdates"]!);
        var attendee = (IReadOnlyDictionary<string, object?>)((IReadOnlyList<object?>)json["attendees"]!)[0]!;
        Assert.Equal("ada@example.org", attendee["email"]);
        Assert.Equal("Ada", attendee["name"]);
        Assert.False(json.ContainsKey("allDay"));
        Assert.Equal("2026-11-25T12:00:00.000Z", json["createdAt"]);
    }

    [Fact]
    public void ConcurrentEditsOfDifferentFieldsOnTwoDocsBothSurviveTheMerge()
    {
        var alice = new Doc(new DocOptions { ClientId = 1 });
        alice.Transact(t => EventDocument.Create(t, Review));
        var bob = new Doc(new DocOptions { ClientId = 2 });
        bob.ApplyUpdate(alice.EncodeStateAsUpdate());

        // Offline, Alice moves the meeting while Bob changes the room and invites someone.
        var onAlice = Review with
        {
            Start = new EventTime(new DateOnly(2026, 12, 1), new TimeOnly(16, 0)),
            End = new EventTime(new DateOnly(2026, 12, 1), new TimeOnly(17, 0)),
            UpdatedAt = T0.AddMinutes(1),
        };
        alice.Transact(t => EventDocument.Update(t, onAlice, EventField.Start | EventField.End));
        var onBob = Review with { Location = "Room 9", Attendees = [.. Review.Attendees, new Attendee("", "grace@example.org", "Grace")], UpdatedAt = T0.AddMinutes(2) };
        bob.Transact(t => EventDocument.Update(t, onBob, EventField.Location | EventField.Attendees));

        Exchange(alice, bob);

        var merged = EventDocument.Read(alice, "e1")!;
        Assert.Equal("2026-12-01T16:00:00", merged.Start.ToString());
        Assert.Equal("2026-12-01T17:00:00", merged.End.ToString());
        Assert.Equal("Room 9", merged.Location);
        Assert.Equal(3, merged.Attendees.Count);
        Assert.Equal("Design review", merged.Title);
        AssertSame(merged, EventDocument.Read(bob, "e1"));
    }

    [Fact]
    public void AnUpdateWritesOnlyTheFieldsInItsMask()
    {
        var doc = new Doc();
        doc.Transact(t => EventDocument.Create(t, Review));
        var patch = Review with { Title = "Renamed", Location = "ignored: not in the mask" };

        doc.Transact(t => EventDocument.Update(t, patch, EventField.Title));

        var back = EventDocument.Read(doc, "e1")!;
        Assert.Equal("Renamed", back.Title);
        Assert.Equal("Room 4", back.Location);
    }

    [Fact]
    public void AMergeThatLeavesATimedStartOnAnAllDayEventReadsAsItsDate()
    {
        // Alice makes the event all-day (with dates) while Bob moves its timed start: the merge holds Bob's
        // date-time beside Alice's all-day flag, a pair no single edit wrote.
        var alice = new Doc(new DocOptions { ClientId = 1 });
        alice.Transact(t => EventDocument.Create(t, Review with { RecurrenceRule = "", ExceptionDates = [] }));
        var bob = new Doc(new DocOptions { ClientId = 2 });
        bob.ApplyUpdate(alice.EncodeStateAsUpdate());
        var current = EventDocument.Read(alice, "e1")!;
        var allDay = current with { IsAllDay = true, Start = new EventTime(new DateOnly(2026, 12, 1), null), End = new EventTime(new DateOnly(2026, 12, 2), null) };
        alice.Transact(t => EventDocument.Update(t, allDay, EventField.AllDay | EventField.Start | EventField.End));
        var moved = current with { Start = new EventTime(new DateOnly(2026, 12, 3), new TimeOnly(10, 0)) };
        bob.Transact(t => EventDocument.Update(t, moved, EventField.Start));

        Exchange(alice, bob);

        var merged = EventDocument.Read(alice, "e1")!;
        Assert.True(merged.IsAllDay);
        Assert.False(merged.Start.HasTime);
        Assert.True(merged.End is null || merged.End.Value.Date > merged.Start.Date);
        AssertSame(merged, EventDocument.Read(bob, "e1"));
    }

    [Fact]
    public void ValuesOfUnexpectedTypesWrittenByAPeerReadAsEmpty()
    {
        var doc = new Doc();
        doc.Transact(t =>
        {
            var entry = new YMap();
            t.Doc.GetMap("events").Set("odd", entry);
            entry.Set("title", 42L);
            entry.Set("start", "2026-12-01T09:00:00");
            entry.Set("exdates", "not an array");
            entry.Set("timeZone", "Not/AZone");
        });

        var back = EventDocument.Read(doc, "odd")!;

        Assert.Equal("", back.Title);
        Assert.Equal("2026-12-01T09:00:00", back.Start.ToString());
        Assert.Empty(back.ExceptionDates);
        Assert.Equal("", back.TimeZone);
    }
}
