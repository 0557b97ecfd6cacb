extern alias RemindersPlugin;
using P2PClinic.Crdt;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.Storage;

namespace P2PClinic.Reminders.Tests.Records;

/// <summary>
/// Reminders as records (docs/records.md): <c>Layout1/reminders.ydoc</c> was written by the plugin before the record
/// model (commit 3dbc01b) and reads as it did; a reminder deleted on one device while dismissed on another stays deleted.
/// </summary>
public sealed class ReminderRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static Doc Load(uint clientId)
    {
        var doc = new Doc(new DocOptions { ClientId = clientId });
        doc.ApplyUpdate(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Records", "Layout1", "reminders.ydoc")));
        return doc;
    }

    [Fact]
    public void AFirstLayoutDocumentReadsEveryReminderWithItsDismissalsAndSnoozes()
    {
        var doc = Load(5);

        var lead = ReminderDocument.Read(doc, "r1")!;
        Assert.Equal("e1", lead.EventId);
        Assert.Equal(TimeSpan.FromMinutes(15), lead.LeadTime);
        Assert.Equal(T0.AddHours(1), lead.Dismissed["20261201T130000Z"]);
        Assert.Equal(T0.AddDays(7), lead.SnoozedUntil["20261208T130000Z"]);
        Assert.Equal(T0.AddHours(2), lead.UpdatedAt);
        var absolute = ReminderDocument.Read(doc, "r2")!;
        Assert.Equal(T0.AddDays(1), absolute.At);
        Assert.Equal("20261202T130000Z", absolute.OccurrenceId);
        Assert.Equal(2, ReminderDocument.ReadAll(doc).Count);
    }

    [Fact]
    public void AFirstLayoutReminderDismissedAgainKeepsWhatItHeld()
    {
        var doc = Load(5);

        doc.Transact(t => Assert.True(ReminderDocument.Dismiss(t, "r1", ["20261208T130000Z"], T0.AddDays(2))));

        var reminder = ReminderDocument.Read(doc, "r1")!;
        Assert.Equal(["20261201T130000Z", "20261208T130000Z"], reminder.Dismissed.Keys.Order());
        Assert.Empty(reminder.SnoozedUntil);
    }

    [Fact]
    public void AReminderDeletedOnOneDeviceWhileDismissedOnAnotherStaysDeleted()
    {
        var phone = Load(5);
        var laptop = Load(6);

        phone.Transact(t => ReminderDocument.Delete(t, "r1"));
        laptop.Transact(t => ReminderDocument.Dismiss(t, "r1", ["20261215T130000Z"], T0.AddDays(3)));
        phone.ApplyUpdate(laptop.EncodeStateAsUpdate(phone.EncodeStateVector()));
        laptop.ApplyUpdate(phone.EncodeStateAsUpdate(laptop.EncodeStateVector()));

        Assert.Null(ReminderDocument.Read(phone, "r1"));
        Assert.Null(ReminderDocument.Read(laptop, "r1"));
        Assert.NotNull(ReminderDocument.Read(laptop, "r2"));
    }
}
