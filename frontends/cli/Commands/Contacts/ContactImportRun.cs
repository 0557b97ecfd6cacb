using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Cli.Internal;
using Spectre.Console;

namespace P2PClinic.Cli.Commands.Contacts;

/// <summary>
/// Runs an import: a progress bar on a terminal, nothing but the summary when piped or with --json. Exits
/// with <see cref="ExitCodes.Refused"/> when any card was refused, so a script notices.
/// </summary>
internal static class ContactImportRun
{
    // An import of many thousands of cards on a busy node outlasts the CLI's usual per-command deadline.
    private static readonly TimeSpan ImportDeadline = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(NodeCall call, ContactService.ContactServiceClient client, string org, byte[] vcf)
    {
        var options = new CallOptions(deadline: DateTime.UtcNow + ImportDeadline, cancellationToken: call.CancellationToken);
        using var stream = client.ImportContacts(new ImportContactsRequest { OrgId = org, Vcard = ByteString.CopyFrom(vcf) }, options);
        var errors = new List<ImportErrorView>();
        ImportContactsProgress last = new();

        async Task ReadAll(Action<ImportContactsProgress> onProgress)
        {
            await foreach (var progress in stream.ResponseStream.ReadAllAsync(call.CancellationToken))
            {
                errors.AddRange(progress.Errors.Select(e => new ImportErrorView(e.Card, e.Line, e.Message)));
                last = progress;
                onProgress(progress);
            }
        }

        if (!call.Json && !Console.IsOutputRedirected)
        {
            await call.Output.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("Importing cards", maxValue: 1);
                    await ReadAll(p =>
                    {
                        task.MaxValue = Math.Max(1, p.TotalCards);
                        task.Value = p.ProcessedCards;
                    });
                    task.Value = task.MaxValue;
                });
        }
        else
        {
            await ReadAll(_ => { });
        }

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
