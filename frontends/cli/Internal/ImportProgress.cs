using Grpc.Core;

namespace P2PClinic.Cli.Internal;

/// <summary>
/// Follows an import's progress stream (contacts, events): a progress bar on a terminal, nothing when piped or with
/// --json, where only the command's summary is printed.
/// </summary>
internal static class ImportProgress
{
    /// <summary>The bar's label, with the part when a file goes in several.</summary>
    public static string Label(string description, int part, int parts) => parts > 1 ? $"{description} (part {part + 1} of {parts})" : description;

    /// <summary>The node's message ("line N: ...") with the line number of the whole file instead of the part's.</summary>
    public static string FileLineMessage(string message, int partLine, int fileLine)
    {
        var prefix = $"line {partLine}:";
        return partLine != fileLine && message.StartsWith(prefix, StringComparison.Ordinal) ? $"line {fileLine}:" + message[prefix.Length..] : message;
    }

    /// <summary>Reads every progress message, handing each to <paramref name="onProgress"/> and moving the bar.</summary>
    /// <param name="call">The command's call.</param>
    /// <param name="stream">The import's progress stream.</param>
    /// <param name="description">The bar's label ("Importing cards").</param>
    /// <param name="position">How far a message says the import is: items processed and items in total.</param>
    /// <param name="onProgress">Collects what the summary needs (errors, the last counts).</param>
    public static async Task ReadAllAsync<TProgress>(
        NodeCall call,
        IAsyncStreamReader<TProgress> stream,
        string description,
        Func<TProgress, (int Processed, int Total)> position,
        Action<TProgress> onProgress)
    {
        async Task Read(Action<TProgress> show)
        {
            await foreach (var progress in stream.ReadAllAsync(call.CancellationToken))
            {
                onProgress(progress);
                show(progress);
            }
        }

        if (call.Json || Console.IsOutputRedirected)
        {
            await Read(_ => { });
            return;
        }

        await ProgressBar.RunAsync(call.Output.Console, description, report => Read(p =>
        {
            var (processed, total) = position(p);
            report(processed, total);
        }));
    }
}
