using System.Globalization;
using System.Text;
using P2PClinic.Plugins.Contacts.Internal.Model;
using P2PClinic.Plugins.Contacts.Internal.VCard;

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
        List<VCardReadResult> results;
        using (var reader = new StreamReader(new MemoryStream(vcf.ToArray(), writable: false), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true))
        {
            results = [.. new VCardReader(reader).Read()];
        }

        var progress = new ImportProgress { TotalCards = results.Count };
        var idsByUid = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in results.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = new List<(Contact, bool)>(chunk.Length);
            var errors = new List<ImportError>();
            foreach (var result in chunk)
            {
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
            };
            await report(progress).ConfigureAwait(false);
        }

        await report(progress with { Errors = [], Done = true }).ConfigureAwait(false);
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

    public bool Done { get; init; }
}

/// <summary>One refused card: its number in the file, the line of the problem, and the message (starting "line N:").</summary>
internal sealed record ImportError(int Card, int Line, string Message);
