using System.Text;
using P2PClinic.Storage.Tests.Fixtures;

namespace P2PClinic.Storage.Tests.Durability;

/// <summary>
/// The entry point of this test assembly when it runs as a child process (<c>dotnet
/// P2PClinic.Storage.Tests.dll MODE ...</c>), so tests can kill a real process holding a store.
/// Modes:
///   append DATADIR ORGID COMPACT_AFTER : appends "acked-update-N" forever, printing "ack SEQ N" after each durable append
///   hold DATADIR                       : opens the store, prints "ready", keeps it open until stdin closes
///   open DATADIR                       : tries to open, prints "opened" or "unavailable REASON MESSAGE"
/// </summary>
public static class StoreWriterProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 2)
        {
            await Console.Error.WriteLineAsync("usage: append|hold|open DATADIR [ORGID COMPACT_AFTER]");
            return 2;
        }

        switch (args[0])
        {
            case "append":
                return await AppendForeverAsync(args[1], Guid.Parse(args[2]), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
            case "hold":
                using (DocumentStore.Open(args[1]))
                {
                    Console.WriteLine("ready");
                    await Console.In.ReadToEndAsync();
                }

                return 0;
            case "open":
                try
                {
                    using (DocumentStore.Open(args[1]))
                    {
                        Console.WriteLine("opened");
                    }

                    return 0;
                }
                catch (StoreUnavailableException e)
                {
                    Console.WriteLine($"unavailable {e.Reason} {e.Message}");
                    return 1;
                }

            default:
                await Console.Error.WriteLineAsync($"unknown mode {args[0]}");
                return 2;
        }
    }

    private static async Task<int> AppendForeverAsync(string dataDirectory, Guid orgId, int compactAfter)
    {
        using var store = DocumentStore.Open(dataDirectory, new DocumentStoreOptions
        {
            CompactAfterUpdates = compactAfter,
            MergeUpdates = ConcatMerge.Merge,
        });
        Console.WriteLine("ready");
        // Bounded so an orphaned child can never run forever; the test kills it long before.
        for (var i = 0; i < 1_000_000; i++)
        {
            var update = Encoding.UTF8.GetBytes($"acked-update-{i}");
            var sequence = await store.Updates.AppendAsync(orgId, update, BitConverter.GetBytes(i));
            // Printed only after the append returned, i.e. after it was durable.
            Console.WriteLine($"ack {sequence} {i}");
        }

        return 0;
    }
}
