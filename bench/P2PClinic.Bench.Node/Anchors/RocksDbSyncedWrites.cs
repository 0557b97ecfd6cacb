using System.Diagnostics;
using RocksDbSharp;

namespace P2PClinic.Bench.Node.Anchors;

/// <summary>
/// The anchor for durable API writes: raw RocksDB puts with WAL sync (fsync per write), one at a time,
/// in a temp directory on the same disk the node writes to. No API, no CRDT: the floor a durable write costs here.
/// </summary>
internal static class RocksDbSyncedWrites
{
    public static double WritesPerSecond(string directory, int writes, int payloadBytes)
    {
        var path = Path.Combine(directory, "anchor-rocksdb");
        var options = new DbOptions().SetCreateIfMissing(true);
        using var db = RocksDb.Open(options, path);
        var sync = new WriteOptions().SetSync(true);
        var payload = new byte[payloadBytes];
        Random.Shared.NextBytes(payload);
        var key = new byte[8];

        // Warm up the WAL file so the first fsync of a fresh file is not counted.
        db.Put(key, payload, writeOptions: sync);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < writes; i++)
        {
            BitConverter.TryWriteBytes(key, (long)i);
            db.Put(key, payload, writeOptions: sync);
        }

        watch.Stop();
        return writes / watch.Elapsed.TotalSeconds;
    }
}
