using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace P2PClinic.Storage.Internal;

/// <summary>
/// The data directory holds health data and is its owner's alone: directories 0700, files 0600. New files get
/// that from the process umask (set once, before RocksDB creates anything; RocksDB opens its files with 0644
/// and lets the umask decide), and an existing directory is tightened when the store opens.
/// </summary>
internal static partial class OwnerOnlyFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupAndOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    // umask(2): 077 clears every group and other permission bit of files and directories this process creates.
    private const uint OwnerOnlyUmask = 0x3F;

    /// <summary>Sets the umask, creates <paramref name="dataDirectory"/> 0700 if missing, and tightens what is there.</summary>
    public static void Apply(string dataDirectory, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has no modes; the directory inherits its parent's ACL (the user's profile).
            Directory.CreateDirectory(dataDirectory);
            return;
        }

        _ = SetUmask(OwnerOnlyUmask);
        if (!Directory.Exists(dataDirectory))
        {
            Directory.CreateDirectory(dataDirectory, DirectoryMode);
        }

        var tightened = Tighten(new DirectoryInfo(dataDirectory));
        if (tightened > 0)
        {
            StoreLog.PermissionsTightened(logger, dataDirectory, tightened);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static int Tighten(DirectoryInfo directory)
    {
        var count = TightenOne(directory, DirectoryMode);
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            // A symbolic link's own mode means nothing, and following it could change files outside the directory.
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            count += entry is DirectoryInfo child ? Tighten(child) : TightenOne(entry, FileMode);
        }

        return count;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static int TightenOne(FileSystemInfo entry, UnixFileMode ownerOnly)
    {
        if ((entry.UnixFileMode & GroupAndOther) == 0)
        {
            return 0;
        }

        entry.UnixFileMode = entry.UnixFileMode & ~GroupAndOther & (ownerOnly | UnixFileMode.UserExecute);
        return 1;
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint SetUmask(uint mask);
}
