using System.ComponentModel;
using System.Diagnostics;

namespace P2PClinic.Testing;

/// <summary>The outcome of one run of a real program.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Standard output as the program wrote it, for programs that print bytes (a document state).</summary>
    public byte[] StandardOutputBytes { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>
/// Runs a real program (the CLI, node, npm, curl, the ydoc tool) to its end and collects what it printed. Linked as
/// source into test projects that do not reference this one (tests/P2PClinic.Crdt.Interop.Tests), so there is one.
/// </summary>
public static class ProcessRunner
{
    // Bounds a hung child (npm ci on a cold cache is the slowest); it asserts nothing about speed.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <paramref name="program"/>; <paramref name="environment"/> entries set variables, and entries with a
    /// null value remove them from the inherited environment. <paramref name="standardInput"/> is written to the
    /// child's standard input (UTF-8), which is then closed; without it the child reads end of file at once.
    /// </summary>
    /// <exception cref="MissingToolException">The program is not installed.</exception>
    public static async Task<ProcessResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null,
        TimeSpan? limit = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        }
        catch (Win32Exception e)
        {
            throw new MissingToolException(program, e);
        }

        using (process)
        {
            using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            guard.CancelAfter(limit ?? HangGuard);
            var stdoutBytes = new MemoryStream();
            var stdout = process.StandardOutput.BaseStream.CopyToAsync(stdoutBytes, guard.Token);
            var stderr = process.StandardError.ReadToEndAsync(guard.Token);
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput);
            }

            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(guard.Token);
                await stdout;
                return new ProcessResult(process.ExitCode, System.Text.Encoding.UTF8.GetString(stdoutBytes.ToArray()), await stderr)
                {
                    StandardOutputBytes = stdoutBytes.ToArray(),
                };
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not exit within {limit ?? HangGuard}");
            }
        }
    }

    /// <summary>The <c>dotnet</c> host that runs this test process, so a child runs on the same runtime.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

/// <summary>A program the tests need is not installed; the message says how to get it.</summary>
public sealed class MissingToolException(string program, Exception inner)
    : Exception($"'{program}' is not installed or not on PATH; these tests need it (Debian: apt-get install -y {DebianPackage(program)})", inner)
{
    private static string DebianPackage(string program) => program switch
    {
        "node" or "npm" => "nodejs npm",
        _ => program,
    };
}
