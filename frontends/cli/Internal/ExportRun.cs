using Grpc.Core;
using Spectre.Console;

namespace P2PClinic.Cli.Internal;

/// <summary>
/// An export through the node's streaming export (contacts, events): the pieces are written as they arrive, so a file
/// of any size passes through without being held. To a file it goes to a temporary file beside it, renamed over the
/// target only when the export is complete, so a failed export leaves the old file as it was. A progress bar shows on a
/// terminal: on stdout when writing a file, on stderr when the file itself is standard output (redirected); never with --json or
/// when that stream is piped.
/// </summary>
internal static class ExportRun
{
    /// <summary>A piece of the file as a service's message carries it: its bytes, items written so far, items in all.</summary>
    internal readonly record struct Piece(ReadOnlyMemory<byte> Bytes, int Written, int Total);

    /// <summary>Runs the export to <paramref name="file"/> (or standard output for the marker); returns how many items it wrote.</summary>
    /// <param name="call">The command's call.</param>
    /// <param name="file">The target path, or <see cref="StandardStreamArgument.Marker"/> (or null) for standard output.</param>
    /// <param name="description">The bar's label ("Exporting cards").</param>
    /// <param name="start">Starts the streaming export with the given options.</param>
    /// <param name="piece">Reads a message.</param>
    public static async Task<int> RunAsync<TChunk>(
        NodeCall call,
        string? file,
        string description,
        Func<CallOptions, AsyncServerStreamingCall<TChunk>> start,
        Func<TChunk, Piece> piece)
    {
        var options = call.FileTransferOptions;
        if (file is null or StandardStreamArgument.Marker)
        {
            using var stdout = Console.OpenStandardOutput();
            // The bar only when the file goes somewhere else than the terminal (`> file`), and stderr is one.
            var bar = call.Json || !Console.IsOutputRedirected || Console.IsErrorRedirected ? null : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return await CopyAsync(call, stdout, bar, description, start(options), piece);
        }

        var full = Path.GetFullPath(file);
        var temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.part");
        try
        {
            int count;
            await using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                var bar = call.Json || Console.IsOutputRedirected ? null : call.Output.Console;
                count = await CopyAsync(call, output, bar, description, start(options), piece);
            }

            File.Move(temporary, full, overwrite: true);
            return count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write {file}: {e.Message}", ExitCodes.Usage);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static async Task<int> CopyAsync<TChunk>(NodeCall call, Stream output, IAnsiConsole? bar, string description, AsyncServerStreamingCall<TChunk> stream, Func<TChunk, Piece> read)
    {
        using (stream)
        {
            var written = 0;
            async Task Copy(Action<Piece> show)
            {
                try
                {
                    await foreach (var chunk in stream.ResponseStream.ReadAllAsync(call.CancellationToken))
                    {
                        var piece = read(chunk);
                        await output.WriteAsync(piece.Bytes, call.CancellationToken);
                        written = piece.Written;
                        show(piece);
                    }
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
                {
                    throw call.FileTransferTimedOut();
                }

                await output.FlushAsync(call.CancellationToken);
            }

            if (bar is null)
            {
                await Copy(_ => { });
                return written;
            }

            await ProgressBar.RunAsync(bar, description, report => Copy(p => report(p.Written, p.Total)));
            return written;
        }
    }
}
