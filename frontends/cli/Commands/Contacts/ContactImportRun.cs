using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Contacts;

/// <summary>
/// Runs an import: a progress bar on a terminal, nothing but the summary when piped or with --json. A file larger than
/// the node takes in one request goes in parts of whole cards (<see cref="ImportParts"/>), one after the other; card
/// and line numbers are the file's. Exits with <see cref="ExitCodes.Refused"/> when any card was refused, so a script
/// notices.
/// </summary>
internal static class ContactImportRun
{
    public static async Task<int> RunAsync(NodeCall call, ContactService.ContactServiceClient client, string org, byte[] vcf)
    {
        var parts = ImportParts.SplitVCards(vcf);
        var errors = new List<ImportErrorView>();
        var (total, created, updated, failed) = (0, 0, 0, 0);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            ImportContactsProgress last = new();
            try
            {
                using var stream = client.ImportContacts(new ImportContactsRequest { OrgId = org, Vcard = ByteString.CopyFrom(part.Bytes) }, ImportProgress.CallOptions(call));
                await ImportProgress.ReadAllAsync(call, stream.ResponseStream, ImportProgress.Label("Importing cards", i, parts.Count), p => (p.ProcessedCards, p.TotalCards), progress =>
                {
                    errors.AddRange(progress.Errors.Select(e => new ImportErrorView(part.FileItem(e.Card), part.FileLine(e.Line), ImportProgress.FileLineMessage(e.Message, e.Line, part.FileLine(e.Line)))));
                    last = progress;
                });
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                // Only a single card larger than a part gets here (a photo of several MiB): refuse it, go on with the rest.
                errors.Add(new ImportErrorView(part.FileItem(1), part.FileLine(1), $"line {part.FileLine(1)}: the card alone is larger than the node takes in one request"));
                last = new ImportContactsProgress { TotalCards = part.FileItems.Length, Failed = part.FileItems.Length };
            }

            (total, created, updated, failed) = (total + last.TotalCards, created + last.Created, updated + last.Updated, failed + last.Failed);
        }

        var result = new ImportResultView(total, created, updated, failed, errors);
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
