using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary>
/// Every example the CLI's <c>--help</c> prints, for every command, and every CLI line in the READMEs' shell blocks,
/// runs as printed in a POSIX shell against a real node: pasted into bash, it must parse (no exit 2, no unknown command).
/// The node may still refuse what an example asks (exit 1: an org renamed by an earlier example, a share code that
/// does not exist); that is the node's answer, not a broken example.
/// </summary>
public sealed partial class HelpExampleTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    // A watching example (reminder watch, org peers --watch) runs until stopped: it is stopped after this and counts as run.
    private const int WatchSeconds = 15;
    private const int StoppedByTimeout = 124;
    private const string ReadmePrefix = "dotnet run --project frontends/cli --";

    // Typed at the password prompts of org share and org join (twice for share's confirmation).
    private const string Password = "correct horse battery";

    [Fact]
    public async Task EveryExampleInHelpRunsAsPrinted()
    {
        var examples = new List<string>();
        await foreach (var help in HelpOfEveryCommandAsync())
        {
            examples.AddRange(ExamplesIn(help));
        }

        Assert.Contains(examples, e => e.StartsWith("p2pclinic event add ", StringComparison.Ordinal));
        await RunAllAsync(examples.Distinct().ToList());
    }

    [Fact]
    public async Task EveryCliLineInTheReadmesRunsAsPrinted()
    {
        var readmes = new[] { "README.md", "frontends/cli/README.md" }
            .Concat(Directory.GetFiles(Path.Combine(TestNode.RepositoryRoot, "docs"), "*.md").Select(f => Path.GetRelativePath(TestNode.RepositoryRoot, f)));
        var examples = readmes.SelectMany(r => ShellLines(File.ReadAllText(Path.Combine(TestNode.RepositoryRoot, r))))
            .Where(line => line.StartsWith(ReadmePrefix + " ", StringComparison.Ordinal))
            .Select(line => "p2pclinic" + line[ReadmePrefix.Length..])
            .Distinct()
            .ToList();

        Assert.True(examples.Count >= 10, string.Join("\n", examples));
        await RunAllAsync(examples);
    }

    [Fact]
    public async Task ALongExampleIsOneLineWithItsArgumentsQuotedForTheShell()
    {
        var help = (await CliRunner.RunAsync("event", "add", "--help")).StandardOutput;

        Assert.Contains(
            "    p2pclinic event add \"Team meeting\" --start \"2026-12-01 09:00\" --duration 1h --rrule \"FREQ=WEEKLY;BYDAY=MO\"\n",
            help.ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
        var org = (await CliRunner.RunAsync("org", "create", "--help")).StandardOutput;
        Assert.Contains("p2pclinic org create Clinic --color \"#3366ff\"", org, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Clinic", "Clinic")]
    [InlineData("Ana Núñez", "\"Ana Núñez\"")]
    [InlineData("FREQ=WEEKLY;BYDAY=MO", "\"FREQ=WEEKLY;BYDAY=MO\"")]
    [InlineData("#3366ff", "\"#3366ff\"")]
    [InlineData("$EVENT_ID", "\"$EVENT_ID\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("", "\"\"")]
    public void ShellQuotingKeepsEveryArgumentWhole(string argument, string quoted) =>
        Assert.Equal(quoted, Internal.PastableHelpProvider.ShellQuote(argument));

    private async Task RunAllAsync(IReadOnlyList<string> examples)
    {
        var directory = Directory.CreateTempSubdirectory("p2pclinic-examples-").FullName;
        try
        {
            var ids = await PrepareAsync(directory);
            var failures = new StringBuilder();
            var report = new StringBuilder();
            foreach (var example in examples)
            {
                var result = await RunAsync(example, directory, ids);
                var said = (result.StandardOutput + result.StandardError).Trim().ReplaceLineEndings(" | ");
                report.AppendLine($"[{result.ExitCode}] {example}\n    {said}");
                if (result.ExitCode is not (0 or 1 or StoppedByTimeout))
                {
                    failures.AppendLine($"exit {result.ExitCode}: {example}\n    {said}");
                }
            }

            Assert.True(failures.Length == 0, $"examples that do not run as printed:\n{failures}\nall:\n{report}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>What examples lean on: a default org with an event, a contact and a reminder (their ids in variables), and files to import.</summary>
    private async Task<Dictionary<string, string?>> PrepareAsync(string directory)
    {
        var org = Json(await fixture.RunAsync("org", "create", "Examples " + Guid.NewGuid().ToString("N")[..6], "--json")).GetProperty("id").GetString()!;
        Assert.Equal(0, (await fixture.RunAsync("org", "use", org)).ExitCode);
        var eventId = Json(await fixture.RunAsync("event", "add", "Checkup", "--start", "2026-12-01 09:00", "--duration", "30m", "--tz", "Europe/Paris", "--json")).GetProperty("id").GetString()!;
        var contact = Json(await fixture.RunAsync("contact", "add", "Grace Hopper", "--json")).GetProperty("id").GetString()!;
        var reminder = Json(await fixture.RunAsync("reminder", "add", "--event", eventId, "--before", "15m", "--json")).GetProperty("id").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(directory, "contacts.vcf"), "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n");
        await File.WriteAllTextAsync(
            Path.Combine(directory, "calendar.ics"),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:examples-1@test\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:20261202T090000Z\r\nSUMMARY:Imported\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        return new Dictionary<string, string?> { ["EVENT_ID"] = eventId, ["CONTACT_ID"] = contact, ["REMINDER_ID"] = reminder };
    }

    /// <summary>
    /// Runs one example in bash at a terminal (a pseudo-terminal from <c>script</c>, as a user pastes it: commands that ask
    /// for a password prompt for it, and get one typed), with <c>p2pclinic</c> standing for the built CLI pointed at the
    /// test node. The terminal merges stdout and stderr; the exit code is the example's.
    /// </summary>
    private async Task<ProcessResult> RunAsync(string example, string directory, Dictionary<string, string?> ids)
    {
        var cli = $"{Quote(ProcessRunner.DotnetHost)} {Quote(CliRunner.CliAssembly)}";
        var node = $"--node {Quote(fixture.Node.HttpAddress.ToString())} --data-dir {Quote(fixture.Node.DataDirectory)}";
        var file = Path.Combine(directory, "example.sh");
        await File.WriteAllTextAsync(file, $"p2pclinic() {{ exec {cli} \"$@\" {node}; }}\n{example}\n");
        var environment = new Dictionary<string, string?>(ids) { ["TERM"] = "dumb" };
        foreach (var name in CliRunner.ScrubbedVariables)
        {
            environment[name] = null;
        }

        return await ProcessRunner.RunAsync(
            "timeout",
            ["-s", "TERM", WatchSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "script", "-qec", $"bash {Quote(file)}", "/dev/null"],
            directory,
            environment,
            standardInput: $"{Password}\n{Password}\n");
    }

    private static async IAsyncEnumerable<string> HelpOfEveryCommandAsync()
    {
        var pending = new Queue<string[]>([[]]);
        while (pending.Count > 0)
        {
            var path = pending.Dequeue();
            var help = await CliRunner.RunAsync([.. path, "--help"]);
            Assert.True(help.ExitCode == 0, $"{string.Join(" ", path)} --help: {help}");
            yield return help.StandardOutput;
            foreach (var command in CommandsIn(help.StandardOutput))
            {
                pending.Enqueue([.. path, command]);
            }
        }
    }

    /// <summary>The commands a help lists: the lines at the section's first indentation (deeper ones continue a wrapped description).</summary>
    private static IEnumerable<string> CommandsIn(string help)
    {
        var lines = Section(help, "COMMANDS:").ToList();
        if (lines.Count == 0)
        {
            return [];
        }

        var indent = lines[0].Length - lines[0].TrimStart().Length;
        return lines.Where(line => line.Length - line.TrimStart().Length == indent)
            .Select(line => CommandName().Match(line.TrimStart())).Where(m => m.Success).Select(m => m.Groups["name"].Value);
    }

    private static IEnumerable<string> ExamplesIn(string help) =>
        Section(help, "EXAMPLES:").Select(line => line.Trim()).Where(line => line.StartsWith("p2pclinic ", StringComparison.Ordinal));

    private static IEnumerable<string> Section(string help, string header) =>
        help.ReplaceLineEndings("\n").Split('\n')
            .SkipWhile(line => line.Trim() != header).Skip(1)
            .TakeWhile(line => line.Trim().Length > 0 && !SectionHeader().IsMatch(line));

    /// <summary>The lines of every <c>sh</c> block, continuation lines (ending in a backslash) joined.</summary>
    private static IEnumerable<string> ShellLines(string markdown)
    {
        var inShell = false;
        var pending = "";
        foreach (var raw in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (raw.StartsWith("```", StringComparison.Ordinal))
            {
                inShell = !inShell && raw.Trim() is "```sh" or "```bash" or "```shell";
                continue;
            }

            if (!inShell)
            {
                continue;
            }

            var line = pending + raw;
            if (line.EndsWith('\\'))
            {
                pending = line[..^1];
                continue;
            }

            pending = "";
            yield return line.Trim();
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static JsonElement Json(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    [GeneratedRegex(@"^(?<name>[a-z][a-z-]*)(\s|$)")]
    private static partial Regex CommandName();

    [GeneratedRegex(@"^[A-Z]+:\s*$")]
    private static partial Regex SectionHeader();
}
