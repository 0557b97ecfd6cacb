using System.Globalization;
using P2PClinic.Plugins.Contacts.Internal.Model;
using P2PClinic.Plugins.Contacts.Internal.VCard;
using P2PClinic.Plugins.Text;

namespace P2PClinic.Plugins.Contacts.Internal;

/// <summary>
/// Imports a .vcf file into a contact book: every card is read, mapped and validated whole before anything is
/// stored, cards are stored in batches (one durable change each), and a refused card never stops the rest.
/// </summary>
internal static class ContactImport
{
    /// <summary>Cards per stored change: big enough that fsyncs do not dominate, small enough for steady progress.</summary>
    public const int BatchSize = 250;

    public static async Task RunAsync(ContactBook book, ReadOnlyMemory<byte> vcf, Func<ImportProgress, Task> report, CancellationToken cancellationToken)
    {
        var text = ImportText.Decode(vcf.Span);
        List<VCardReadResult> results;
        using (var reader = new StringReader(text.Text))
        {
            results = [.. new VCardReader(reader).Read()];
        }

        var progress = new ImportProgress { TotalCards = results.Count };
        if (results.Count == 0)
        {
            // One rule for .vcf and .ics: a file with nothing in it is refused, so a wrong or truncated file is noticed.
            progress = progress with { Failed = 1, Errors = [new ImportError(0, 1, EmptyFile)] };
            await report(progress).ConfigureAwait(false);
            await report(progress with { Errors = [], Done = true }).ConfigureAwait(false);
            return;
        }

        var decodedLines = DecodedLinesByCard(results, text.Windows1252Lines);
        var idsByUid = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in results.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = new List<(Contact, bool)>(chunk.Length);
            var errors = new List<ImportError>();
            var warnings = new List<ImportWarning>();
            foreach (var result in chunk)
            {
                warnings.AddRange(WarningsOf(result, decodedLines));
                if (Prepare(book, result, idsByUid, out var error) is { } prepared)
                {
                    batch.Add(prepared);
                }
                else
                {
                    errors.Add(error!);
                }
            }

            await book.StoreBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            progress = progress with
            {
                ProcessedCards = progress.ProcessedCards + chunk.Length,
                Created = progress.Created + batch.Count(b => b.Item2),
                Updated = progress.Updated + batch.Count(b => !b.Item2),
                Failed = progress.Failed + errors.Count,
                Errors = errors,
                Warnings = warnings,
            };
            await report(progress).ConfigureAwait(false);
        }

        await report(progress with { Errors = [], Warnings = [], Done = true }).ConfigureAwait(false);
    }

    /// <summary>The message for a file with no card in it.</summary>
    internal const string EmptyFile = "line 1: the file is empty: no card (BEGIN:VCARD ... END:VCARD) in it";

    /// <summary>The lines read as Windows-1252, by the card (or run of stray text) they are in: the last one starting at or before them.</summary>
    private static Dictionary<VCardReadResult, List<ImportText.Line>> DecodedLinesByCard(List<VCardReadResult> results, IReadOnlyList<ImportText.Line> lines)
    {
        var byCard = new Dictionary<VCardReadResult, List<ImportText.Line>>(ReferenceEqualityComparer.Instance);
        var index = 0;
        foreach (var line in lines)
        {
            while (index + 1 < results.Count && results[index + 1].Line <= line.Number)
            {
                index++;
            }

            var owner = results[index];
            if (!byCard.TryGetValue(owner, out var list))
            {
                byCard[owner] = list = [];
            }

            list.Add(line);
        }

        return byCard;
    }

    /// <summary>What the import says about a card beside storing or refusing it: lines not in UTF-8, read as Windows-1252.</summary>
    private static IEnumerable<ImportWarning> WarningsOf(VCardReadResult result, Dictionary<VCardReadResult, List<ImportText.Line>> decodedLines)
    {
        if (decodedLines.TryGetValue(result, out var lines))
        {
            yield return new ImportWarning(result.Number, lines[0].Number, ImportText.Warning(lines));
        }

        foreach (var note in result.Card?.Notes ?? [])
        {
            yield return new ImportWarning(result.Number, note.Line, note.Message);
        }
    }

    private static (Contact Contact, bool IsNew)? Prepare(ContactBook book, VCardReadResult result, Dictionary<string, string> idsByUid, out ImportError? error)
    {
        error = null;
        if (result.Card is not { } card)
        {
            error = new ImportError(result.Number, result.ErrorLine > 0 ? result.ErrorLine : result.Line, result.Error ?? $"line {result.Line}: unreadable card");
            return null;
        }

        Contact contact;
        Contact? read = null;
        try
        {
            read = VCardContactReader.ToContact(card);
            contact = ContactValidator.Validate(read);
        }
        catch (VCardSyntaxException e)
        {
            error = new ImportError(card.Number, e.Line, e.Message);
            return null;
        }
        catch (ContactValidationException e)
        {
            var line = read is null ? card.Line : LineOf(card, read, e.Field);
            error = new ImportError(card.Number, line, $"line {line}: {e.Message}");
            return null;
        }

        // A UID seen before (stored earlier, or earlier in this file) updates that contact instead of duplicating it; so
        // does the UID this book exports a contact without one under (urn:uuid:<its id>), so an export edited elsewhere
        // and imported back updates.
        var now = book.Now();
        var existingId = contact.Uid.Length == 0 ? null
            : idsByUid.GetValueOrDefault(contact.Uid) ?? book.Index.FindByUid(contact.Uid) ?? ExportedId(book, contact.Uid);
        var id = existingId ?? ContactBook.NewId();
        if (contact.Uid.Length > 0)
        {
            idsByUid[contact.Uid] = id;
        }

        var created = existingId is null ? now : book.Index.Get(existingId)?.CreatedAt ?? now;
        return (contact with { Id = id, CreatedAt = created, UpdatedAt = now }, existingId is null);
    }

    /// <summary>The id of the contact of this book that the export writes as <paramref name="uid"/> (<c>urn:uuid:&lt;id&gt;</c>), if any.</summary>
    private static string? ExportedId(ContactBook book, string uid) =>
        uid.StartsWith(VCardWriter.UuidUrnPrefix, StringComparison.OrdinalIgnoreCase)
        && Guid.TryParseExact(uid.AsSpan(VCardWriter.UuidUrnPrefix.Length), "D", out var guid)
        && book.Index.Get(guid.ToString("N")) is { } contact
            ? contact.Id
            : null;

    /// <summary>
    /// The line of the property an invalid field came from: the property with the field's name whose value is the
    /// offending one (for list fields such as <c>emails[1].value</c>), else the first with that name, else the card's.
    /// </summary>
    private static int LineOf(VCardCard card, Contact contact, string field)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var root = bracket < 0 ? field : field[..bracket];
        var index = bracket < 0 ? -1 : int.Parse(field.AsSpan(bracket + 1, field.IndexOf(']', StringComparison.Ordinal) - bracket - 1), CultureInfo.InvariantCulture);
        var (name, value) = root switch
        {
            "emails" => ("EMAIL", index >= 0 && index < contact.Emails.Count ? contact.Emails[index].Value : null),
            "phones" => ("TEL", index >= 0 && index < contact.Phones.Count ? contact.Phones[index].Value : null),
            "addresses" => ("ADR", null),
            "display_name" => ("FN", null),
            "given_name" or "family_name" => ("N", null),
            "organization" => ("ORG", null),
            "title" => ("TITLE", null),
            "note" => ("NOTE", null),
            "tags" => ("CATEGORIES", null),
            "uid" => ("UID", null),
            _ => ((string?)null, (string?)null),
        };
        var candidates = card.Properties.Where(p => p.Name == name).ToList();
        var exact = value is null ? null : candidates.FirstOrDefault(p => VCardText.Unescape(p.Value).Trim().EndsWith(value, StringComparison.Ordinal));
        return (exact ?? candidates.FirstOrDefault())?.Line ?? card.Line;
    }
}

/// <summary>Where an import stands; <see cref="Errors"/> holds only the refusals since the previous report.</summary>
internal sealed record ImportProgress
{
    public int TotalCards { get; init; }

    public int ProcessedCards { get; init; }

    public int Created { get; init; }

    public int Updated { get; init; }

    public int Failed { get; init; }

    public IReadOnlyList<ImportError> Errors { get; init; } = [];

    /// <summary>What the import did with cards since the previous report that the user should know (they were still handled).</summary>
    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];

    public bool Done { get; init; }
}

/// <summary>A note on one card (it was still stored or refused on its own merits): its number, the line, the message (starting "line N:").</summary>
internal sealed record ImportWarning(int Card, int Line, string Message);

/// <summary>One refused card: its number in the file, the line of the problem, and the message (starting "line N:").</summary>
internal sealed record ImportError(int Card, int Line, string Message);
