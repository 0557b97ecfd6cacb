using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace P2PClinic.Cli.Internal;

/// <summary>Where a command's result goes: a readable table on a console, or JSON for scripts.</summary>
internal sealed class CliOutput
{
    // Wide enough that ids and paths never wrap when stdout is a pipe (Spectre assumes 80 columns there).
    private const int RedirectedWidth = 240;

    private readonly TextWriter _stdout;

    private CliOutput(IAnsiConsole console, TextWriter stdout)
    {
        Console = console;
        _stdout = stdout;
    }

    public IAnsiConsole Console { get; }

    public static CliOutput ForProcess()
    {
        var stdout = System.Console.Out;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        if (System.Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return new CliOutput(console, stdout);
    }

    public void WriteJson<T>(T value, JsonTypeInfo<T> type) => _stdout.WriteLine(JsonSerializer.Serialize(value, type));

    public void Write(IRenderable renderable) => Console.Write(renderable);

    public void WriteLine(string text) => Console.WriteLine(text);

    /// <summary>A table whose cells hold user text verbatim (org names may contain markup characters like '[').</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))).NoWrap());
        }

        return table;
    }

    public static void AddRow(Table table, params string[] cells) =>
        table.AddRow(cells.Select(cell => (IRenderable)new Text(cell)).ToArray());
}
