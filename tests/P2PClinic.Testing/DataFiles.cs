using System.Text;

namespace P2PClinic.Testing;

/// <summary>
/// What a data directory holds on disk, byte for byte. Linked as source into test projects that do not reference
/// this one (tests/P2PClinic.Storage.Tests), so that there is one of it.
/// </summary>
public static class DataFiles
{
    /// <summary>
    /// Every file under <paramref name="directory"/> whose bytes contain <paramref name="marker"/> (UTF-8), relative to
    /// it. RocksDB deletes obsolete files in the background: a scan that saw a file vanish starts again, so the
    /// answer is always about one complete listing (a file written meanwhile is not missed).
    /// </summary>
    public static IReadOnlyList<string> Containing(string directory, string marker)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                    .Where(file => File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0)
                    .Select(file => Path.GetRelativePath(directory, file))];
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && attempt < 20)
            {
                // A file went away between the listing and the read: list again.
            }
        }
    }
}
