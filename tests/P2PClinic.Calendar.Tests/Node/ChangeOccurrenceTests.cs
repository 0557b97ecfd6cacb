using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;

namespace P2PClinic.Calendar.Tests.Node;

/// <summary>ChangeOccurrence: one occurrence of a series changed, the RFC 5545 way (EXDATE on the series, the instance an event of its own).</summary>
public sealed class ChangeOccurrenceTests(CalendarNodeFixture fixture) : IClassFixture<CalendarNodeFixture>
{
    private CalendarService.CalendarServiceClient Calendar => fixture.Calendar;

    private static Event Weekly() => new()
    {
        Title = "Planning",
        Start = "2026-03-02T09:00",
        End = "2026-03-02T10:00",
        TimeZone = "Europe/Paris",
        Location = "Room 4",
        Recurrence = new Recurrence { Rrule = "FREQ=WEEKLY;COUNT=4" },
    };

    private static Timestamp Utc(int month, int day) => Timestamp.FromDateTime(new DateTime(2026, month, day, 0, 0, 0, DateTimeKind.Utc));

    private async Task<(string Org, Event Series)> SeriesAsync(Event? e = null)
    {
        var org = await fixture.NewOrgAsync();
        return (org, await Calendar.CreateEventAsync(new CreateEventRequest { OrgId = org, Event = e ?? Weekly() }));
    }

    private Task<ListOccurrencesResponse> MarchAsync(string org) =>
        Calendar.ListOccurrencesAsync(new ListOccurrencesRequest { OrgId = org, From = Utc(3, 1), To = Utc(4, 1) }).ResponseAsync;

    private static ChangeOccurrenceRequest Move(string org, string eventId, string occurrenceId, string start, string end) => new()
    {
        OrgId = org,
        EventId = eventId,
        OccurrenceId = occurrenceId,
        Occurrence = new Event { Start = start, End = end },
        UpdateMask = FieldMask.FromString("start,end"),
    };

    [Fact]
    public async Task MovingOneOccurrenceMovesOnlyThatOneAndKeepsTheRestOfTheSeries()
    {
        var (org, series) = await SeriesAsync();

        // The second Monday (9 March, 08:00 UTC) moves to Tuesday 14:00 in Paris.
        var changed = await Calendar.ChangeOccurrenceAsync(Move(org, series.Id, "20260309T080000Z", "2026-03-10T14:00", "2026-03-10T15:30"));

        Assert.Equal(["2026-03-09T09:00:00"], changed.Series.Recurrence.Exdates);
        Assert.Equal("FREQ=WEEKLY;COUNT=4", changed.Series.Recurrence.Rrule);
        var moved = changed.Occurrence;
        Assert.NotEqual(series.Id, moved.Id);
        Assert.Equal(("Planning", "Room 4", "Europe/Paris"), (moved.Title, moved.Location, moved.TimeZone));
        Assert.Equal(("2026-03-10T14:00:00", "2026-03-10T15:30:00"), (moved.Start, moved.End));
        Assert.True(moved.Recurrence is null || moved.Recurrence.Rrule.Length == 0);
        Assert.Equal($"{series.Uid}#20260309T090000", moved.Uid);
        var march = await MarchAsync(org);
        Assert.Equal(
            ["2026-03-02T09:00:00", "2026-03-10T14:00:00", "2026-03-16T09:00:00", "2026-03-23T09:00:00"],
            march.Occurrences.Select(o => o.LocalStart));
        Assert.Equal(moved.Id, march.Occurrences[1].EventId);
    }

    [Fact]
    public async Task AChangedOccurrenceExportsAsAnOverrideAndImportsBackAsTheSameOccurrenceChange()
    {
        var (org, series) = await SeriesAsync();
        await Calendar.ChangeOccurrenceAsync(new ChangeOccurrenceRequest
        {
            OrgId = org,
            EventId = series.Id,
            OccurrenceId = "20260316T080000Z",
            Occurrence = new Event { Title = "Planning (long)", End = "2026-03-16T12:00" },
            UpdateMask = FieldMask.FromString("title,end"),
        });

        var exported = await Calendar.ExportEventsAsync(new ExportEventsRequest { OrgId = org });
        var ics = Encoding.UTF8.GetString(exported.Icalendar.ToByteArray());
        // An override (RFC 5545 section 3.8.4.4): the series' UID and the original start, not an EXDATE beside an event of its own.
        Assert.Contains("RECURRENCE-ID;TZID=Europe/Paris:20260316T090000", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("EXDATE", ics, StringComparison.Ordinal);
        var copy = await fixture.NewOrgAsync();
        using (var import = Calendar.ImportEvents(new ImportEventsRequest { OrgId = copy, Icalendar = exported.Icalendar }))
        {
            await foreach (var _ in import.ResponseStream.ReadAllAsync())
            {
            }
        }

        static IEnumerable<(string, string, string)> Shown(ListOccurrencesResponse r) => r.Occurrences.Select(o => (o.Title, o.LocalStart, o.LocalEnd));
        Assert.Equal(Shown(await MarchAsync(org)), Shown(await MarchAsync(copy)));
        Assert.Contains(("Planning (long)", "2026-03-16T09:00:00", "2026-03-16T12:00:00"), Shown(await MarchAsync(copy)));
        var imported = (await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = copy })).Events;
        Assert.Equal(2, imported.Count);
        var exdate = Assert.Single(imported.Single(e => e.Recurrence is { Rrule.Length: > 0 }).Recurrence.Exdates);
        Assert.StartsWith("2026-03-16T09:00", exdate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatCannotBeChangedAsOneOccurrenceIsRefusedInWordsAndChangesNothing()
    {
        var (org, series) = await SeriesAsync();
        var lone = await Calendar.CreateEventAsync(new CreateEventRequest { OrgId = org, Event = new Event { Title = "Once", Start = "2026-03-02T09:00", TimeZone = "Europe/Paris" } });

        var refused = await Assert.ThrowsAsync<RpcException>(() => Calendar.ChangeOccurrenceAsync(Move(org, lone.Id, "20260302T080000Z", "2026-03-03T09:00", "2026-03-03T10:00")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.StartsWith("event_id: ", refused.Status.Detail, StringComparison.Ordinal);

        var noSuch = await Assert.ThrowsAsync<RpcException>(() => Calendar.ChangeOccurrenceAsync(Move(org, series.Id, "20260310T080000Z", "2026-03-10T09:00", "2026-03-10T10:00")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, noSuch.StatusCode);

        var malformed = await Assert.ThrowsAsync<RpcException>(() => Calendar.ChangeOccurrenceAsync(Move(org, series.Id, "next monday", "2026-03-10T09:00", "2026-03-10T10:00")).ResponseAsync);
        Assert.StartsWith("occurrence_id: ", malformed.Status.Detail, StringComparison.Ordinal);

        var request = Move(org, series.Id, "20260309T080000Z", "2026-03-10T09:00", "2026-03-10T10:00");
        request.UpdateMask = FieldMask.FromString("recurrence.rrule");
        var mask = await Assert.ThrowsAsync<RpcException>(() => Calendar.ChangeOccurrenceAsync(request).ResponseAsync);
        Assert.StartsWith("update_mask: ", mask.Status.Detail, StringComparison.Ordinal);

        var backwards = await Assert.ThrowsAsync<RpcException>(() => Calendar.ChangeOccurrenceAsync(Move(org, series.Id, "20260309T080000Z", "2026-03-10T09:00", "2026-03-10T08:00")).ResponseAsync);
        Assert.StartsWith("end: ", backwards.Status.Detail, StringComparison.Ordinal);

        Assert.Equal(5, (await MarchAsync(org)).Occurrences.Count);
        Assert.Empty((await Calendar.GetEventAsync(new GetEventRequest { OrgId = org, Id = series.Id })).Recurrence.Exdates);
    }
}
