using System.Globalization;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary><c>p2pclinic reminder add|list|rm|dismiss|snooze|watch</c> against a real node with the calendar and reminders plugins.</summary>
public sealed class ReminderCommandTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private const string SomeEventId = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task AddBeforeThenListShowsTheLeadTimeAndWhenItIsNextDue()
    {
        var org = await NewOrgAsync();
        var (eventId, start, _) = await AddEventAsync(org, "Vaccination clinic", TimeSpan.FromDays(2));

        var added = Json(await fixture.RunAsync("reminder", "add", "--in", org, "--event", eventId, "--before", "1h30m", "--json"));
        var listed = Json(await fixture.RunAsync("reminder", "list", "--in", org, "--json"));
        var table = await fixture.RunAsync("reminder", "list", "--in", org, "--event", eventId);

        var id = added.GetProperty("id").GetString()!;
        Assert.Equal(eventId, added.GetProperty("eventId").GetString());
        Assert.Equal(5400, added.GetProperty("leadTimeSeconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, added.GetProperty("at").ValueKind);
        var reminder = Assert.Single(listed.EnumerateArray());
        Assert.Equal(id, reminder.GetProperty("id").GetString());
        Assert.Equal("Vaccination clinic", reminder.GetProperty("eventTitle").GetString());
        Assert.Equal(start - TimeSpan.FromMinutes(90), reminder.GetProperty("nextDueAt").GetDateTimeOffset());
        Assert.Equal(0, reminder.GetProperty("due").GetArrayLength());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("1h30m before", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(id, table.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAtFindsTheOnlyOccurrenceOfAnEventThatDoesNotRepeat()
    {
        var org = await NewOrgAsync();
        var (eventId, _, occurrenceId) = await AddEventAsync(org, "Dentist", TimeSpan.FromDays(1));

        var added = await fixture.RunAsync("reminder", "add", "--in", org, "--event", eventId, "--at", "+12h");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("of 'Dentist': at ", added.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"(occurrence {occurrenceId})", added.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAtOnARepeatingEventNeedsTheOccurrence()
    {
        var org = await NewOrgAsync();
        var eventId = Json(await fixture.RunAsync("event", "add", "Daily rounds", "--in", org, "--start", "+1d", "--rrule", "FREQ=DAILY;COUNT=5", "--json"))
            .GetProperty("id").GetString()!;
        var second = Json(await fixture.RunAsync("event", "list", "--in", org, "--json")).GetProperty("occurrences")[1].GetProperty("occurrenceId").GetString()!;

        var withoutOccurrence = await fixture.RunAsync("reminder", "add", "--in", org, "--event", eventId, "--at", "+1d");
        var withOccurrence = Json(await fixture.RunAsync("reminder", "add", "--in", org, "--event", eventId, "--at", "+1d", "--occurrence", second, "--json"));

        Assert.Equal(2, withoutOccurrence.ExitCode);
        Assert.StartsWith($"error: --at: event {eventId} repeats; name the occurrence with --occurrence", WithoutANodeTests.SingleLine(withoutOccurrence.StandardError), StringComparison.Ordinal);
        Assert.Equal(second, withOccurrence.GetProperty("occurrenceId").GetString());
        Assert.Equal(JsonValueKind.Null, withOccurrence.GetProperty("leadTimeSeconds").ValueKind);
    }

    [Theory]
    [InlineData(new[] { "reminder", "add", "--before", "15m" }, "error: --event is required")]
    [InlineData(new[] { "reminder", "add", "--event", SomeEventId }, "error: give --before <length> (before every occurrence) or --at <time> (for one occurrence), one of the two")]
    [InlineData(new[] { "reminder", "add", "--event", SomeEventId, "--before", "15m", "--at", "+1h" }, "error: give --before <length>")]
    [InlineData(new[] { "reminder", "add", "--event", SomeEventId, "--before", "15x" }, "error: --before: cannot read '15x' as a length of time (unknown unit 'x')")]
    [InlineData(new[] { "reminder", "add", "--event", SomeEventId, "--before", "15m", "--occurrence", "20261201T090000Z" }, "error: --occurrence goes with --at")]
    [InlineData(new[] { "reminder", "add", "--event", SomeEventId, "--at", "at some point" }, "error: --at: cannot read 'at some point' as a time")]
    [InlineData(new[] { "reminder", "snooze", "0123456789abcdef0123456789abcdef" }, "error: give --for <length> or --until <time>, one of the two")]
    [InlineData(new[] { "reminder", "snooze", "0123456789abcdef0123456789abcdef", "--for", "10 minutes" }, "error: --for: cannot read '10 minutes' as a length of time")]
    [InlineData(new[] { "reminder", "snooze", "0123456789abcdef0123456789abcdef", "--until", "later" }, "error: --until: cannot read 'later' as a time")]
    [InlineData(new[] { "reminder", "watch", "--all-orgs", "--in", "Clinic" }, "error: --all-orgs watches every org; leave out --in")]
    public async Task CommandLineMistakesAreUsageErrorsNamingTheOption(string[] arguments, string expected)
    {
        var result = await fixture.RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, WithoutANodeTests.SingleLine(result.StandardError), StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task AddRefusedByTheNodeShowsTheFieldItNamesAndExits1()
    {
        var org = await NewOrgAsync();
        var (eventId, _, _) = await AddEventAsync(org, "Checkup", TimeSpan.FromDays(3));

        var tooEarly = await fixture.RunAsync("reminder", "add", "--in", org, "--event", eventId, "--before", "30d");
        var notAnOccurrence = await fixture.RunAsync("reminder", "add", "--in", org, "--event", eventId, "--at", "+1d", "--occurrence", "20000101T000000Z");
        var noSuchEvent = await fixture.RunAsync("reminder", "add", "--in", org, "--event", SomeEventId, "--before", "15m");

        Assert.Equal(1, tooEarly.ExitCode);
        Assert.StartsWith("error: lead_time: ", WithoutANodeTests.SingleLine(tooEarly.StandardError), StringComparison.Ordinal);
        Assert.Equal(1, notAnOccurrence.ExitCode);
        Assert.StartsWith("error: occurrence_id: ", WithoutANodeTests.SingleLine(notAnOccurrence.StandardError), StringComparison.Ordinal);
        Assert.Equal(1, noSuchEvent.ExitCode);
        Assert.Equal(0, Json(await fixture.RunAsync("reminder", "list", "--in", org, "--json")).GetArrayLength());
    }

    [Fact]
    public async Task ADueReminderIsListedAsDueThenSnoozedThenDismissed()
    {
        var org = await NewOrgAsync();
        var (eventId, _, occurrenceId) = await AddEventAsync(org, "Call the lab", TimeSpan.FromHours(1));
        var id = Json(await fixture.RunAsync("reminder", "add", "--in", org, "--event", eventId, "--at", "now", "--json")).GetProperty("id").GetString()!;

        var due = Json(await fixture.RunAsync("reminder", "list", "--in", org, "--json"))[0];
        var dueTable = await fixture.RunAsync("reminder", "list", "--in", org);
        var before = DateTimeOffset.UtcNow;
        var snoozed = Json(await fixture.RunAsync("reminder", "snooze", id, "--in", org, "--occurrence", occurrenceId, "--for", "10m", "--json"));
        var afterSnooze = Json(await fixture.RunAsync("reminder", "list", "--in", org, "--json"))[0];
        var snoozedUntil = await fixture.RunAsync("reminder", "snooze", id, "--in", org, "--occurrence", occurrenceId, "--until", "+1h");
        var dismissed = await fixture.RunAsync("reminder", "dismiss", id, "--in", org, "--occurrence", occurrenceId);
        var afterDismiss = Json(await fixture.RunAsync("reminder", "list", "--in", org, "--json"))[0];
        var snoozeDismissed = await fixture.RunAsync("reminder", "snooze", id, "--in", org, "--occurrence", occurrenceId, "--for", "5m");

        Assert.Equal(occurrenceId, Assert.Single(due.GetProperty("due").EnumerateArray()).GetProperty("occurrenceId").GetString());
        Assert.Contains($"due {occurrenceId}", dueTable.StandardOutput, StringComparison.Ordinal);

        Assert.Equal([occurrenceId], snoozed.GetProperty("occurrenceIds").EnumerateArray().Select(o => o.GetString()));
        var until = snoozed.GetProperty("until").GetDateTimeOffset();
        Assert.InRange(until, before + TimeSpan.FromMinutes(10), before + TimeSpan.FromMinutes(15));
        Assert.Equal(0, afterSnooze.GetProperty("due").GetArrayLength());
        Assert.Equal(until, afterSnooze.GetProperty("nextDueAt").GetDateTimeOffset());

        Assert.True(snoozedUntil.ExitCode == 0, snoozedUntil.ToString());
        Assert.Contains($"Snoozed reminder {id} for occurrence {occurrenceId} until ", snoozedUntil.StandardOutput, StringComparison.Ordinal);

        Assert.True(dismissed.ExitCode == 0, dismissed.ToString());
        Assert.Contains($"Dismissed reminder {id} for occurrence {occurrenceId}.", dismissed.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, afterDismiss.GetProperty("due").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, afterDismiss.GetProperty("nextDueAt").ValueKind);
        Assert.Equal(1, snoozeDismissed.ExitCode);
        Assert.StartsWith("error: ", WithoutANodeTests.SingleLine(snoozeDismissed.StandardError), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RmDeletesAReminder()
    {
        var org = await NewOrgAsync();
        var (eventId, _, _) = await AddEventAsync(org, "Team lunch", TimeSpan.FromDays(2));
        var id = Json(await fixture.RunAsync("reminder", "add", "--in", org, "--event", eventId, "--before", "0m", "--json")).GetProperty("id").GetString()!;

        var removed = await fixture.RunAsync("reminder", "rm", id, "--in", org);
        var again = await fixture.RunAsync("reminder", "rm", id, "--in", org);
        var dismissGone = await fixture.RunAsync("reminder", "dismiss", id, "--in", org);

        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Contains($"Deleted reminder {id} of 'Team lunch': at the start", removed.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("not found", again.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, dismissGone.ExitCode);
        Assert.Equal(0, Json(await fixture.RunAsync("reminder", "list", "--in", org, "--json")).GetArrayLength());
    }

    [Fact]
    public async Task WatchJsonPrintsAReminderAsItComesDueAndCtrlCEndsItWithExit0()
    {
        var org = await NewOrgAsync();
        var (eventId, start, occurrenceId) = await AddEventAsync(org, "Pick up results", TimeSpan.FromHours(1));
        await using var watch = CliProcess.Start(["reminder", "watch", "--in", org, "--json", .. fixture.NodeArguments()]);

        var id = Json(await fixture.RunAsync("reminder", "add", "--in", org, "--event", eventId, "--at", "+2s", "--json")).GetProperty("id").GetString()!;
        var line = await watch.ReadLineAsync();
        await watch.InterruptAsync();
        var result = await watch.WaitForExitAsync();

        var due = JsonDocument.Parse(line).RootElement;
        Assert.Equal(id, due.GetProperty("reminderId").GetString());
        Assert.Equal(org, due.GetProperty("orgId").GetString());
        Assert.Equal(eventId, due.GetProperty("eventId").GetString());
        Assert.Equal(occurrenceId, due.GetProperty("occurrenceId").GetString());
        Assert.Equal("Pick up results", due.GetProperty("eventTitle").GetString());
        Assert.Equal(start, due.GetProperty("occurrenceStart").GetDateTimeOffset());
        Assert.False(due.GetProperty("late").GetBoolean());
        Assert.False(due.GetProperty("snoozed").GetBoolean());
        Assert.Equal(0, result.ExitCode);
        // Said once on stderr, so stdout stays JSON lines only: what it watches, and how to stop it.
        var said = WithoutANodeTests.SingleLine(result.StandardError);
        Assert.StartsWith($"Watching reminders of org '", said, StringComparison.Ordinal);
        Assert.Contains($"({org}) on {fixture.Node.HttpAddress.ToString().TrimEnd('/')}", said, StringComparison.Ordinal);
        Assert.EndsWith("Ctrl+C stops.", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchSaysAtOnceWhatItWatchesBeforeAnyReminderComes()
    {
        var org = await NewOrgAsync();
        await using var watch = CliProcess.Start(["reminder", "watch", "--in", org, .. fixture.NodeArguments()]);

        // Nothing is due: the only sign of life is the line on stderr, which must come without any reminder.
        var said = await watch.ReadErrorLineAsync();
        await watch.InterruptAsync();
        var result = await watch.WaitForExitAsync();

        Assert.StartsWith("Watching reminders of org '", said, StringComparison.Ordinal);
        Assert.Contains($"({org}) on ", said, StringComparison.Ordinal);
        Assert.EndsWith("Ctrl+C stops.", said, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task WatchIncludeDuePrintsWhatIsAlreadyDueAsOneLine()
    {
        var org = await NewOrgAsync();
        var (eventId, _, occurrenceId) = await AddEventAsync(org, "Renew prescription", TimeSpan.FromHours(1));
        var id = Json(await fixture.RunAsync("reminder", "add", "--in", org, "--event", eventId, "--at", "now", "--json")).GetProperty("id").GetString()!;
        await using var watch = CliProcess.Start(["reminder", "watch", "--in", org, "--include-due", .. fixture.NodeArguments()]);

        var line = await watch.ReadLineAsync();
        await watch.InterruptAsync();
        var result = await watch.WaitForExitAsync();

        Assert.Contains("Renew prescription, starts ", line, StringComparison.Ordinal);
        Assert.EndsWith($"reminder {id} occurrence {occurrenceId}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("(late)", line, StringComparison.Ordinal);
        Assert.Equal(0, result.ExitCode);
    }

    private async Task<string> NewOrgAsync() =>
        (await fixture.Node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Reminders " + Guid.NewGuid().ToString("N")[..8] })).Id;

    /// <summary>
    /// Adds a one-hour event starting <paramref name="fromNow"/> through the API (the event commands have their own
    /// tests); returns its id, start and only occurrence as the calendar lists them.
    /// </summary>
    private async Task<(string Id, DateTimeOffset Start, string OccurrenceId)> AddEventAsync(string org, string title, TimeSpan fromNow)
    {
        var calendar = new CalendarService.CalendarServiceClient(fixture.Node.Channel);
        var start = DateTime.UtcNow + fromNow;
        var created = await calendar.CreateEventAsync(new CreateEventRequest
        {
            OrgId = org,
            Event = new Event
            {
                Title = title,
                Start = start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                End = start.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                TimeZone = "UTC",
            },
        });
        var occurrences = await calendar.ListOccurrencesAsync(new ListOccurrencesRequest
        {
            OrgId = org,
            From = Timestamp.FromDateTime(start.AddDays(-1)),
            To = Timestamp.FromDateTime(start.AddDays(1)),
        });
        var occurrence = occurrences.Occurrences.Single(o => o.EventId == created.Id);
        return (created.Id, occurrence.Start.ToDateTimeOffset(), occurrence.OccurrenceId);
    }

    private static JsonElement Json(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }
}
