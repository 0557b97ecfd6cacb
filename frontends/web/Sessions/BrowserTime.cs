using Microsoft.JSInterop;

namespace P2PClinic.Web.Sessions;

/// <summary>
/// The time zone of the person's browser, so the calendar shows and creates events in their wall-clock time even
/// when the web app runs on a machine set to another zone. Until the browser has told it, the server's zone is used.
/// </summary>
public sealed class BrowserTime
{
    /// <summary>The browser's zone (IANA id on Linux).</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Local;

    /// <summary>Asks the browser for its zone; an unknown zone keeps the server's.</summary>
    public async Task InitializeAsync(IJSRuntime js)
    {
        ArgumentNullException.ThrowIfNull(js);
        var id = await js.InvokeAsync<string?>("p2pclinic.timeZone");
        if (!string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            Zone = zone;
        }
    }

    /// <summary>The browser-local wall clock of a UTC instant.</summary>
    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>The UTC instant of a browser-local wall-clock time (a time in a DST gap is read before the gap).</summary>
    public DateTimeOffset ToUtc(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(-1);
        }

        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified));
    }
}
