using Google.Protobuf.WellKnownTypes;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;

namespace P2PClinic.Calendar.Tests.Node;

public sealed class CalendarDurabilityTests
{
    [Fact]
    public async Task EventsSurviveAKillAndRestartAndStillExpand()
    {
        await using var node = await TestNode.StartAsync();
        var org = (await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Durable" })).Id;
        var created = await new CalendarService.CalendarServiceClient(node.Channel).CreateEventAsync(new CreateEventRequest
        {
            OrgId = org,
            Event = new Event { Title = "Rounds", Start = "2026-05-04T08:00", TimeZone = "Europe/Madrid", Recurrence = new Recurrence { Rrule = "FREQ=WEEKLY;BYDAY=MO,TH" } },
        });

        // SIGKILL: no shutdown, nothing flushed that was not already durable when the call returned.
        await node.KillAsync();
        await node.RestartAsync();
        var calendar = new CalendarService.CalendarServiceClient(node.Channel);

        Assert.Equal(created, await calendar.GetEventAsync(new GetEventRequest { OrgId = org, Id = created.Id }));
        var week = await calendar.ListOccurrencesAsync(new ListOccurrencesRequest
        {
            OrgId = org,
            From = Timestamp.FromDateTime(new DateTime(2026, 5, 4, 0, 0, 0, DateTimeKind.Utc)),
            To = Timestamp.FromDateTime(new DateTime(2026, 5, 11, 0, 0, 0, DateTimeKind.Utc)),
        });
        Assert.Equal(["2026-05-04T08:00:00", "2026-05-07T08:00:00"], week.Occurrences.Select(o => o.LocalStart));
    }
}
