using System.Globalization;
using System.Text.Json;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary><c>p2pclinic event add|list|show|edit|rm|import|export</c> against a real node with the calendar plugin.</summary>
public sealed class EventCommandTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task AddShowEditAndRmAnEventWithJson()
    {
        var org = await NewOrgAsync();
        var contact = Json(await fixture.RunAsync("contact", "add", "Ana Núñez", "--in", org, "--email", "ana@example.org", "--json")).GetProperty("id").GetString()!;

        var added = Json(await fixture.RunAsync(
            "event", "add", "Team meeting", "--in", org, "--start", "2026-12-07 09:00", "--duration", "1h30m", "--tz", "Europe/Paris",
            "--location", "Room 2", "--description", "Weekly sync", "--attendee", "Bea Roth <bea@example.org>", "--attendee", contact,
            "--rrule", "FREQ=WEEKLY;BYDAY=MO", "--exdate", "2026-12-14 09:00", "--json"));
        var id = added.GetProperty("id").GetString()!;
        var shown = Json(await fixture.RunAsync("event", "show", id, "--in", org, "--json"));
        var edited = Json(await fixture.RunAsync("event", "edit", id, "--in", org, "--title", "Team sync", "--start", "2026-12-08 10:00", "--clear", "location", "--json"));
        var removed = await fixture.RunAsync("event", "rm", id, "--in", org);
        var gone = await fixture.RunAsync("event", "show", id, "--in", org);

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal("Team meeting", shown.GetProperty("title").GetString());
        Assert.Equal("2026-12-07T09:00:00", shown.GetProperty("start").GetString());
        Assert.Equal("2026-12-07T10:30:00", shown.GetProperty("end").GetString());
        Assert.False(shown.GetProperty("allDay").GetBoolean());
        Assert.Equal("Europe/Paris", shown.GetProperty("timeZone").GetString());
        Assert.Equal("Room 2", shown.GetProperty("location").GetString());
        Assert.Equal("Weekly sync", shown.GetProperty("description").GetString());
        var attendees = shown.GetProperty("attendees").EnumerateArray().ToList();
        Assert.Equal(2, attendees.Count);
        Assert.Equal(("bea@example.org", "Bea Roth"), (attendees[0].GetProperty("email").GetString(), attendees[0].GetProperty("displayName").GetString()));
        Assert.Equal(contact, attendees[1].GetProperty("contactId").GetString());
        Assert.Equal("FREQ=WEEKLY;BYDAY=MO", shown.GetProperty("rrule").GetString());
        Assert.Equal(["2026-12-14T09:00:00"], shown.GetProperty("exdates").EnumerateArray().Select(e => e.GetString()));

        // Moving the start keeps the length; what was not named keeps its value.
        Assert.Equal("Team sync", edited.GetProperty("title").GetString());
        Assert.Equal("2026-12-08T10:00:00", edited.GetProperty("start").GetString());
        Assert.Equal("2026-12-08T11:30:00", edited.GetProperty("end").GetString());
        Assert.Equal("", edited.GetProperty("location").GetString());
        Assert.Equal("Weekly sync", edited.GetProperty("description").GetString());
        Assert.Equal("Europe/Paris", edited.GetProperty("timeZone").GetString());

        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Contains($"Deleted event 'Team sync' ({id}).", removed.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("not found", gone.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditWithOccurrenceMovesOnlyThatOccurrenceOfASeries()
    {
        var org = await NewOrgAsync();
        var id = Json(await fixture.RunAsync(
            "event", "add", "Rounds", "--in", org, "--start", "2026-12-07 09:00", "--duration", "1h", "--tz", "Europe/Paris", "--rrule", "FREQ=WEEKLY;COUNT=3", "--json"))
            .GetProperty("id").GetString()!;

        var moved = await fixture.RunAsync("event", "edit", id, "--in", org, "--occurrence", "20261214T080000Z", "--start", "2026-12-15 14:00");
        var series = Json(await fixture.RunAsync("event", "show", id, "--in", org, "--json"));
        var listed = Json(await fixture.RunAsync("event", "list", "--in", org, "--from", "2026-12-07", "--to", "2026-12-28", "--tz", "Europe/Paris", "--json"));

        Assert.True(moved.ExitCode == 0, moved.ToString());
        Assert.Contains("Changed occurrence 20261214T080000Z of 'Rounds' only", moved.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["2026-12-14T09:00:00"], series.GetProperty("exdates").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            ["2026-12-07T09:00:00", "2026-12-15T14:00:00", "2026-12-21T09:00:00"],
            listed.GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("localStart").GetString()));
        var refused = await fixture.RunAsync("event", "edit", id, "--in", org, "--occurrence", "20261214T080000Z", "--start", "2026-12-16 14:00");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("has no occurrence 20261214T080000Z", refused.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAndShowPrintAReadableCard()
    {
        var org = await NewOrgAsync();

        var added = await fixture.RunAsync("event", "add", "Holidays", "--in", org, "--start", "2026-12-24", "--end", "2026-12-27", "--all-day", "--tz", "Europe/Madrid");
        var id = Json(await fixture.RunAsync("event", "list", "--in", org, "--from", "2026-12-01", "--to", "2027-01-01", "--json"))
            .GetProperty("occurrences")[0].GetProperty("eventId").GetString()!;
        var shown = await fixture.RunAsync("event", "show", id, "--in", org);

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains($"Added event 'Holidays' ({id}).", added.StandardOutput, StringComparison.Ordinal);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("Thu 2026-12-24", shown.StandardOutput, StringComparison.Ordinal);
        // The stored end is the day after (iCalendar's exclusive end); people are shown the last day.
        Assert.Contains("Sat 2026-12-26 (last day)", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Europe/Madrid", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("", shown.StandardError);
    }

    [Fact]
    public async Task ListExpandsAWeeklyEventInTheRangeAndLeavesOutItsExdate()
    {
        var org = await NewOrgAsync();
        var id = Json(await fixture.RunAsync(
            "event", "add", "Clinic rounds", "--in", org, "--start", "2026-12-07 09:00", "--end", "2026-12-07 10:00", "--tz", "Europe/Paris",
            "--rrule", "FREQ=WEEKLY;BYDAY=MO", "--exdate", "2026-12-14 09:00", "--json")).GetProperty("id").GetString()!;

        var listed = Json(await fixture.RunAsync("event", "list", "--in", org, "--from", "2026-12-01", "--to", "2027-01-01", "--tz", "Europe/Paris", "--json"));
        var table = await fixture.RunAsync("event", "list", "--in", org, "--from", "2026-12-01", "--to", "2027-01-01", "--tz", "Europe/Paris");

        var occurrences = listed.GetProperty("occurrences").EnumerateArray().ToList();
        Assert.All(occurrences, o => Assert.Equal(id, o.GetProperty("eventId").GetString()));
        Assert.Equal(
            ["2026-12-07T09:00:00", "2026-12-21T09:00:00", "2026-12-28T09:00:00"],
            occurrences.Select(o => o.GetProperty("localStart").GetString()));
        Assert.Equal(["20261207T080000Z", "20261221T080000Z", "20261228T080000Z"], occurrences.Select(o => o.GetProperty("occurrenceId").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero), occurrences[0].GetProperty("start").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1)), listed.GetProperty("from").GetDateTimeOffset());

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Mon 2026-12-07 09:00 – 10:00", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Mon 2026-12-28 09:00 – 10:00", table.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-12-14", table.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWallClockTimeStaysPutAcrossADaylightSavingChange()
    {
        var org = await NewOrgAsync();
        await fixture.RunAsync("event", "add", "Morning huddle", "--in", org, "--start", "2027-03-27 09:00", "--duration", "15m", "--tz", "Europe/Paris", "--rrule", "FREQ=DAILY;COUNT=3");

        var listed = Json(await fixture.RunAsync("event", "list", "--in", org, "--from", "2027-03-26T00:00Z", "--to", "2027-04-01T00:00Z", "--json"));

        // Paris moves from UTC+1 to UTC+2 on 2027-03-28: 09:00 local is 08:00 UTC, then 07:00 UTC.
        Assert.Equal(
            ["2027-03-27T08:00:00Z", "2027-03-28T07:00:00Z", "2027-03-29T07:00:00Z"],
            listed.GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("start").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task AStartInADaylightSavingGapIsMovedPastItWithANoteAndShownTheSameInEveryListing()
    {
        var org = await NewOrgAsync();

        var added = await fixture.RunAsync("event", "add", "Night shift", "--in", org, "--start", "2026-03-29 02:30", "--tz", "Europe/Paris", "--duration", "1h", "--json");
        var local = await fixture.RunAsync("event", "list", "--in", org, "--from", "2026-03-29 00:00", "--to", "2026-03-30 00:00", "--tz", "Europe/Paris");
        var utc = await fixture.RunAsync("event", "list", "--in", org, "--from", "2026-03-29 00:00", "--to", "2026-03-30 00:00", "--tz", "UTC");

        Assert.Equal(
            "note: --start 2026-03-29 02:30 does not exist in Europe/Paris (the clocks skip it); stored as Sun 2026-03-29 03:30",
            WithoutANodeTests.SingleLine(added.StandardError));
        var e = Json(added);
        Assert.Equal(("2026-03-29T03:30:00", "2026-03-29T04:30:00"), (e.GetProperty("start").GetString(), e.GetProperty("end").GetString()));
        Assert.Contains("Sun 2026-03-29 03:30 – 04:30", local.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Sun 2026-03-29 01:30 – 02:30", utc.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListWithoutARangeShowsTheNextSevenDays()
    {
        var org = await NewOrgAsync();
        await fixture.RunAsync("event", "add", "In two days", "--in", org, "--start", "+2d", "--duration", "1h");
        await fixture.RunAsync("event", "add", "In ten days", "--in", org, "--start", "+10d", "--duration", "1h");

        var listed = Json(await fixture.RunAsync("event", "list", "--in", org, "--json"));

        Assert.Equal(TimeSpan.FromDays(7), listed.GetProperty("to").GetDateTimeOffset() - listed.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(["In two days"], listed.GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task ListOfAnEmptyRangeSaysSo()
    {
        var org = await NewOrgAsync();

        var listed = await fixture.RunAsync("event", "list", "--in", org, "--from", "2030-01-01 00:00", "--to", "2030-01-02 00:00", "--tz", "UTC");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Equal("No events from Tue 2030-01-01 00:00 to Wed 2030-01-02 00:00.", listed.StandardOutput.Trim());
    }

    [Theory]
    [InlineData("--start", "soon", "error: --start: cannot read 'soon' as a time")]
    [InlineData("--start", "2026-12-01", "error: --start: '2026-12-01' is a date; give a time")]
    [InlineData("--duration", "15x", "error: --duration: cannot read '15x' as a length of time (unknown unit 'x')")]
    [InlineData("--tz", "Mars/Olympus", "error: --tz: unknown time zone 'Mars/Olympus'")]
    [InlineData("--end", "2026-12-01 10:00", "error: give --end or --duration, not both")]
    public async Task AddWithABadOptionIsAUsageErrorNamingIt(string option, string value, string expected)
    {
        var arguments = new List<string> { "event", "add", "Bad", "--start", "2026-12-01 09:00", "--duration", "1h" };
        var existing = arguments.IndexOf(option);
        if (existing >= 0)
        {
            arguments[existing + 1] = value;
        }
        else
        {
            arguments.AddRange([option, value]);
        }

        var result = await fixture.RunAsync([.. arguments]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, WithoutANodeTests.SingleLine(result.StandardError), StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Theory]
    [InlineData(new[] { "event", "add", "No start" }, "error: --start is required")]
    [InlineData(new[] { "event", "add", "Dated", "--start", "2026-12-01 09:00", "--all-day" }, "error: --start: an all-day event takes a date such as 2026-12-01")]
    [InlineData(new[] { "event", "list", "--from", "2026-12-10", "--to", "2026-12-01" }, "error: --to (Tue 2026-12-01 00:00) is before --from (Thu 2026-12-10 00:00)")]
    [InlineData(new[] { "event", "list", "--from", "someday" }, "error: --from: cannot read 'someday' as a time")]
    public async Task OtherCommandLineMistakesAreUsageErrors(string[] arguments, string expected)
    {
        var result = await fixture.RunAsync([.. arguments, "--tz", "UTC"]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, WithoutANodeTests.SingleLine(result.StandardError), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "event", "list", "--from", "0001-01-01 00:00", "--tz", "Europe/Paris" }, "error: --from: '0001-01-01 00:00' is outside the times the calendar holds (0001-01-01 to 9999-12-31 in UTC)")]
    [InlineData(new[] { "event", "list", "--from", "2026-01-01", "--to", "9999-12-31 23:30", "--tz", "America/New_York" }, "error: --to: '9999-12-31 23:30' is outside the times the calendar holds (0001-01-01 to 9999-12-31 in UTC)")]
    [InlineData(new[] { "event", "add", "Late", "--start", "9999-12-31T23:30Z", "--tz", "Asia/Tokyo" }, "error: --start: '9999-12-31T23:30Z' is outside the times the calendar holds (0001-01-01 to 9999-12-31 in UTC)")]
    [InlineData(new[] { "event", "add", "Late", "--start", "9999-12-31 23:00", "--duration", "2h", "--tz", "UTC" }, "error: --duration: the event would end after the last day of the calendar (9999-12-31)")]
    [InlineData(new[] { "event", "add", "Late", "--start", "9999-12-30", "--duration", "3d", "--all-day", "--tz", "UTC" }, "error: --duration: the event would end after the last day of the calendar (9999-12-31)")]
    public async Task TimesBeyondEitherEndOfTheCalendarAreUsageErrorsInOurWords(string[] arguments, string expected)
    {
        var result = await fixture.RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, WithoutANodeTests.SingleLine(result.StandardError));
    }

    [Fact]
    public async Task ListFromTheLastDaysOfTheCalendarEndsTheDefaultRangeAtItsLastInstant()
    {
        var org = await NewOrgAsync();

        var result = await fixture.RunAsync("event", "list", "--in", org, "--from", "9999-12-30T00:00Z", "--tz", "UTC");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("No events from Thu 9999-12-30 00:00 to Fri 9999-12-31 23:59.", result.StandardOutput.Trim());
    }

    [Theory]
    [InlineData("FREQ=WEEKLY;BYDAY=MONDAY", "error: recurrence.rrule: BYDAY: 'MONDAY' is not a day, optionally with its week number (MO, -1FR, 2TU)")]
    [InlineData("FREQ=DAILY;COUNT=0", "error: recurrence.rrule: COUNT=0 is not a whole number of at least 1")]
    [InlineData("FREQ=DAILY;UNTIL=2026-12-31", "error: recurrence.rrule: UNTIL=2026-12-31 is not a date (20261231) or a UTC date-time (20261231T235959Z)")]
    public async Task AnInvalidRruleIsOneLineInOurWordsAndExit1(string rrule, string expected)
    {
        var org = await NewOrgAsync();

        var result = await fixture.RunAsync("event", "add", "Bad rule", "--in", org, "--start", "2026-12-01 09:00", "--tz", "UTC", "--rrule", rrule);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, WithoutANodeTests.SingleLine(result.StandardError));
    }

    [Fact]
    public async Task EditWithoutAChangeOrWithAnUnknownClearFieldIsAUsageError()
    {
        var org = await NewOrgAsync();
        var id = Json(await fixture.RunAsync("event", "add", "Edit me", "--in", org, "--start", "2026-12-01 09:00", "--json")).GetProperty("id").GetString()!;

        var nothing = await fixture.RunAsync("event", "edit", id, "--in", org);
        var unknown = await fixture.RunAsync("event", "edit", id, "--in", org, "--clear", "colour");
        var contradiction = await fixture.RunAsync("event", "edit", id, "--in", org, "--all-day", "--timed", "--start", "2026-12-02");
        var clearAndSet = await fixture.RunAsync("event", "edit", id, "--in", org, "--clear", "end", "--duration", "1h");

        Assert.Equal(2, nothing.ExitCode);
        Assert.StartsWith("error: nothing to change", WithoutANodeTests.SingleLine(nothing.StandardError), StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("error: --clear: unknown field 'colour'; use end, location,", WithoutANodeTests.SingleLine(unknown.StandardError), StringComparison.Ordinal);
        Assert.Equal(2, contradiction.ExitCode);
        Assert.Equal("error: --all-day and --timed contradict each other; give one", WithoutANodeTests.SingleLine(contradiction.StandardError));
        Assert.Equal(2, clearAndSet.ExitCode);
        Assert.Equal("error: --clear end contradicts --end/--duration; give one", WithoutANodeTests.SingleLine(clearAndSet.StandardError));
    }

    [Fact]
    public async Task EditWithANewStartAndClearEndLeavesNoEnd()
    {
        var org = await NewOrgAsync();
        var id = Json(await fixture.RunAsync("event", "add", "Open end", "--in", org, "--start", "2026-12-01 09:00", "--duration", "2h", "--tz", "UTC", "--json"))
            .GetProperty("id").GetString()!;

        var edited = Json(await fixture.RunAsync("event", "edit", id, "--in", org, "--start", "2026-12-01 10:00", "--clear", "end", "--json"));

        Assert.Equal("2026-12-01T10:00:00", edited.GetProperty("start").GetString());
        Assert.Equal("", edited.GetProperty("end").GetString());
    }

    [Fact]
    public async Task EditCanTurnATimedEventIntoAnAllDayOneAndBack()
    {
        var org = await NewOrgAsync();
        var id = Json(await fixture.RunAsync("event", "add", "Offsite", "--in", org, "--start", "2026-12-01 09:00", "--end", "2026-12-01 17:00", "--tz", "UTC", "--json"))
            .GetProperty("id").GetString()!;

        var missingStart = await fixture.RunAsync("event", "edit", id, "--in", org, "--all-day");
        var edited = Json(await fixture.RunAsync("event", "edit", id, "--in", org, "--all-day", "--start", "2026-12-01", "--duration", "2d", "--json"));
        var timedAgain = Json(await fixture.RunAsync("event", "edit", id, "--in", org, "--timed", "--start", "2026-12-01 09:00", "--json"));

        Assert.Equal(2, missingStart.ExitCode);
        Assert.StartsWith("error: --all-day changes how the start is written: give --start too", WithoutANodeTests.SingleLine(missingStart.StandardError), StringComparison.Ordinal);
        Assert.True(edited.GetProperty("allDay").GetBoolean());
        Assert.Equal("2026-12-01", edited.GetProperty("start").GetString());
        Assert.Equal("2026-12-03", edited.GetProperty("end").GetString());
        // Back to timed without a new end: the date end cannot stay, so it is cleared.
        Assert.False(timedAgain.GetProperty("allDay").GetBoolean());
        Assert.Equal("2026-12-01T09:00:00", timedAgain.GetProperty("start").GetString());
        Assert.Equal("", timedAgain.GetProperty("end").GetString());
    }

    [Theory]
    [InlineData(new[] { "--end", "2026-12-01 08:00" }, "error: end: ")]
    [InlineData(new[] { "--rrule", "FREQ=SOMETIMES" }, "error: recurrence.rrule: ")]
    [InlineData(new[] { "--attendee", "Bea <not-an-email@>" }, "error: attendees[0].email: ")]
    public async Task AddRefusedByTheNodeShowsTheFieldItNamesAndExits1(string[] extra, string expected)
    {
        var org = await NewOrgAsync();

        var result = await fixture.RunAsync(["event", "add", "Refused", "--in", org, "--start", "2026-12-01 09:00", "--tz", "UTC", .. extra]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(expected, WithoutANodeTests.SingleLine(result.StandardError), StringComparison.Ordinal);
        Assert.Equal(0, Json(await fixture.RunAsync("event", "list", "--in", org, "--from", "2026-11-01", "--to", "2027-01-01", "--json")).GetProperty("occurrences").GetArrayLength());
    }

    [Fact]
    public async Task ImportReportsTheBadEventByLineAndKeepsTheOthers()
    {
        var org = await NewOrgAsync();
        var file = Path.Combine(Path.GetTempPath(), $"calendar-{Guid.NewGuid():N}.ics");
        await File.WriteAllTextAsync(file, SmallCalendar);
        try
        {
            var imported = await fixture.RunAsync("event", "import", file, "--in", org, "--json");
            var again = await fixture.RunAsync("event", "import", file, "--in", org);
            var listed = Json(await fixture.RunAsync("event", "list", "--in", org, "--from", "2026-12-01", "--to", "2027-01-01", "--json"));

            Assert.Equal(1, imported.ExitCode);
            var summary = JsonDocument.Parse(imported.StandardOutput).RootElement;
            Assert.Equal(3, summary.GetProperty("totalEvents").GetInt32());
            Assert.Equal(2, summary.GetProperty("created").GetInt32());
            Assert.Equal(1, summary.GetProperty("failed").GetInt32());
            var error = Assert.Single(summary.GetProperty("errors").EnumerateArray());
            Assert.Equal(2, error.GetProperty("event").GetInt32());
            Assert.Equal(BadLine, error.GetProperty("line").GetInt32());
            Assert.StartsWith($"line {BadLine}:", error.GetProperty("message").GetString(), StringComparison.Ordinal);

            // The same file again updates the events by UID rather than adding copies; the text lists the refusal.
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("Imported 0 new and 2 updated event(s) from 3; 1 refused.", again.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"event 2, line {BadLine}:", again.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(["Imported one", "Imported two"], listed.GetProperty("occurrences").EnumerateArray().Select(o => o.GetProperty("title").GetString()));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ImportReadsStandardInputGivenAsADash()
    {
        var org = await NewOrgAsync();

        var result = await CliRunner.RunAsync(["event", "import", "-", "--in", org, "--json", .. fixture.NodeArguments()], standardInput: SmallCalendar);

        Assert.Equal(1, result.ExitCode);
        var summary = JsonDocument.Parse(result.StandardOutput).RootElement;
        Assert.Equal(2, summary.GetProperty("created").GetInt32());
        Assert.Equal(BadLine, summary.GetProperty("errors")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task ImportOfAnEventLargerThanTheNodeTakesInOneRequestRefusesItByNumberAndGoesOn()
    {
        var file = Path.Combine(Path.GetTempPath(), $"huge-{Guid.NewGuid():N}.ics");
        var description = "DESCRIPTION:" + new string('x', 60) + "\r\n";
        await File.WriteAllTextAsync(file, SmallCalendar.Replace("SUMMARY:Imported one\r\n", "SUMMARY:Imported one\r\n" + string.Concat(Enumerable.Repeat(description, 80_000)), StringComparison.Ordinal));
        try
        {
            var result = await fixture.RunAsync("event", "import", file);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("  event 1, the event alone is larger than the node takes in one request", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ImportOfAMissingFileIsAUsageError()
    {
        var result = await fixture.RunAsync("event", "import", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.ics"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: cannot read ", WithoutANodeTests.SingleLine(result.StandardError), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportWritesAnIcsFileOrStandardOutput()
    {
        var org = await NewOrgAsync();
        var first = Json(await fixture.RunAsync("event", "add", "Exported one", "--in", org, "--start", "2026-12-07 09:00", "--tz", "Europe/Paris", "--rrule", "FREQ=DAILY;COUNT=2", "--json"))
            .GetProperty("id").GetString()!;
        await fixture.RunAsync("event", "add", "Exported two", "--in", org, "--start", "2026-12-24", "--all-day");
        var file = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.ics");
        try
        {
            var toFile = Json(await fixture.RunAsync("event", "export", file, "--in", org, "--json"));
            var toStdout = await fixture.RunAsync("event", "export", "--in", org, "--id", first);

            Assert.Equal(2, toFile.GetProperty("count").GetInt32());
            Assert.Equal(file, toFile.GetProperty("file").GetString());
            var ics = await File.ReadAllTextAsync(file);
            Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
            Assert.Contains("SUMMARY:Exported one\r\n", ics, StringComparison.Ordinal);
            Assert.Contains("SUMMARY:Exported two\r\n", ics, StringComparison.Ordinal);
            Assert.Contains("DTSTART;TZID=Europe/Paris:20261207T090000\r\n", ics, StringComparison.Ordinal);
            Assert.Contains("RRULE:FREQ=DAILY;COUNT=2", ics, StringComparison.Ordinal);

            Assert.True(toStdout.ExitCode == 0, toStdout.ToString());
            Assert.StartsWith("BEGIN:VCALENDAR", toStdout.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("SUMMARY:Exported one", toStdout.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("Exported two", toStdout.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("contact", "empty.vcf", "Imported 0 new and 0 updated contact(s) from 0 card(s); 1 refused.\n  line 1: the file is empty: no card (BEGIN:VCARD ... END:VCARD) in it")]
    [InlineData("event", "empty.ics", "Imported 0 new and 0 updated event(s) from 0; 1 refused.\n  line 1: the file is empty: no calendar (BEGIN:VCALENDAR ... END:VCALENDAR) in it")]
    public async Task AnEmptyFileIsRefusedByBothImportsWithExit1(string kind, string name, string expected)
    {
        var org = await NewOrgAsync();
        var file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        await File.WriteAllTextAsync(file, "\r\n");
        try
        {
            var result = await fixture.RunAsync(kind, "import", file, "--in", org);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal(expected, result.StandardOutput.Trim().ReplaceLineEndings("\n"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AnUnknownOrgIsRefused()
    {
        var result = await fixture.RunAsync("event", "list", "--in", "no such org " + Guid.NewGuid().ToString("N")[..6]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no org is named", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The line of the bad DTSTART in <see cref="SmallCalendar"/> (1-based).</summary>
    private const int BadLine = 14;

    private const string SmallCalendar =
        "BEGIN:VCALENDAR\r\n" +
        "VERSION:2.0\r\n" +
        "PRODID:-//P2P Clinic tests//CLI//EN\r\n" +
        "BEGIN:VEVENT\r\n" +
        "UID:one@cli.test\r\n" +
        "DTSTAMP:20261101T000000Z\r\n" +
        "DTSTART;TZID=Europe/Paris:20261207T090000\r\n" +
        "DTEND;TZID=Europe/Paris:20261207T100000\r\n" +
        "SUMMARY:Imported one\r\n" +
        "END:VEVENT\r\n" +
        "BEGIN:VEVENT\r\n" +
        "UID:bad@cli.test\r\n" +
        "DTSTAMP:20261101T000000Z\r\n" +
        "DTSTART:2026-13-45\r\n" +
        "SUMMARY:Broken\r\n" +
        "END:VEVENT\r\n" +
        "BEGIN:VEVENT\r\n" +
        "UID:two@cli.test\r\n" +
        "DTSTAMP:20261101T000000Z\r\n" +
        "DTSTART;VALUE=DATE:20261224\r\n" +
        "SUMMARY:Imported two\r\n" +
        "END:VEVENT\r\n" +
        "END:VCALENDAR\r\n";

    private async Task<string> NewOrgAsync() =>
        (await fixture.Node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Calendar " + Guid.NewGuid().ToString("N")[..8] })).Id;

    private static JsonElement Json(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }
}
