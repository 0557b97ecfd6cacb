using Google.Protobuf;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Contacts;

/// <summary>
/// Runs an import: a progress bar on a terminal, nothing but the summary when piped or with --json. Exits
/// with <see cref="ExitCodes.Refused"/> when any card was refused, so a script notices.
/// </summary>
internal static class ContactImportRun
{
    public static async Task<int> RunAsync(NodeCall call, ContactService.ContactServiceClient client, string org, byte[] vcf)
    {
        using var stream = client.ImportContacts(new ImportContactsRequest { OrgId = org, Vcard = ByteString.CopyFrom(vcf) }, ImportProgress.CallOptions(call));
        var errors = new List<ImportErrorView>();
        ImportContactsProgress last = new();
        await ImportProgress.ReadAllAsync(call, stream.ResponseStream, "Importing cards", p => (p.ProcessedCards, p.TotalCards), progress =>
        {
            errors.AddRange(progress.Errors.Select(e => new ImportErrorView(e.Card, e.Line, e.Message)));
            last = progress;
        });

        var result = new ImportResultView(last.TotalCards, last.Created, last.Updated, last.Failed, errors);
        if (call.Json)
        {
            call.Output.WriteJson(result, ContactJson.Default.ImportResultView);
        }
        else
        {
            call.Output.WriteLine($"Imported {result.Created} new and {result.Updated} updated contact(s) from {result.TotalCards} card(s); {result.Failed} refused.");
            foreach (var error in errors)
            {
                call.Output.WriteLine($"  card {error.Card}: {error.Message}");
            }
        }

        return result.Failed > 0 ? ExitCodes.Refused : ExitCodes.Ok;
    }
}
