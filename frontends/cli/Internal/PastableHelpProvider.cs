using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace P2PClinic.Cli.Internal;

/// <summary>
/// Spectre's help, except that examples can be pasted into a POSIX shell as printed: every argument is quoted where
/// the shell would change it (spaces, <c>;</c>, <c>#</c>, <c>$</c> is left to expand), and an example is one line
/// however narrow the terminal, never wrapped inside an argument.
/// </summary>
internal sealed class PastableHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    public override IEnumerable<IRenderable> GetExamples(ICommandModel model, ICommandInfo? command)
    {
        var examples = Examples(model, command);
        if (examples.Count == 0)
        {
            return [];
        }

        var lines = new List<IRenderable> { new UnwrappedLine(""), new UnwrappedLine("EXAMPLES:", new Style(decoration: Decoration.Bold)) };
        lines.AddRange(examples.Select(args => new UnwrappedLine("    " + model.ApplicationName + " " + string.Join(" ", args.Select(ShellQuote)))));
        return lines;
    }

    /// <summary>
    /// The argument as a POSIX shell reads it back: as is when it holds only characters no shell treats specially,
    /// else in double quotes (so a <c>$VARIABLE</c> in an example, standing for an id the user has, still expands).
    /// </summary>
    internal static string ShellQuote(string argument)
    {
        if (argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=+,@%".Contains(c) || c > 127))
        {
            return argument;
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in argument)
        {
            // Inside double quotes only these keep a meaning; '$' stays live on purpose (see above).
            if (c is '"' or '\\' or '`')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }

    // As Spectre's own: a command's examples, else (for a branch or the root) its children's, up to the configured number.
    private List<string[]> Examples(ICommandModel model, ICommandInfo? command)
    {
        var examples = (command?.Examples ?? model.Examples).ToList();
        if (examples.Count > 0)
        {
            return examples;
        }

        var queue = new Queue<ICommandContainer>([command ?? (ICommandContainer)model]);
        while (queue.Count > 0 && examples.Count < MaximumIndirectExamples)
        {
            foreach (var child in queue.Dequeue().Commands.Where(c => !c.IsHidden))
            {
                examples.AddRange(child.Examples);
                queue.Enqueue(child);
            }
        }

        return [.. examples.Take(MaximumIndirectExamples)];
    }

    /// <summary>One line written as is: Spectre's text wraps at the console's width, which would break an example in two.</summary>
    private sealed class UnwrappedLine(string text, Style? style = null) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => new(text.Length, text.Length);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) => [new Segment(text, style ?? Style.Plain), Segment.LineBreak];
    }
}
