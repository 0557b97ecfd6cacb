using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Testing;

namespace P2PClinic.Calendar.Tests.Node;

/// <summary>One real node (built host, built-in plugins including the calendar) shared by a test class; each test makes its own org.</summary>
public sealed class CalendarNodeFixture : NodeFixture
{
    public CalendarService.CalendarServiceClient Calendar => new(Node.Channel);

    /// <summary>A fresh org, so tests never see each other's events.</summary>
    public Task<string> NewOrgAsync() => NewOrgAsync("Calendar");

    /// <summary>Runs an import to its end and returns every progress message.</summary>
    public Task<List<ImportEventsProgress>> ImportAsync(string orgId, string ics) => ImportAsync(orgId, System.Text.Encoding.UTF8.GetBytes(ics));

    /// <summary>Runs an import of the file's bytes as they are to its end and returns every progress message.</summary>
    public async Task<List<ImportEventsProgress>> ImportAsync(string orgId, byte[] ics)
    {
        using var call = Calendar.ImportEvents(new ImportEventsRequest { OrgId = orgId, Icalendar = Google.Protobuf.ByteString.CopyFrom(ics) });
        var messages = new List<ImportEventsProgress>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            messages.Add(message);
        }

        return messages;
    }
}
