using Google.Protobuf;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Contacts;

/// <summary>
/// Runs a .vcf import (<see cref="ImportRun"/>, in parts of whole cards when the file is larger than the node takes in
/// one request): a progress bar on a terminal, nothing but the summary when piped or with --json. Exits with
/// <see cref="ExitCodes.Refused"/> when any card was refused, so a script notices.
/// </summary>
internal static class ContactImportRun
{
    public static async Task<int> RunAsync(NodeCall call, ContactService.ContactServiceClient client, string org, byte[] vcf)
    {
        var (counts, problems, warnings) = await ImportRun.RunAsync(call, ImportParts.SplitVCards(vcf), new ImportRun.Kind<ImportContactsProgress>(
            "card",
            (bytes, options) => client.ImportContacts(new ImportContactsRequest { OrgId = org, Vcard = ByteString.CopyFrom(bytes) }, options),
            p => (p.ProcessedCards, p.TotalCards),
            p => new ImportRun.Counts(p.TotalCards, p.Created, p.Updated, p.Failed),
            p => p.Errors.Select(e => new ImportRun.Problem(e.Card, e.Line, e.Message)),
            p => p.Warnings.Select(w => new ImportRun.Problem(w.Card, w.Line, w.Message)),
            PartsAreSlices: true));

        var result = new ImportResultView(counts.Total, counts.Created, counts.Updated, counts.Failed, [.. problems.Select(p => new ImportErrorView(p.Item, p.Line, p.Message))],
            [.. warnings.Select(w => new ImportErrorView(w.Item, w.Line, w.Message))]);
        if (call.Json)
        {
            call.Output.WriteJson(result, ContactJson.Default.ImportResultView);
        }
        else
        {
            call.Output.WriteLine($"Imported {result.Created} new and {result.Updated} updated contact(s) from {result.TotalCards} card(s); {result.Failed} refused.");
            foreach (var error in result.Errors)
            {
                call.Output.WriteLine(error.Card > 0 ? $"  card {error.Card}: {error.Message}" : $"  {error.Message}");
            }

            foreach (var warning in result.Warnings)
            {
                call.Output.WriteLine($"  note, card {warning.Card}: {warning.Message}");
            }
        }

        return result.Failed > 0 ? ExitCodes.Refused : ExitCodes.Ok;
    }
}
