using System.Text;

namespace P2PClinic.Testing;

/// <summary>
/// What a data directory holds on disk, byte for byte. Linked as source into test projects that do not reference
/// this one (tests/P2PClinic.Storage.Tests), so that there is one of it.
/// </summary>
public static class DataFiles
{
    /// <summary>Every file under <paramref name="directory"/> whose bytes contain <paramref name="marker"/> (UTF-8), relative to it.</summary>
    public static IReadOnlyList<string> Containing(string directory, string marker)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        return [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(file => File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0)
            .Select(file => Path.GetRelativePath(directory, file))];
    }
}
