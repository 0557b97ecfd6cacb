using Grpc.Core;

namespace P2PClinic.Cli.Internal;

/// <summary>
/// An import through the node, part by part (<see cref="ImportParts"/>), for any importing service (contacts, events):
/// a progress bar per part on a terminal, the counts summed and every problem renumbered to the whole file's item and
/// line. What differs per service is only how to start a part and how to read its progress messages.
/// </summary>
internal static class ImportRun
{
    /// <summary>How a service imports: its words for the bar and messages, and how to read its progress messages.</summary>
    /// <param name="Noun">"card", "event".</param>
    /// <param name="Start">Starts the import of one part's bytes.</param>
    /// <param name="Position">Items processed and in total, from a progress message.</param>
    /// <param name="Counts">The counts of a part's last progress message.</param>
    /// <param name="Problems">The problems a progress message adds, numbered within the part (item 0: text outside any item).</param>
    /// <param name="Warnings">The warnings a progress message adds (items stored, but the user should know), numbered within the part.</param>
    /// <param name="PartsAreSlices">Whether each part is a slice of the file, starting with its first item (cards); a calendar part repeats the calendar's own lines first.</param>
    internal sealed record Kind<TProgress>(
        string Noun,
        Func<byte[], CallOptions, AsyncServerStreamingCall<TProgress>> Start,
        Func<TProgress, (int Processed, int Total)> Position,
        Func<TProgress, Counts> Counts,
        Func<TProgress, IEnumerable<Problem>> Problems,
        Func<TProgress, IEnumerable<Problem>> Warnings,
        bool PartsAreSlices);

    internal readonly record struct Counts(int Total, int Created, int Updated, int Failed)
    {
        public static Counts operator +(Counts a, Counts b) => new(a.Total + b.Total, a.Created + b.Created, a.Updated + b.Updated, a.Failed + b.Failed);
    }

    /// <summary>A refused item (or stray text, item 0) with its line, the message starting "line N:".</summary>
    internal sealed record Problem(int Item, int Line, string Message);

    public static async Task<(Counts Counts, List<Problem> Problems, List<Problem> Warnings)> RunAsync<TProgress>(NodeCall call, IReadOnlyList<ImportParts.Part> parts, Kind<TProgress> kind)
    {
        var problems = new List<Problem>();
        var warnings = new List<Problem>();
        var counts = default(Counts);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var first = i == 0;
            var last = default(Counts);
            try
            {
                using var stream = kind.Start(part.Bytes, call.FileTransferOptions);
                await ImportProgress.ReadAllAsync(call, stream.ResponseStream, ImportProgress.Label($"Importing {kind.Noun}s", i, parts.Count), kind.Position, progress =>
                {
                    // Text outside any item in a part that repeats the calendar's lines: report it once.
                    IEnumerable<Problem> InFile(IEnumerable<Problem> found) => found
                        .Where(p => p.Item > 0 || first || kind.PartsAreSlices)
                        .Select(p => new Problem(p.Item > 0 ? part.FileItem(p.Item) : 0, part.FileLine(p.Line), ImportProgress.FileLineMessage(p.Message, p.Line, part.FileLine(p.Line))));
                    problems.AddRange(InFile(kind.Problems(progress)));
                    warnings.AddRange(InFile(kind.Warnings(progress)));
                    last = kind.Counts(progress);
                });
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
            {
                throw call.FileTransferTimedOut();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                // Only a single item (an event with its overrides, a card with a photo of several MiB) larger than a
                // part gets here: refuse it, go on with the rest.
                var line = kind.PartsAreSlices ? part.FileLine(1) : 0;
                var where = line > 0 ? $"line {line}: " : "";
                problems.Add(new Problem(part.FileItem(1), line, $"{where}the {kind.Noun} alone is larger than the node takes in one request"));
                last = new Counts(part.FileItems.Length, 0, 0, part.FileItems.Length);
            }

            counts += last;
        }

        return (counts, problems, warnings);
    }
}
