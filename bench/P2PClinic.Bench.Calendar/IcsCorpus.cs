using System.Globalization;
using System.Text;

namespace P2PClinic.Bench.Calendar;

/// <summary>
/// A deterministic calendar like a busy shared calendar's export: timed events in three zones (with their
/// VTIMEZONE), all-day events, recurring events of every frequency (BYDAY lists and ordinals, BYMONTHDAY, COUNT,
/// UNTIL, EXDATE), attendees, folded descriptions and X- properties.
/// </summary>
internal static class IcsCorpus
{
    private static readonly string[] Zones = ["Europe/Paris", "America/New_York", "Asia/Tokyo"];

    private static readonly string[] Rules =
    [
        "FREQ=DAILY",
        "FREQ=WEEKLY;BYDAY=MO,WE,FR",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=40",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
        "FREQ=YEARLY;BYMONTH=6;BYDAY=2SA",
        "FREQ=DAILY;UNTIL=20270101T000000Z",
    ];

    /// <summary>An .ics of <paramref name="count"/> events; every <paramref name="recurringEvery"/>th recurs (1: all of them).</summary>
    public static string Build(int count, int recurringEvery)
    {
        var text = new StringBuilder();
        text.Append("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//P2P Clinic//bench corpus//EN\r\nX-WR-CALNAME:Clinic\r\n");
        for (var i = 0; i < count; i++)
        {
            var zone = Zones[i % Zones.Length];
            var day = new DateTime(2025, 1, 1).AddDays(i * 7 % 700);
            var hour = 7 + (i % 11);
            var recurring = i % recurringEvery == 0;
            text.Append("BEGIN:VEVENT\r\n");
            text.Append(CultureInfo.InvariantCulture, $"UID:bench-{i:D6}@example.org\r\n");
            text.Append("DTSTAMP:20261101T000000Z\r\n");
            if (!recurring && i % 10 == 1)
            {
                text.Append(CultureInfo.InvariantCulture, $"DTSTART;VALUE=DATE:{day:yyyyMMdd}\r\nDTEND;VALUE=DATE:{day.AddDays(1 + i % 3):yyyyMMdd}\r\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"DTSTART;TZID={zone}:{day:yyyyMMdd}T{hour:D2}{(i % 2) * 30:D2}00\r\n");
                text.Append(CultureInfo.InvariantCulture, $"DTEND;TZID={zone}:{day:yyyyMMdd}T{hour + 1:D2}{(i % 2) * 30:D2}00\r\n");
            }

            if (recurring)
            {
                text.Append("RRULE:").Append(Rules[i / recurringEvery % Rules.Length]).Append("\r\n");
                if (i % 3 == 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $"EXDATE;TZID={zone}:{day.AddDays(7):yyyyMMdd}T{hour:D2}{(i % 2) * 30:D2}00\r\n");
                }
            }

            text.Append(CultureInfo.InvariantCulture, $"SUMMARY:Consultation {i} – Dr. Müller\r\n");
            text.Append(CultureInfo.InvariantCulture, $"LOCATION:Room {i % 40}\\, Clinic building\r\n");
            if (i % 4 == 0)
            {
                text.Append("DESCRIPTION:Follow-up appointment. Bring previous results and the list of current medica\r\n tions\\, if any.\r\n");
            }

            if (i % 2 == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"ATTENDEE;CN=Patient {i};ROLE=REQ-PARTICIPANT:mailto:patient{i}@example.org\r\n");
            }

            text.Append("X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\nEND:VEVENT\r\n");
        }

        text.Append("END:VCALENDAR\r\n");
        return text.ToString();
    }
}
