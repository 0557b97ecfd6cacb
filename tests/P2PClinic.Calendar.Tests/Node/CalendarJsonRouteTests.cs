using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace P2PClinic.Calendar.Tests.Node;

/// <summary>The HTTP/JSON routes of calendar.proto's annotations, as a browser or curl uses them.</summary>
public sealed class CalendarJsonRouteTests(CalendarNodeFixture fixture) : IClassFixture<CalendarNodeFixture>
{
    [Fact]
    public async Task PostCreatesAnEventAndGetListsItsOccurrencesAsJson()
    {
        var org = await fixture.NewOrgAsync();
        using var http = fixture.Node.CreateHttpClient();

        using var created = await http.PostAsJsonAsync("/v1/events", new { orgId = org, @event = new { title = "Yoga", start = "2026-04-06T18:00", end = "2026-04-06T19:00", timeZone = "Europe/Paris", recurrence = new { rrule = "FREQ=WEEKLY;COUNT=3" } } });
        using var listed = await http.GetAsync(new Uri($"/v1/occurrences?orgId={org}&from=2026-04-01T00:00:00Z&to=2026-05-01T00:00:00Z", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var occurrences = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetProperty("occurrences");
        Assert.Equal(3, occurrences.GetArrayLength());
        Assert.Equal("2026-04-06T16:00:00Z", occurrences[0].GetProperty("start").GetString());
        Assert.Equal("2026-04-06T18:00:00", occurrences[0].GetProperty("localStart").GetString());
    }

    [Fact]
    public async Task AnInvalidFieldIsHttp400NamingTheField()
    {
        var org = await fixture.NewOrgAsync();
        using var http = fixture.Node.CreateHttpClient();

        using var response = await http.PostAsJsonAsync("/v1/events", new { orgId = org, @event = new { title = "X", start = "2026-04-06T18:00", timeZone = "Europe/Pariss" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("time_zone", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
