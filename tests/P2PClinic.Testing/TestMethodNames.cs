using System.Text.RegularExpressions;

namespace P2PClinic.Testing;

/// <summary>
/// The naming convention of test methods (docs/testing.md): PascalCase segments joined by single underscores,
/// <c>Subject_Scenario_Expected</c>. Checked over every test project's sources by one test; renamed in bulk by
/// <c>tools/test-names/normalize-test-names.py</c>, which applies the same rule.
/// </summary>
public static partial class TestMethodNames
{
    /// <summary>Every test method under <paramref name="testsFolder"/> whose name breaks the convention, as "file:line: name".</summary>
    public static IReadOnlyList<string> Violations(string testsFolder)
    {
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(testsFolder, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(testsFolder, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("node_modules", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            var pending = false;
            for (var i = 0; i < lines.Length; i++)
            {
                if (TestAttribute().IsMatch(lines[i]))
                {
                    pending = true;
                    continue;
                }

                if (!pending)
                {
                    continue;
                }

                var trimmed = lines[i].Trim();
                if (Declaration().Match(lines[i]) is { Success: true } declaration)
                {
                    pending = false;
                    if (!Convention().IsMatch(declaration.Groups[1].Value))
                    {
                        found.Add($"{relative}:{i + 1}: {declaration.Groups[1].Value}");
                    }
                }
                else if (trimmed.Length > 0 && !trimmed.StartsWith('[') && !trimmed.StartsWith("//", StringComparison.Ordinal))
                {
                    pending = false;
                }
            }
        }

        return found;
    }

    [GeneratedRegex(@"^[A-Z0-9][A-Za-z0-9]*(_[A-Z0-9][A-Za-z0-9]*)*$")]
    private static partial Regex Convention();

    [GeneratedRegex(@"\[(?:Xunit\.)?(?:Fact|Theory|SkippableFact|SkippableTheory)\b")]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"^\s*(?:public|internal|private|protected)?\s*(?:static\s+)?(?:async\s+)?(?:Task|ValueTask|void)\s+(\w+)\s*\(")]
    private static partial Regex Declaration();
}
