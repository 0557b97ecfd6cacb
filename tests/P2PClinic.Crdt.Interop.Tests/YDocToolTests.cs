using System.Text.Json;
using P2PClinic.Crdt.Interop.Tests.Infrastructure;
using P2PClinic.Testing;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>tools/ydoc run as a real process (dotnet ydoc.dll) on yjs fixture files.</summary>
[Collection(YjsFixtureCollection.Name)]
public sealed class YDocToolTests(YjsFixtures fixtures) : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("p2pclinic-ydoc-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task Json_WithRootKinds_PrintsWhatYjsPrints()
    {
        foreach (var history in fixtures.Histories.Where(h => !h.Subdocs).Take(4))
        {
            var rootArgs = history.Roots.SelectMany(r => new[] { "--root", $"{r.Name}:{r.Kind}" });
            var result = await RunYDoc(["json", .. rootArgs, .. UpdateFiles(history)]);
            Assert.True(result.ExitCode == 0, $"{history.Label}: exit {result.ExitCode}: {result.StandardError}");
            using var printed = JsonDocument.Parse(result.StandardOutputBytes);
            using var expected = JsonDocument.Parse(history.Json);
            Assert.True(JsonElement.DeepEquals(expected.RootElement, printed.RootElement), $"{history.Label}:\n yjs:  {history.Json}\n ydoc: {result.StandardOutput}");
        }
    }

    [Fact]
    public async Task Json_PrintsMapKeysSortedAndByteArraysAsBytesObjects()
    {
        var doc = new Doc(new DocOptions { ClientId = 5 });
        var map = doc.GetMap("m");
        map.Set("zeta", 1);
        map.Set("alpha", new byte[] { 1, 2, 255 });
        map.Set("Émile", "x");
        var file = Path.Combine(scratch, "sorted.bin");
        await File.WriteAllBytesAsync(file, doc.EncodeStateAsUpdate());

        var result = await RunYDoc(["json", "--root", "m:map", file]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{\"m\":{\"alpha\":{\"bytes\":[1,2,255]},\"zeta\":1,\"Émile\":\"x\"}}", result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Json_WithoutRoots_PrintsEveryRootWhoseKindTheContentTells()
    {
        var history = fixtures.Histories.First(h => !h.Subdocs && h.Roots.All(r => r.ContentKind == r.Kind));
        var result = await RunYDoc(["json", .. UpdateFiles(history)]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        using var printed = JsonDocument.Parse(result.StandardOutputBytes);
        using var expected = JsonDocument.Parse(history.Json);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, printed.RootElement), $"{history.Label}:\n yjs:  {history.Json}\n ydoc: {result.StandardOutput}");
    }

    [Fact]
    public async Task State_WritesEncodeStateAsUpdateAsRawBytes_ByteIdenticalToYjs()
    {
        // ydoc's doc has gc on (the yjs default), so compare with a gc-on history.
        var history = fixtures.Histories.Where(h => h.Gc).Skip(1).First();
        var result = await RunYDoc(["state", .. UpdateFiles(history)]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        YjsHistoryTests.AssertBytes(fixtures.Bytes(history.State), result.StandardOutputBytes, "ydoc state");
    }

    [Fact]
    public async Task Sv_PrintsTheStateVectorAsClientIdToClock()
    {
        var history = fixtures.Histories[2];
        var result = await RunYDoc(["sv", .. UpdateFiles(history)]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var printed = JsonSerializer.Deserialize<Dictionary<string, long>>(result.StandardOutputBytes)!;
        Assert.Equal(history.StateVectorMap.OrderBy(p => p.Key, StringComparer.Ordinal), printed.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("state")]
    [InlineData("sv")]
    public async Task AnyCommand_WithACorruptFile_ExitsWith2AndNamesTheFileOnStderrOnly(string command)
    {
        var history = fixtures.Histories[0];
        var state = fixtures.Bytes(history.State);
        var corrupt = Path.Combine(scratch, "corrupt-update.bin");
        await File.WriteAllBytesAsync(corrupt, state[..(state.Length / 2)]);

        var result = await RunYDoc([command, .. UpdateFiles(history).Take(2), corrupt]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.StandardOutputBytes);
        Assert.Contains("corrupt-update.bin", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_WithAMissingFile_ExitsWith2AndNamesIt()
    {
        var result = await RunYDoc(["json", Path.Combine(scratch, "no-such-file.bin")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.StandardOutputBytes);
        Assert.Contains("no-such-file.bin", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("frobnicate x.bin")]
    [InlineData("json")]
    [InlineData("json --root m:set x.bin")]
    [InlineData("sv --root m:map x.bin")]
    public async Task BadUsage_ExitsWith1AndPrintsNothingOnStdout(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var result = await RunYDoc(args);
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.StandardOutputBytes);
        Assert.NotEmpty(result.StandardError);
    }

    private IEnumerable<string> UpdateFiles(History history) => history.Updates.Select(u => fixtures.FullPath(u.File));

    private static Task<ProcessResult> RunYDoc(IEnumerable<string> args) =>
        ProcessRunner.RunAsync("dotnet", [YDocPath.Value, .. args], RepositoryPaths.Root, limit: TimeSpan.FromMinutes(1));

    /// <summary>The tool built alongside these tests (same configuration), see the csproj reference.</summary>
    private static readonly Lazy<string> YDocPath = new(() =>
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryPaths.Root, "tools", "ydoc", "bin", configuration, "net10.0", "ydoc.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"ydoc.dll not built at {path}; build tests/P2PClinic.Crdt.Interop.Tests first", path);
    });
}
