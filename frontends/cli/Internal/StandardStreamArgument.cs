namespace P2PClinic.Cli.Internal;

/// <summary>
/// The conventional <c>-</c> file argument (read standard input, write standard output). Spectre.Console.Cli
/// reads a lone <c>-</c> as an option without a name and refuses it, so the command line is rewritten before
/// parsing: <c>-</c> becomes <see cref="Marker"/>, which commands taking a file compare against.
/// </summary>
internal static class StandardStreamArgument
{
    /// <summary>What a lone <c>-</c> argument reaches a command as; no real path starts with a NUL character.</summary>
    public const string Marker = "\0-";

    /// <summary>The arguments with every lone <c>-</c> replaced by <see cref="Marker"/>; everything else untouched.</summary>
    public static string[] Rewrite(string[] args) => [.. args.Select(a => a == "-" ? Marker : a)];

    /// <summary>Reads the whole file, or standard input for <see cref="Marker"/>; a file that cannot be read is a usage error naming it.</summary>
    public static async Task<byte[]> ReadAllBytesAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            if (file != Marker)
            {
                return await File.ReadAllBytesAsync(file, cancellationToken);
            }

            using var stdin = Console.OpenStandardInput();
            using var buffer = new MemoryStream();
            await stdin.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {Display(file, "standard input")}: {e.Message}", ExitCodes.Usage);
        }
    }

    /// <summary>How to name the file in a message: "standard input"/"standard output" for the marker.</summary>
    public static string Display(string file, string stream) => file == Marker ? stream : file;
}
