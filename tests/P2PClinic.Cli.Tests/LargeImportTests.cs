using System.Globalization;
using System.Text;
using System.Text.Json;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Cli.Internal;
using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary>
/// Files larger than the node takes in one request (4 MiB) import through the CLI: cut at card and event boundaries,
/// the parts sent one after the other, problems reported with the whole file's card, event and line numbers.
/// </summary>
public sealed class LargeImportTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    [Fact]
    public void VCardsCutIntoPartsOfWholeCardsJoinBackToTheExactFile()
    {
        var file = Encoding.UTF8.GetBytes("\uFEFF" + Cards(0, 40, bad: 27));

        var parts = ImportParts.SplitVCards(file, maxPartBytes: 1500);

        Assert.True(parts.Count > 5);
        Assert.Equal(file, parts.SelectMany(p => p.Bytes).ToArray());
        Assert.All(parts, p => Assert.StartsWith(p == parts[0] ? "\uFEFFBEGIN:VCARD" : "BEGIN:VCARD", Encoding.UTF8.GetString(p.Bytes), StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, 40), parts.SelectMany(p => p.FileItems));
        var second = parts[1];
        Assert.Equal(parts[0].FileLines.Length + 1, second.FileLine(1));
        Assert.Equal(parts[0].FileItems.Length + 1, second.FileItem(1));
    }

    [Fact]
    public void ACalendarCutIntoPartsGivesEachPartTheCalendarLinesAndZonesAndKeepsOverridesWithTheirEvent()
    {
        var file = Encoding.UTF8.GetBytes(Calendar(60, overrideOf: 2));

        var parts = ImportParts.SplitCalendar(file, maxPartBytes: 3000);

        Assert.True(parts.Count > 3);
        foreach (var part in parts.Select(p => Encoding.UTF8.GetString(p.Bytes)))
        {
            Assert.StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", part, StringComparison.Ordinal);
            Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich\r\n", part, StringComparison.Ordinal);
            Assert.EndsWith("END:VCALENDAR\r\n", part, StringComparison.Ordinal);
        }

        // Every event once; the override (event 61, at the end of the file) travels with event 2.
        Assert.Equal(Enumerable.Range(1, 61), parts.SelectMany(p => p.FileItems).Order());
        Assert.Contains(parts, p => p.FileItems.Contains(2) && p.FileItems.Contains(61));
        Assert.Equal(61, parts.Sum(p => Encoding.UTF8.GetString(p.Bytes).Split("BEGIN:VEVENT").Length - 1));
    }

    [Fact]
    public async Task ATenMegabyteAddressBookImportsThroughTheCliAndABadCardIsNamedByItsPlaceInTheFile()
    {
        var org = Json(await fixture.RunAsync("org", "create", "Big book", "--json")).GetProperty("id").GetString()!;
        const int Count = 24_000;
        var file = Path.Combine(fixture.Node.DataDirectory, "big.vcf");
        await File.WriteAllTextAsync(file, Cards(0, Count, bad: 20_001));
        Assert.True(new FileInfo(file).Length > 10_000_000);

        var result = await fixture.RunAsync("contact", "import", file, "--in", org, "--json");

        Assert.Equal(1, result.ExitCode);
        var summary = Json(result);
        Assert.Equal((Count, Count - 1, 1), (summary.GetProperty("totalCards").GetInt32(), summary.GetProperty("created").GetInt32(), summary.GetProperty("failed").GetInt32()));
        var error = summary.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(20_001, error.GetProperty("card").GetInt32());
        Assert.Equal(LineOfCard(20_001) + 3, error.GetProperty("line").GetInt32());
        Assert.StartsWith($"line {LineOfCard(20_001) + 3}:", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var contacts = new ContactService.ContactServiceClient(fixture.Node.Channel);
        Assert.Equal(Count - 1, (await contacts.ListContactsAsync(new ListContactsRequest { OrgId = org, PageSize = 1 })).TotalSize);
        Assert.Single((await contacts.SearchContactsAsync(new SearchContactsRequest { OrgId = org, Query = "Patient 23999" })).Contacts);
    }

    [Fact]
    public async Task ASingleCardLargerThanTheNodeTakesIsRefusedByItsPlaceAndTheOthersAreImported()
    {
        var org = Json(await fixture.RunAsync("org", "create", "Photo book", "--json")).GetProperty("id").GetString()!;
        var file = Path.Combine(fixture.Node.DataDirectory, "photo.vcf");
        var huge = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Huge note\r\nNOTE:" + new string('p', 5 * 1024 * 1024) + "\r\nEND:VCARD\r\n";
        await File.WriteAllTextAsync(file, Cards(0, 2, bad: 0) + huge + Cards(2, 1, bad: 0));

        var result = await fixture.RunAsync("contact", "import", file, "--in", org);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "Imported 3 new and 0 updated contact(s) from 4 card(s); 1 refused.\n  card 3: line 13: the card alone is larger than the node takes in one request",
            result.StandardOutput.Trim().ReplaceLineEndings("\n"));
        var contacts = new ContactService.ContactServiceClient(fixture.Node.Channel);
        Assert.Equal(3, (await contacts.ListContactsAsync(new ListContactsRequest { OrgId = org, PageSize = 10 })).TotalSize);
    }

    [Fact]
    public async Task ACalendarOverFourMegabytesImportsThroughTheCliWithItsZonesAndOverrides()
    {
        var org = Json(await fixture.RunAsync("org", "create", "Big calendar", "--json")).GetProperty("id").GetString()!;
        const int Count = 14_000;
        var file = Path.Combine(fixture.Node.DataDirectory, "big.ics");
        await File.WriteAllTextAsync(file, Calendar(Count, overrideOf: 2));
        Assert.True(new FileInfo(file).Length > 4 * 1024 * 1024);

        var result = await fixture.RunAsync("event", "import", file, "--in", org, "--json");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        var summary = Json(result);
        Assert.Equal(Count + 1, summary.GetProperty("totalEvents").GetInt32());
        var calendar = new CalendarService.CalendarServiceClient(fixture.Node.Channel);
        var events = (await calendar.ListEventsAsync(new ListEventsRequest { OrgId = org, PageSize = 1 })).TotalSize;
        // The override of event 2 becomes an event of its own (RECURRENCE-ID) beside the series it came from.
        Assert.Equal(Count + 1, events);
        // 18 January: the third week of event 1, the second of event 2, the first of event 3. 09:00 in Zurich in January
        // is 08:00 UTC: the zone written after the events reached every part.
        var morning = await OccurrencesAsync(calendar, org, new DateTime(2027, 1, 18));
        Assert.Equal(["Event 1", "Event 2", "Event 3"], morning.Select(o => o.Title).Order(StringComparer.Ordinal));
        Assert.All(morning, o => Assert.Equal((8, "2027-01-18T09:00:00"), (o.Start.ToDateTimeOffset().Hour, o.LocalStart)));
        // 11 January: event 2's first week was moved to the 12th by the override at the end of the file.
        Assert.Equal(["Event 1"], (await OccurrencesAsync(calendar, org, new DateTime(2027, 1, 11))).Select(o => o.Title));
        Assert.Equal(["Moved weekly 2"], (await OccurrencesAsync(calendar, org, new DateTime(2027, 1, 12, 6, 0, 0))).Select(o => o.Title));
    }

    [Fact]
    public async Task ABookOfTwentyThousandContactsExportsThroughTheCliToAFileAndToStandardOutput()
    {
        var org = Json(await fixture.RunAsync("org", "create", "Big export", "--json")).GetProperty("id").GetString()!;
        const int Count = 20_000;
        var source = Path.Combine(fixture.Node.DataDirectory, "export-source.vcf");
        var target = Path.Combine(fixture.Node.DataDirectory, "export-target.vcf");
        await File.WriteAllTextAsync(source, Cards(0, Count, bad: 0));
        Assert.Equal(0, (await fixture.RunAsync("contact", "import", source, "--in", org, "--json")).ExitCode);

        var toFile = await fixture.RunAsync("contact", "export", target, "--in", org, "--json");
        var toStdout = await fixture.RunAsync("contact", "export", "-", "--in", org);

        Assert.Equal(Count, Json(toFile).GetProperty("count").GetInt32());
        var written = await File.ReadAllTextAsync(target);
        Assert.True(new FileInfo(target).Length > 4 * 1024 * 1024, $"{new FileInfo(target).Length} bytes");
        Assert.Equal(Count, written.Split("BEGIN:VCARD\r\n").Length - 1);
        Assert.Contains("FN:Patient 19999\r\n", written, StringComparison.Ordinal);
        Assert.True(toStdout.ExitCode == 0, toStdout.StandardError);
        Assert.Equal(written, toStdout.StandardOutput);
        Assert.Empty(Directory.GetFiles(fixture.Node.DataDirectory, "*.part"));
    }

    [Fact]
    public async Task ACalendarOverFourMegabytesExportsThroughTheCliAndImportsBackIntoAnotherOrg()
    {
        var org = Json(await fixture.RunAsync("org", "create", "Big calendar export", "--json")).GetProperty("id").GetString()!;
        const int Count = 15_000;
        var source = Path.Combine(fixture.Node.DataDirectory, "export-source.ics");
        var target = Path.Combine(fixture.Node.DataDirectory, "export-target.ics");
        await File.WriteAllTextAsync(source, Calendar(Count, overrideOf: 2));
        Assert.Equal(0, (await fixture.RunAsync("event", "import", source, "--in", org, "--json")).ExitCode);

        var exported = await fixture.RunAsync("event", "export", target, "--in", org, "--json");
        var copy = Json(await fixture.RunAsync("org", "create", "Big calendar copy", "--json")).GetProperty("id").GetString()!;
        var imported = await fixture.RunAsync("event", "import", target, "--in", copy, "--json");

        Assert.Equal(Count + 1, Json(exported).GetProperty("count").GetInt32());
        Assert.True(new FileInfo(target).Length > 4 * 1024 * 1024, $"{new FileInfo(target).Length} bytes");
        var text = await File.ReadAllTextAsync(target);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Split("END:VCALENDAR").Length - 1);
        Assert.Equal((Count + 1, 0), (Json(imported).GetProperty("created").GetInt32(), Json(imported).GetProperty("failed").GetInt32()));
        var calendar = new CalendarService.CalendarServiceClient(fixture.Node.Channel);
        var morning = await OccurrencesAsync(calendar, copy, new DateTime(2027, 1, 18));
        Assert.Equal(["Event 1", "Event 2", "Event 3"], morning.Select(o => o.Title).Order(StringComparer.Ordinal));
    }

    private static async Task<List<Occurrence>> OccurrencesAsync(CalendarService.CalendarServiceClient calendar, string org, DateTime from) =>
    [
        .. (await calendar.ListOccurrencesAsync(new ListOccurrencesRequest
        {
            OrgId = org,
            From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.SpecifyKind(from, DateTimeKind.Utc)),
            To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.SpecifyKind(from.AddHours(12), DateTimeKind.Utc)),
            PageSize = 100,
        })).Occurrences,
    ];

    private static int LineOfCard(int card) => ((card - 1) * 6) + 1;

    /// <summary>Cards of six lines each; the card numbered <paramref name="bad"/> has a birthday no one has.</summary>
    private static string Cards(int from, int count, int bad)
    {
        var text = new StringBuilder();
        for (var i = from + 1; i <= from + count; i++)
        {
            text.Append("BEGIN:VCARD\r\nVERSION:4.0\r\n");
            text.Append(CultureInfo.InvariantCulture, $"FN:Patient {i - 1}\r\n");
            text.Append(i == bad ? "BDAY:2026-13-45\r\n" : string.Create(CultureInfo.InvariantCulture, $"NOTE:{new string('n', 400)} {i}\r\n"));
            text.Append(CultureInfo.InvariantCulture, $"UID:urn:uuid:{new Guid(i, 0, 0, new byte[8]):D}\r\nEND:VCARD\r\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Weekly series in Zurich time, event i starting i-1 weeks after 4 January 2027; the zone comes after the events,
    /// and an override moving the first occurrence of one event comes last.
    /// </summary>
    private static string Calendar(int count, int overrideOf)
    {
        var text = new StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//P2P Clinic//tests//EN\r\n");
        for (var i = 1; i <= count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"BEGIN:VEVENT\r\nUID:event-{i}@clinic.example\r\nDTSTAMP:20261201T000000Z\r\nSUMMARY:Event {i}\r\n");
            var day = new DateTime(2027, 1, 4).AddDays(7 * (i - 1)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"DTSTART;TZID=Europe/Zurich:{day}T090000\r\nDTEND;TZID=Europe/Zurich:{day}T100000\r\nRRULE:FREQ=WEEKLY;COUNT=10\r\n");
            text.Append(CultureInfo.InvariantCulture, $"DESCRIPTION:{new string('d', 200)}\r\nEND:VEVENT\r\n");
        }

        text.Append("BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n");
        text.Append("BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n");
        text.Append(CultureInfo.InvariantCulture, $"BEGIN:VEVENT\r\nUID:event-{overrideOf}@clinic.example\r\nDTSTAMP:20261201T000000Z\r\nRECURRENCE-ID;TZID=Europe/Zurich:20270111T090000\r\n");
        text.Append(CultureInfo.InvariantCulture, $"SUMMARY:Moved weekly {overrideOf}\r\nDTSTART;TZID=Europe/Zurich:20270112T140000\r\nDTEND;TZID=Europe/Zurich:20270112T150000\r\nEND:VEVENT\r\n");
        text.Append("END:VCALENDAR\r\n");
        return text.ToString();
    }

    private static JsonElement Json(ProcessResult result)
    {
        Assert.True(result.StandardOutput.Length > 0, result.StandardError);
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }
}
