using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using RocksDbSharp;

namespace P2PClinic.Storage.Internal;

/// <summary>
/// Reading RocksDB without mistaking damage for absence: an iterator whose <c>Valid()</c> turns false may have
/// stopped on a checksum error, so every loop ends by asking the iterator for its status; a point read that
/// fails throws instead of returning null; every read verifies block checksums.
/// </summary>
internal static partial class RocksReads
{
    /// <summary>Read options that verify the checksum of every block read (the RocksDB default, made explicit).</summary>
    public static ReadOptions Verified() => new ReadOptions().SetVerifyChecksums(true);

    /// <summary>RocksDB's error for an iterator, or null if it ended because it reached the end (or its bound).</summary>
    public static string? ErrorOf(Iterator iterator)
    {
        var error = IntPtr.Zero;
        Native.Instance.rocksdb_iter_get_error(iterator.Handle, out error);
        if (error == IntPtr.Zero)
        {
            return null;
        }

        var message = Marshal.PtrToStringUTF8(error) ?? "unknown RocksDB error";
        Native.Instance.rocksdb_free(error);
        return message;
    }

    /// <summary>Throws if the iterator stopped on an error rather than at its end.</summary>
    public static void ThrowIfFailed(Iterator iterator, string databasePath, Guid? orgId)
    {
        if (ErrorOf(iterator) is { } message)
        {
            throw Damaged(databasePath, orgId, message, missingUpdates: null);
        }
    }

    /// <summary>A point read that reports damage as <see cref="StoreDamagedException"/>, never as "no such key".</summary>
    public static byte[]? Get(RocksDb db, byte[] key, ColumnFamilyHandle family, ReadOptions? readOptions, string databasePath, Guid? orgId)
    {
        try
        {
            return db.Get(key, family, readOptions ?? Verified());
        }
        catch (RocksDbException e)
        {
            throw Damaged(databasePath, orgId, e.Message ?? "unknown RocksDB error", missingUpdates: null, e);
        }
    }

    public static StoreDamagedException Damaged(string databasePath, Guid? orgId, string message, long? missingUpdates, Exception? inner = null) =>
        new(new OrgDamage(orgId, FileNamedIn(message) ?? databasePath, message, missingUpdates), inner);

    /// <summary>The file RocksDB names in a corruption message ("... in /path/000010.sst offset 2953 ..."), if any.</summary>
    public static string? FileNamedIn(string message) => NamedFile().Match(message) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"(/\S+\.(?:sst|log|blob))")]
    private static partial Regex NamedFile();
}
