extern alias RemindersPlugin;
using P2PClinic.Crdt;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.Model;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.Storage;

namespace P2PClinic.Reminders.Tests.Model;

/// <summary>The layout in the org's document is a wire format between peers (docs/reminders.md).</summary>
public sealed class ReminderDocumentTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Reminder Lead(string id) => new(id, "event1", TimeSpan.FromMinutes(15), null, null, new Dictionary<string, DateTimeOffset>(), new Dictionary<string, DateTimeOffset>(), T0, T0);

    [Fact]
    public void Create_WritesTheDocumentedKeys()
    {
        var doc = new Doc();
        doc.Transact(t => ReminderDocument.Create(t, Lead("r1")));
        doc.Transact(t => ReminderDocument.Create(t, new Reminder("r2", "event1", null, T0, "20261125T130000Z", new Dictionary<string, DateTimeOffset>(), new Dictionary<string, DateTimeOffset>(), T0, T0)));

        var root = (IReadOnlyDictionary<string, object?>)doc.GetMap("reminders").ToJson()!;
        var lead = (IReadOnlyDictionary<string, object?>)root["r1"]!;
        Assert.Equal(["createdAt", "dismissed", "eventId", "leadSeconds", "snoozedUntil", "updatedAt"], lead.Keys);
        Assert.Equal("event1", lead["eventId"]);
        Assert.Equal(900L, lead["leadSeconds"]);
        Assert.Equal("2026-11-25T12:00:00.000Z", lead["createdAt"]);
        var absolute = (IReadOnlyDictionary<string, object?>)root["r2"]!;
        Assert.Equal(["at", "createdAt", "dismissed", "eventId", "occurrenceId", "snoozedUntil", "updatedAt"], absolute.Keys);
        Assert.Equal("2026-11-25T12:00:00.000Z", absolute["at"]);
        Assert.Equal("20261125T130000Z", absolute["occurrenceId"]);
    }

    [Fact]
    public void DismissAndSnoozeOnTwoDevices_BothSurviveTheMerge()
    {
        var phone = new Doc();
        phone.Transact(t => ReminderDocument.Create(t, Lead("r1")));
        var laptop = new Doc();
        laptop.ApplyUpdate(phone.EncodeStateAsUpdate());

        phone.Transact(t => ReminderDocument.Dismiss(t, "r1", ["20261125T130000Z"], T0));
        laptop.Transact(t => ReminderDocument.Snooze(t, "r1", ["20261126T130000Z"], T0 + TimeSpan.FromMinutes(10), T0));
        phone.ApplyUpdate(laptop.EncodeStateAsUpdate(phone.EncodeStateVector()));
        laptop.ApplyUpdate(phone.EncodeStateAsUpdate(laptop.EncodeStateVector()));

        foreach (var doc in new[] { phone, laptop })
        {
            var reminder = ReminderDocument.Read(doc, "r1")!;
            Assert.Equal(["20261125T130000Z"], reminder.Dismissed.Keys);
            Assert.Equal(T0 + TimeSpan.FromMinutes(10), reminder.SnoozedUntil["20261126T130000Z"]);
        }
    }

    [Fact]
    public void Dismiss_DropsTheOccurrencesSnooze()
    {
        var doc = new Doc();
        doc.Transact(t => ReminderDocument.Create(t, Lead("r1")));
        doc.Transact(t => ReminderDocument.Snooze(t, "r1", ["o1"], T0 + TimeSpan.FromMinutes(5), T0));
        doc.Transact(t => ReminderDocument.Dismiss(t, "r1", ["o1"], T0 + TimeSpan.FromMinutes(1)));

        var reminder = ReminderDocument.Read(doc, "r1")!;
        Assert.Empty(reminder.SnoozedUntil);
        Assert.Equal(T0 + TimeSpan.FromMinutes(1), reminder.UpdatedAt);
    }

    [Fact]
    public void EntriesAPeerWroteThatCannotBeRead_AreSkipped()
    {
        var doc = new Doc();
        doc.Transact(t =>
        {
            var root = t.Doc.GetMap("reminders");
            root.Set("not-a-map", "text");
            var noEvent = new YMap();
            root.Set("no-event", noEvent);
            noEvent.Set("leadSeconds", 60L);
            var noTrigger = new YMap();
            root.Set("no-trigger", noTrigger);
            noTrigger.Set("eventId", "e");
            var negative = new YMap();
            root.Set("negative", negative);
            negative.Set("eventId", "e");
            negative.Set("leadSeconds", -5L);
            var fromJavaScript = new YMap();
            root.Set("js", fromJavaScript);
            fromJavaScript.Set("eventId", "e");
            fromJavaScript.Set("leadSeconds", 600.0);
        });
        doc.Transact(t => ReminderDocument.Create(t, Lead("good")));

        Assert.Equal(["good", "js"], ReminderDocument.ReadAll(doc).Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(TimeSpan.FromMinutes(10), ReminderDocument.Read(doc, "js")!.LeadTime);
    }
}
