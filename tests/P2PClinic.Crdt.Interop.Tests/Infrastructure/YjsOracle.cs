using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// The real yjs as the oracle of the property tests: one long-lived <c>node oracle.mjs</c> (in
/// tests/interop) per test collection, asked one <see cref="YScript"/> per generated case over its
/// stdin and stdout. <see cref="AssertAgrees"/> runs a script on both engines and fails on the
/// first value that differs, naming a request file that replays the case in Node alone.
/// </summary>
public sealed class YjsOracle : IAsyncLifetime
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(2);
    private readonly StringBuilder stderr = new();
    private readonly object gate = new();
    private Process? node;

    public async Task InitializeAsync()
    {
        await NodeInterop.EnsureInstalledAsync();
        var start = new ProcessStartInfo("node", ["oracle.mjs"])
        {
            WorkingDirectory = RepositoryPaths.Interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        node = Process.Start(start) ?? throw new InvalidOperationException("node oracle.mjs did not start");
        node.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        node.BeginErrorReadLine();
    }

    public async Task DisposeAsync()
    {
        if (node is null)
        {
            return;
        }

        node.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
        }

        node.Dispose();
    }

    /// <summary>Runs a script with yjs.</summary>
    internal YjsOutputs Run(YScript script)
    {
        var request = script.ToRequest();
        string? line;
        lock (gate)
        {
            var process = node ?? throw new InvalidOperationException("the oracle was not started");
            process.StandardInput.WriteLine(request);
            process.StandardInput.Flush();
            var read = process.StandardOutput.ReadLineAsync();
            if (!read.Wait(AnswerTimeout))
            {
                throw new TimeoutException($"yjs did not answer within {AnswerTimeout} (request saved as {SaveRequest(request)})");
            }

            line = read.Result;
        }

        if (line is null)
        {
            string log;
            lock (stderr)
            {
                log = stderr.ToString();
            }

            throw new InvalidOperationException($"node oracle.mjs exited: {log}");
        }

        using var answer = JsonDocument.Parse(line);
        if (answer.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"yjs threw at op {answer.RootElement.GetProperty("op")}: {error.GetString()} (replay: {ReplayCommand(SaveRequest(request))})");
        }

        var bytes = new Dictionary<string, byte[]>();
        var json = new Dictionary<string, string>();
        foreach (var output in answer.RootElement.GetProperty("outputs").EnumerateObject())
        {
            if (output.Value.TryGetProperty("bytes", out var b))
            {
                bytes[output.Name] = Convert.FromBase64String(b.GetString()!);
            }
            else
            {
                json[output.Name] = output.Value.GetProperty("json").GetString()!;
            }
        }

        return new YjsOutputs(bytes, json);
    }

    /// <summary>
    /// Runs the script on the C# engine and on yjs and asserts that every value is the same: bytes
    /// exactly, JSON by value. Returns yjs's outputs for the property's own checks.
    /// </summary>
    internal YjsOutputs AssertAgrees(YScript script, string label)
    {
        var csharp = script.RunInCSharp();
        var yjs = Run(script);
        var problems = new List<string>();
        foreach (var (name, expected) in yjs.Bytes)
        {
            if (!csharp.Bytes.TryGetValue(name, out var actual))
            {
                problems.Add($"{name}: the C# run made no such value");
            }
            else if (Bytes.FirstDifference(expected, actual) is { } difference)
            {
                problems.Add($"{name} differs: {difference}");
            }
        }

        foreach (var (name, expected) in yjs.Json)
        {
            var differences = JsonComparison.Differences(expected, csharp.Json[name]);
            if (differences.Count > 0)
            {
                problems.Add($"{name} JSON differs: {string.Join("; ", differences)}\n      yjs: {expected}\n      C#:  {CanonicalJson.Write(csharp.Json[name])}");
            }
        }

        Assert.True(csharp.Bytes.Count == yjs.Bytes.Count && csharp.Json.Count == yjs.Json.Count, $"{label}: C# made {csharp.Bytes.Count}+{csharp.Json.Count} values, yjs {yjs.Bytes.Count}+{yjs.Json.Count}");
        Assert.True(problems.Count == 0, $"{label}: the C# engine differs from yjs 13.6 on the same script\n      {string.Join("\n      ", problems)}\n      replay in yjs: {ReplayCommand(SaveRequest(script.ToRequest()))}");
        return yjs;
    }

    /// <summary>Saves a request as a file that replays it in yjs alone; returns its path.</summary>
    internal static string SaveRequest(string request)
    {
        var path = Path.Combine(Path.GetTempPath(), $"p2pclinic-oracle-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, request + "\n");
        return path;
    }

    internal static string ReplayCommand(string requestFile) => $"cd tests/interop && node oracle.mjs < {requestFile}";
}

[CollectionDefinition(Name)]
public sealed class YjsOracleCollection : ICollectionFixture<YjsOracle>
{
    public const string Name = "yjs oracle";
}
