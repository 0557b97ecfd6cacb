using System.Globalization;
using System.Text;

namespace P2PClinic.Bench.Contacts;

/// <summary>
/// A deterministic .vcf of N realistic cards (3.0, like a phone or Google export): names with accents, one or two
/// emails, phones, an organization, an address on some, tags, a UID; every 7th card folded by a long note.
/// </summary>
internal static class VcfCorpus
{
    private static readonly string[] Given = ["Ana", "Jürgen", "Siobhán", "Ayşe", "François", "Zoë", "Björn", "María José", "Łukasz", "Chloé", "Kenji", "Olúwaseun"];
    private static readonly string[] Family = ["Núñez", "Müller", "O'Brien", "Öztürk", "Lefèvre", "Nakamura", "Søndergaard", "Carreño", "Wiśniewski", "Dubois", "Okafor", "Smith"];
    private static readonly string[] Orgs = ["Clínica Sol", "Praxis am See", "Contoso Health", "Hôpital Nord", "Northside Clinic", "Städtisches Klinikum"];
    private static readonly string[] Tags = ["colleagues", "family", "patients", "suppliers", "ärzte", "board"];

    public static string Build(int count)
    {
        var random = new Random(20261125);
        var builder = new StringBuilder(count * 360);
        for (var i = 0; i < count; i++)
        {
            var given = Given[random.Next(Given.Length)];
            var family = Family[random.Next(Family.Length)];
            var local = $"{Ascii(given)}.{Ascii(family)}{i}".ToLowerInvariant();
            builder.Append("BEGIN:VCARD\r\nVERSION:3.0\r\n");
            builder.Append(CultureInfo.InvariantCulture, $"N:{family};{given};;;\r\nFN:{given} {family}\r\n");
            builder.Append(CultureInfo.InvariantCulture, $"EMAIL;TYPE=INTERNET;TYPE=WORK:{local}@example.org\r\n");
            if (i % 3 == 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"EMAIL;TYPE=INTERNET;TYPE=HOME:{local}@mail.example\r\n");
            }

            builder.Append(CultureInfo.InvariantCulture, $"TEL;TYPE=CELL:+{random.Next(1, 99)} {random.Next(100, 999)} {random.Next(100000, 999999)}\r\n");
            builder.Append(CultureInfo.InvariantCulture, $"ORG:{Orgs[random.Next(Orgs.Length)]}\r\n");
            if (i % 4 == 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"ADR;TYPE=WORK:;;{random.Next(1, 300)} Main Street;Springfield;;{random.Next(10000, 99999)};USA\r\n");
            }

            if (i % 7 == 0)
            {
                builder.Append("NOTE:Prefers morning appointments\\, never on Mondays. Call back on the mobile numb\r\n er first\\; then email.\r\n");
            }

            builder.Append(CultureInfo.InvariantCulture, $"CATEGORIES:{Tags[random.Next(Tags.Length)]}\r\n");
            builder.Append(CultureInfo.InvariantCulture, $"UID:bench-{i:D6}\r\nEND:VCARD\r\n");
        }

        return builder.ToString();
    }

    private static string Ascii(string text) =>
        new([.. text.Normalize(NormalizationForm.FormD).Where(c => c < 128 && char.IsLetter(c))]);
}
