using System.Text;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// Collects the failures of a check run over many histories, so one test run shows every failing
/// history (the engine engineer runs these as acceptance tests) instead of stopping at the first.
/// </summary>
internal sealed class FailureReport(string check)
{
    private const int Shown = 12;
    private readonly List<string> failures = [];
    private int checkedCount;

    /// <summary>Runs one case; an exception from the engine counts as that case's failure.</summary>
    public void Check(string label, Action body)
    {
        checkedCount++;
        try
        {
            body();
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            failures.Add($"{label}: threw {e.GetType().Name}: {e.Message}\n      at {FirstFrame(e)}");
        }
        catch (Xunit.Sdk.XunitException e)
        {
            failures.Add($"{label}: {e.Message}");
        }
    }

    public void Fail(string label, string message) => failures.Add($"{label}: {message}");

    public void ThrowIfAny()
    {
        if (failures.Count == 0)
        {
            Assert.True(checkedCount > 0, $"{check}: nothing was checked");
            return;
        }

        var text = new StringBuilder();
        text.AppendLine($"{check}: {failures.Count} of {checkedCount} cases failed. Regenerate the fixtures with: {YjsFixtures.RegenerateCommand}");
        foreach (var failure in failures.Take(Shown))
        {
            text.AppendLine("  - " + failure);
        }

        if (failures.Count > Shown)
        {
            text.AppendLine($"  ... and {failures.Count - Shown} more");
        }

        Assert.Fail(text.ToString());
    }

    private static string FirstFrame(Exception e) =>
        e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("P2PClinic.Crdt", StringComparison.Ordinal) && !l.Contains("Interop.Tests", StringComparison.Ordinal))?.Trim()
        ?? e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()
        ?? "(no stack)";
}
