using System.Globalization;
using System.Text;
using P2PClinic.Crdt;

namespace P2PClinic.Tools.YDoc.Internal;

/// <summary>
/// The ydoc command line: parses arguments, applies the update files to a fresh doc and writes
/// the requested view. Output is buffered and written only on success, so a bad file leaves
/// stdout empty (exit code 2) and a usage error exits with 1.
/// </summary>
internal static class YDocCommandLine
{
    internal const int Success = 0;
    internal const int UsageError = 1;
    internal const int BadFile = 2;

    private const string Usage = """
        usage: ydoc json [--root NAME:map|array|text]... FILE...
               ydoc state FILE...
               ydoc sv FILE...
        Applies the Yjs update v1 files in the order given to a fresh doc, then prints
          json   the roots as JSON (map keys sorted, byte arrays as {"bytes":[...]}); without
                 --root every root whose kind the content tells
          state  EncodeStateAsUpdate of the result, as raw bytes
          sv     the state vector as JSON ({"clientId": clock})
        """;

    public static int Run(string[] args, Stream stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stderr.WriteLine(Usage);
            return args.Length == 0 ? UsageError : Success;
        }

        var command = args[0];
        var roots = new List<(string Name, YTypeKind Kind)>();
        var files = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--root" && command == "json")
            {
                if (i + 1 >= args.Length || !TryParseRoot(args[i + 1], out var root))
                {
                    stderr.WriteLine($"ydoc: --root wants NAME:map|array|text, got '{(i + 1 < args.Length ? args[i + 1] : string.Empty)}'");
                    return UsageError;
                }

                roots.Add(root);
                i++;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                stderr.WriteLine($"ydoc: unknown option '{args[i]}' for '{command}'");
                stderr.WriteLine(Usage);
                return UsageError;
            }
            else
            {
                files.Add(args[i]);
            }
        }

        if (command is not ("json" or "state" or "sv"))
        {
            stderr.WriteLine($"ydoc: unknown command '{command}'");
            stderr.WriteLine(Usage);
            return UsageError;
        }

        if (files.Count == 0)
        {
            stderr.WriteLine($"ydoc {command}: no update files given");
            return UsageError;
        }

        var doc = new Doc();
        foreach (var file in files)
        {
            byte[] update;
            try
            {
                update = File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"ydoc: cannot read '{file}': {e.Message}");
                return BadFile;
            }

            try
            {
                doc.ApplyUpdate(update);
            }
            catch (CrdtFormatException e)
            {
                stderr.WriteLine($"ydoc: '{file}' is not a valid Yjs update v1: {e.Message}");
                return BadFile;
            }
        }

        byte[] output = command switch
        {
            "json" => Encoding.UTF8.GetBytes(RootsJson(doc, roots) + "\n"),
            "state" => doc.EncodeStateAsUpdate(),
            _ => Encoding.UTF8.GetBytes(StateVectorJson(doc) + "\n"),
        };
        stdout.Write(output);
        stdout.Flush();
        return Success;
    }

    private static bool TryParseRoot(string spec, out (string Name, YTypeKind Kind) root)
    {
        // The kind follows the last colon, so root names may contain colons themselves.
        var colon = spec.LastIndexOf(':');
        root = default;
        if (colon < 0)
        {
            return false;
        }

        YTypeKind? kind = spec[(colon + 1)..] switch
        {
            "map" => YTypeKind.Map,
            "array" => YTypeKind.Array,
            "text" => YTypeKind.Text,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }

        root = (spec[..colon], kind.Value);
        return true;
    }

    private static string RootsJson(Doc doc, List<(string Name, YTypeKind Kind)> requested)
    {
        var roots = requested.Count > 0 ? requested : InferredRoots(doc);
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, kind) in roots)
        {
            YType type = kind switch
            {
                YTypeKind.Map => doc.GetMap(name),
                YTypeKind.Array => doc.GetArray(name),
                _ => doc.GetText(name),
            };
            values[name] = type.ToJson();
        }

        return CanonicalJsonWriter.Write(values);
    }

    private static List<(string Name, YTypeKind Kind)> InferredRoots(Doc doc)
    {
        var roots = new List<(string Name, YTypeKind Kind)>();
        foreach (var name in doc.RootNames)
        {
            if (doc.TryGetRootKind(name, out var kind) && kind is YTypeKind.Map or YTypeKind.Array or YTypeKind.Text)
            {
                roots.Add((name, kind));
            }
        }

        return roots;
    }

    private static string StateVectorJson(Doc doc)
    {
        var stateVector = YUpdate.DecodeStateVector(doc.EncodeStateVector());
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (client, clock) in stateVector)
        {
            values[client.ToString(CultureInfo.InvariantCulture)] = clock;
        }

        return CanonicalJsonWriter.Write(values);
    }
}
