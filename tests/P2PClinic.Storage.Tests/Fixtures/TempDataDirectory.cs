using P2PClinic.Testing;

namespace P2PClinic.Storage.Tests.Fixtures;

/// <summary>A fresh node data directory under the system temp folder, deleted afterwards.</summary>
public sealed class TempDataDirectory : IDisposable
{
    public TempDataDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "p2pclinic-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string DatabasePath => System.IO.Path.Combine(Path, DocumentStore.DatabaseFolderName);

    /// <summary>Every file under the directory whose bytes contain <paramref name="marker"/> (UTF-8).</summary>
    public IReadOnlyList<string> FilesContaining(string marker) => DataFiles.Containing(Path, marker);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still be dying; the temp folder is cleaned by the OS eventually.
        }
    }
}
