using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;

namespace P2PClinic.Calendar.Tests.Node;

/// <summary>The CalendarService through native gRPC of a real node with the calendar plugin loaded.</summary>
public sealed class CalendarServiceTests(CalendarNodeFixture fixture) : IClassFixture<CalendarNodeFixture>
{
    private CalendarService.CalendarServiceClient Calendar => fixture.Calendar;

    private static Event Standup() => new()
    {
        Title = "Stand-up",
        Start = "2026-03-02T09:00",
        End = "2026-03-02T09:15",
        TimeZone = "Europe/Paris",
        Location = "Room 4",
        Description = "Daily, short.",
        Attendees =
        {
            new Attendee { Email = "ada@example.org", DisplayName = "Ada" },
            new Attendee { ContactId = "0123456789abcdef0123456789abcdef" },
        },
        Recurrence = new Recurrence { Rrule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", Exdates = { "2026-03-04T09:00:00" } },
    };

    private async Task<(string Org, Event Event)> CreatedAsync(Event? e = null)
    {
        var org = await fixture.NewOrgAsync();
        var created = await Calendar.CreateEventAsync(new CreateEventRequest { OrgId = org, Event = e ?? Standup() });
        return (org, created);
    }

    private static async Task<RpcException> FailsAsync(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    private static Timestamp Utc(int year, int month, int day, int hour = 0) => Timestamp.FromDateTime(new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task CreateThenGetReturnsEveryFieldWithAnIdAUidAndTimes()
    {
        var (org, created) = await CreatedAsync();

        var got = await Calendar.GetEventAsync(new GetEventRequest { OrgId = org, Id = created.Id });

        Assert.Matches("^[0-9a-f]{32}$", created.Id);
        Assert.Equal(created, got);
        Assert.Equal("2026-03-02T09:00:00", got.Start);
        Assert.Equal("2026-03-02T09:15:00", got.End);
        Assert.Equal("Europe/Paris", got.TimeZone);
        Assert.Equal("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", got.Recurrence.Rrule);
        Assert.Equal(["2026-03-04T09:00:00"], got.Recurrence.Exdates);
        Assert.Equal(2, got.Attendees.Count);
        Assert.Equal("ada@example.org", got.Attendees[0].Email);
        Assert.Equal("0123456789abcdef0123456789abcdef", got.Attendees[1].ContactId);
        Assert.EndsWith("@p2pclinic", got.Uid, StringComparison.Ordinal);
        Assert.NotNull(got.CreatedAt);
    }

    [Fact]
    public async Task AnEmptyOrgIdMeansTheDefaultOrg()
    {
        var orgs = await fixture.Node.Orgs.ListOrgsAsync(new Api.Orgs.V1.ListOrgsRequest());
        if (orgs.Orgs.Count == 0)
        {
            await fixture.NewOrgAsync();
        }

        var created = await Calendar.CreateEventAsync(new CreateEventRequest { Event = new Event { Title = "default org", Start = "2026-05-01", AllDay = true } });

        Assert.Equal("default org", (await Calendar.GetEventAsync(new GetEventRequest { Id = created.Id })).Title);
    }

    [Fact]
    public async Task UpdateChangesOnlyTheFieldsInTheMask()
    {
        var (org, created) = await CreatedAsync();

        var updated = await Calendar.UpdateEventAsync(new UpdateEventRequest
        {
            OrgId = org,
            Event = new Event { Id = created.Id, Location = "Room 7", Title = "not in the mask" },
            UpdateMask = FieldMask.FromString("location"),
        });

        Assert.Equal("Room 7", updated.Location);
        Assert.Equal("Stand-up", updated.Title);
        Assert.Equal(created.Recurrence, updated.Recurrence);
        Assert.Equal(updated, await Calendar.GetEventAsync(new GetEventRequest { OrgId = org, Id = created.Id }));
    }

    [Fact]
    public async Task UpdateOfRecurrenceRruleKeepsTheExceptionDates()
    {
        var (org, created) = await CreatedAsync();

        var updated = await Calendar.UpdateEventAsync(new UpdateEventRequest
        {
            OrgId = org,
            Event = new Event { Id = created.Id, Recurrence = new Recurrence { Rrule = "FREQ=DAILY;COUNT=5" } },
            UpdateMask = FieldMask.FromString("recurrence.rrule"),
        });

        Assert.Equal("FREQ=DAILY;COUNT=5", updated.Recurrence.Rrule);
        Assert.Equal(["2026-03-04T09:00:00"], updated.Recurrence.Exdates);
    }

    [Fact]
    public async Task UpdateToAllDayNeedsDatesAndSaysSo()
    {
        var (org, created) = await CreatedAsync();

        var error = await FailsAsync(StatusCode.InvalidArgument, () => Calendar.UpdateEventAsync(new UpdateEventRequest
        {
            OrgId = org,
            Event = new Event { Id = created.Id, AllDay = true },
            UpdateMask = FieldMask.FromString("all_day"),
        }).ResponseAsync);

        Assert.StartsWith("start:", error.Status.Detail, StringComparison.Ordinal);
        Assert.False((await Calendar.GetEventAsync(new GetEventRequest { OrgId = org, Id = created.Id })).AllDay);
    }

    [Fact]
    public async Task DeleteRemovesTheEventAndASecondDeleteIsNotFound()
    {
        var (org, created) = await CreatedAsync();

        await Calendar.DeleteEventAsync(new DeleteEventRequest { OrgId = org, Id = created.Id });

        await FailsAsync(StatusCode.NotFound, () => Calendar.GetEventAsync(new GetEventRequest { OrgId = org, Id = created.Id }).ResponseAsync);
        await FailsAsync(StatusCode.NotFound, () => Calendar.DeleteEventAsync(new DeleteEventRequest { OrgId = org, Id = created.Id }).ResponseAsync);
    }

    [Fact]
    public async Task UnknownIdsAndOrgsAreNotFound()
    {
        var org = await fixture.NewOrgAsync();
        var unknown = Guid.NewGuid().ToString("N");

        await FailsAsync(StatusCode.NotFound, () => Calendar.GetEventAsync(new GetEventRequest { OrgId = org, Id = unknown }).ResponseAsync);
        await FailsAsync(StatusCode.NotFound, () => Calendar.UpdateEventAsync(new UpdateEventRequest
        {
            OrgId = org,
            Event = new Event { Id = unknown, Title = "x" },
            UpdateMask = FieldMask.FromString("title"),
        }).ResponseAsync);
        await FailsAsync(StatusCode.NotFound, () => Calendar.ExportEventsAsync(new ExportEventsRequest { OrgId = org, Ids = { unknown } }).ResponseAsync);
        await FailsAsync(StatusCode.NotFound, () => Calendar.ListEventsAsync(new ListEventsRequest { OrgId = Guid.NewGuid().ToString("N") }).ResponseAsync);
    }

    [Fact]
    public async Task ListEventsPagesThroughEveryEventByStart()
    {
        var org = await fixture.NewOrgAsync();
        for (var day = 7; day >= 1; day--)
        {
            await Calendar.CreateEventAsync(new CreateEventRequest { OrgId = org, Event = new Event { Title = $"day {day}", Start = $"2026-06-0{day}", AllDay = true } });
        }

        var titles = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org, PageSize = 3, PageToken = token });
            Assert.Equal(7, page.TotalSize);
            titles.AddRange(page.Events.Select(e => e.Title));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 7).Select(d => $"day {d}"), titles);
    }

    [Fact]
    public async Task ListOccurrencesExpandsRecurringEventsAndLeavesOutExceptionDates()
    {
        var (org, created) = await CreatedAsync();

        var week = await Calendar.ListOccurrencesAsync(new ListOccurrencesRequest { OrgId = org, From = Utc(2026, 3, 2), To = Utc(2026, 3, 9) });

        // Monday to Friday, Wednesday the 4th left out.
        Assert.Equal(["2026-03-02T09:00:00", "2026-03-03T09:00:00", "2026-03-05T09:00:00", "2026-03-06T09:00:00"], week.Occurrences.Select(o => o.LocalStart));
        var first = week.Occurrences[0];
        Assert.Equal(created.Id, first.EventId);
        Assert.Equal("20260302T080000Z", first.OccurrenceId);
        Assert.Equal(new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc), first.Start.ToDateTime());
        Assert.Equal(new DateTime(2026, 3, 2, 8, 15, 0, DateTimeKind.Utc), first.End.ToDateTime());
        Assert.Equal("Stand-up", first.Title);
        Assert.Equal("Room 4", first.Location);
        Assert.Equal("Europe/Paris", first.TimeZone);
        Assert.False(first.AllDay);
    }

    [Fact]
    public async Task ADailyEventAtNineInParisStaysAtNineAcrossBothDaylightSavingChanges()
    {
        var org = await fixture.NewOrgAsync();
        await Calendar.CreateEventAsync(new CreateEventRequest
        {
            OrgId = org,
            Event = new Event { Title = "Coffee", Start = "2026-01-01T09:00", End = "2026-01-01T09:30", TimeZone = "Europe/Paris", Recurrence = new Recurrence { Rrule = "FREQ=DAILY" } },
        });

        async Task<List<Occurrence>> Around(int month, int day) =>
            [.. (await Calendar.ListOccurrencesAsync(new ListOccurrencesRequest { OrgId = org, From = Utc(2026, month, day - 1), To = Utc(2026, month, day + 2) })).Occurrences];

        // Summer time starts on Sunday 29 March 2026 and ends on Sunday 25 October 2026 (last Sundays).
        var spring = await Around(3, 28);
        Assert.Equal(["2026-03-27T09:00:00", "2026-03-28T09:00:00", "2026-03-29T09:00:00"], spring.Select(o => o.LocalStart));
        Assert.Equal([8, 8, 7], spring.Select(o => o.Start.ToDateTime().Hour));
        var autumn = await Around(10, 24);
        Assert.Equal(["2026-10-23T09:00:00", "2026-10-24T09:00:00", "2026-10-25T09:00:00"], autumn.Select(o => o.LocalStart));
        Assert.Equal([7, 7, 8], autumn.Select(o => o.Start.ToDateTime().Hour));
    }

    [Fact]
    public async Task ADailyEventForAYearHas365OccurrencesInThatYear()
    {
        var org = await fixture.NewOrgAsync();
        await Calendar.CreateEventAsync(new CreateEventRequest
        {
            OrgId = org,
            Event = new Event { Title = "Pills", Start = "2026-01-01T08:00", TimeZone = "America/New_York", Recurrence = new Recurrence { Rrule = "FREQ=DAILY" } },
        });

        var year = await Calendar.ListOccurrencesAsync(new ListOccurrencesRequest { OrgId = org, From = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5))), To = Timestamp.FromDateTimeOffset(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5))) });

        Assert.Equal(365, year.Occurrences.Count);
        Assert.All(year.Occurrences, o => Assert.EndsWith("T08:00:00", o.LocalStart, StringComparison.Ordinal));
        Assert.Empty(year.NextPageToken);
    }

    [Fact]
    public async Task OccurrencesPageWithoutLosingOrRepeatingAny()
    {
        var org = await fixture.NewOrgAsync();
        foreach (var hour in new[] { "09:00", "09:00", "12:00" })
        {
            await Calendar.CreateEventAsync(new CreateEventRequest
            {
                OrgId = org,
                Event = new Event { Title = hour, Start = $"2026-01-01T{hour}", Recurrence = new Recurrence { Rrule = "FREQ=DAILY;COUNT=10" } },
            });
        }

        var seen = new List<Occurrence>();
        var token = "";
        do
        {
            var page = await Calendar.ListOccurrencesAsync(new ListOccurrencesRequest { OrgId = org, From = Utc(2025, 12, 1), To = Utc(2026, 2, 1), PageSize = 7, PageToken = token });
            seen.AddRange(page.Occurrences);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(30, seen.Count);
        Assert.Equal(30, seen.Select(o => (o.EventId, o.OccurrenceId)).Distinct().Count());
        Assert.Equal(seen.OrderBy(o => o.Start.ToDateTime()).Select(o => o.Start), seen.Select(o => o.Start));
    }

    [Fact]
    public async Task AnAllDayEventIsGivenAndListedAsDates()
    {
        var org = await fixture.NewOrgAsync();
        var created = await Calendar.CreateEventAsync(new CreateEventRequest
        {
            OrgId = org,
            Event = new Event { Title = "Holidays", Start = "2026-12-24", End = "2026-12-27", AllDay = true, TimeZone = "Europe/Paris" },
        });

        var listed = await Calendar.ListOccurrencesAsync(new ListOccurrencesRequest { OrgId = org, From = Utc(2026, 12, 25), To = Utc(2026, 12, 26) });

        var only = Assert.Single(listed.Occurrences);
        Assert.Equal(created.Id, only.EventId);
        Assert.True(only.AllDay);
        Assert.Equal("20261224", only.OccurrenceId);
        Assert.Equal("2026-12-24", only.LocalStart);
        Assert.Equal("2026-12-27", only.LocalEnd);
        Assert.Equal(new DateTime(2026, 12, 23, 23, 0, 0, DateTimeKind.Utc), only.Start.ToDateTime());
    }

    [Theory]
    [InlineData("end", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"end\":\"2026-03-02T09:00\",\"timeZone\":\"Europe/Paris\"}")]
    [InlineData("time_zone", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"timeZone\":\"Mars/Olympus_Mons\"}")]
    [InlineData("attendees[0].email", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"attendees\":[{\"email\":\"not-an-address\"}]}")]
    [InlineData("attendees[0]", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"attendees\":[{\"email\":\"a@b.org\",\"contactId\":\"0123456789abcdef0123456789abcdef\"}]}")]
    [InlineData("attendees[0].contact_id", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"attendees\":[{\"contactId\":\"42\"}]}")]
    [InlineData("recurrence.rrule", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"recurrence\":{\"rrule\":\"FREQ=SOMETIMES\"}}")]
    [InlineData("recurrence.rrule", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"recurrence\":{\"rrule\":\"BYDAY=MO\"}}")]
    [InlineData("recurrence.rrule", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"recurrence\":{\"rrule\":\"FREQ=DAILY;COUNT=2;UNTIL=20260401T000000Z\"}}")]
    [InlineData("recurrence.rrule", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"recurrence\":{\"rrule\":\"FREQ=DAILY;UNTIL=20260401\"}}")]
    [InlineData("recurrence.rrule", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"recurrence\":{\"rrule\":\"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\"}}")]
    [InlineData("recurrence.rrule", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"recurrence\":{\"rrule\":\"FREQ=MINUTELY\"}}")]
    [InlineData("recurrence.exdates[0]", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"recurrence\":{\"rrule\":\"FREQ=DAILY\",\"exdates\":[\"yesterday\"]}}")]
    [InlineData("start", "{\"title\":\"x\",\"start\":\"2026-03-02T10:00\",\"allDay\":true}")]
    [InlineData("start", "{\"title\":\"x\",\"start\":\"2026-03-02\"}")]
    [InlineData("start", "{\"title\":\"x\",\"start\":\"\"}")]
    [InlineData("start", "{\"title\":\"x\",\"start\":\"2026-02-30T10:00\"}")]
    [InlineData("end", "{\"title\":\"x\",\"start\":\"2026-03-02\",\"end\":\"2026-03-02\",\"allDay\":true}")]
    public async Task InvalidEventsAreRefusedNamingTheFieldAndStoreNothing(string field, string json)
    {
        var org = await fixture.NewOrgAsync();
        var e = Event.Parser.ParseJson(json);

        var error = await FailsAsync(StatusCode.InvalidArgument, () => Calendar.CreateEventAsync(new CreateEventRequest { OrgId = org, Event = e }).ResponseAsync);

        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org })).TotalSize);
    }

    [Theory]
    [InlineData("title", 1025)]
    [InlineData("location", 1025)]
    [InlineData("description", 32_769)]
    public async Task TextAboveItsDocumentedLimitIsRefused(string field, int length)
    {
        var org = await fixture.NewOrgAsync();
        var e = new Event { Start = "2026-03-02T10:00" };
        var text = new string('x', length);
        switch (field)
        {
            case "title": e.Title = text; break;
            case "location": e.Location = text; break;
            default: e.Description = text; break;
        }

        var error = await FailsAsync(StatusCode.InvalidArgument, () => Calendar.CreateEventAsync(new CreateEventRequest { OrgId = org, Event = e }).ResponseAsync);

        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyAttendeesAreRefused()
    {
        var org = await fixture.NewOrgAsync();
        var e = new Event { Title = "All hands", Start = "2026-03-02T10:00" };
        e.Attendees.AddRange(Enumerable.Range(0, 501).Select(i => new Attendee { Email = $"p{i}@example.org" }));

        var error = await FailsAsync(StatusCode.InvalidArgument, () => Calendar.CreateEventAsync(new CreateEventRequest { OrgId = org, Event = e }).ResponseAsync);

        Assert.StartsWith("attendees:", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadRequestsNameTheirField()
    {
        var org = await fixture.NewOrgAsync();
        var (_, created) = await CreatedAsync();

        Assert.StartsWith("org_id:", (await FailsAsync(StatusCode.InvalidArgument, () => Calendar.GetEventAsync(new GetEventRequest { OrgId = "nope", Id = "x" }).ResponseAsync)).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("id:", (await FailsAsync(StatusCode.InvalidArgument, () => Calendar.GetEventAsync(new GetEventRequest { OrgId = org }).ResponseAsync)).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("update_mask:", (await FailsAsync(StatusCode.InvalidArgument, () => Calendar.UpdateEventAsync(new UpdateEventRequest { OrgId = org, Event = new Event { Id = created.Id } }).ResponseAsync)).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("update_mask:", (await FailsAsync(StatusCode.InvalidArgument, () => Calendar.UpdateEventAsync(new UpdateEventRequest { OrgId = org, Event = new Event { Id = created.Id }, UpdateMask = FieldMask.FromString("colour") }).ResponseAsync)).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("page_size:", (await FailsAsync(StatusCode.InvalidArgument, () => Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org, PageSize = 1001 }).ResponseAsync)).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("page_token:", (await FailsAsync(StatusCode.InvalidArgument, () => Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org, PageToken = "garbage!" }).ResponseAsync)).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("from:", (await FailsAsync(StatusCode.InvalidArgument, () => Calendar.ListOccurrencesAsync(new ListOccurrencesRequest { OrgId = org, To = Utc(2026, 1, 1) }).ResponseAsync)).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("to:", (await FailsAsync(StatusCode.InvalidArgument, () => Calendar.ListOccurrencesAsync(new ListOccurrencesRequest { OrgId = org, From = Utc(2026, 2, 1), To = Utc(2026, 1, 1) }).ResponseAsync)).Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("to:", (await FailsAsync(StatusCode.InvalidArgument, () => Calendar.ListOccurrencesAsync(new ListOccurrencesRequest { OrgId = org, From = Utc(1900, 1, 1), To = Utc(2026, 1, 1) }).ResponseAsync)).Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WindowsTimeZoneIdsAreStoredAsTheirIANAId()
    {
        var (_, created) = await CreatedAsync(new Event { Title = "Outlook style", Start = "2026-03-02T10:00", TimeZone = "W. Europe Standard Time" });

        Assert.Equal("Europe/Berlin", created.TimeZone);
    }
}
