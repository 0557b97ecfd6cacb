using P2PClinic.Crdt.Interop.Tests.Infrastructure;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>
/// Cases the convergence properties once failed on, kept as saved scripts (Regressions/*.json,
/// named by the CsCheck seed that found them under the old seed-driven generator; replay any of
/// them in yjs alone with <c>cd tests/interop &amp;&amp; node oracle.mjs &lt; FILE</c>).
/// The three failures of issue 12 were not C# divergences: on the same inputs the C# engine
/// produced yjs's bytes exactly, and yjs itself encodes the same doc reached by two paths
/// differently (two adjacent GC structs 128:4 and 128:5 stay unmerged after one delivery order
/// and are one struct 128:4+2 after another; a diff leaves an item split that the other path
/// merged). So the properties compare state bytes with yjs per path and content across paths.
/// The soak (tools/crdt-soak.sh) then found a real one, kept below.
/// </summary>
[Collection(YjsOracleCollection.Name)]
public sealed class ConvergenceRegressions(YjsOracle yjs)
{
    [Theory]
    [InlineData("delivery-69XLciJxoL11.json", "generation", "delivered", 331, 329)]
    [InlineData("diff-bnzHqwQUIem1.json", "full", "partial", 371, 373)]
    [InlineData("diff-aIh8hyjd-nl1.json", "full", "partial", 462, 460)]
    public void FormerDivergence_GivesYjsBytesOnEveryPath_AndTheSameDocAcrossPaths(string file, string first, string second, int firstLength, int secondLength)
    {
        var script = YScript.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "P2PClinic.Crdt.Interop.Tests", "Regressions", file)));

        var answer = yjs.AssertAgrees(script, file);

        ConvergenceProperties.AssertSameDoc(answer, first, second);
        // What the issue reported as "yjs vs C#" was these two yjs encodings of one doc; if a yjs
        // release ever makes them equal, the properties may compare state bytes across paths again.
        Assert.Equal(firstLength, answer.Bytes[$"{first}.state"].Length);
        Assert.Equal(secondLength, answer.Bytes[$"{second}.state"].Length);
    }

    [Fact]
    public void RemoteUpdate_IntoATextRootAdoptedAfterItsFormatsArrived_KeepsTheFormatsYjsKeeps()
    {
        // Found by the soak (CsCheck_Seed=9fEMivdm2F41, DiffAgainstADocsStateVector...): a doc got
        // formatted text under root "t" before anyone called GetText("t"), then read it as text
        // (the JSON step), then applied the rest. The C# engine marked the adopted text as
        // formatted and ran the formatting cleanup, deleting 2147483647:4-5 (italic=null,
        // size=null); yjs's adopted YText starts with _hasFormatting false and keeps them.
        // State 909 bytes vs yjs 901 before the fix.
        var script = YScript.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "P2PClinic.Crdt.Interop.Tests", "Regressions", "adopted-text-9fEMivdm2F41.json")));

        var answer = yjs.AssertAgrees(script, "adopted-text-9fEMivdm2F41.json");

        ConvergenceProperties.AssertSameDoc(answer, "full", "viaDiff", secondSuffix: ".after");
        ConvergenceProperties.AssertSameDoc(answer, "full", "viaState", secondSuffix: ".after");
        Assert.Equal(901, answer.Bytes["viaDiff.state.after"].Length);
    }
    [Fact]
    public void PendingStructs_LeftWaitingByYjssRetryRule_StayPendingAsInYjs_AndASyncStepCompletesTheDoc()
    {
        // Found as CsCheck_Seed=4Tn9FEtl5fn1 (AnyDeliveryOrderDuplicationAndBatching), shrunk from 13
        // updates delivered 17 times to these 7 delivered once each. Not a C# divergence: both
        // engines leave the same structs pending. yjs 13.6 retries its pending update only when a
        // clock in pending.missing is passed, and records one clock per client. Here 300:0 needs
        // 127:2, but when the pending update is retried (after u4 fills 3:13) the walk from 300:0
        // jumps to client 127's pending structs, meets the gap before 127:8 and records 127:7 (and
        // nothing for 127:2). u5 then brings 127:0-2, which passes no recorded clock, so 300:0-9
        // and everything after it (127:3-28) wait for good although all they need is there.
        var script = YScript.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "P2PClinic.Crdt.Interop.Tests", "Regressions", "pending-4Tn9FEtl5fn1.json")));

        var answer = yjs.AssertAgrees(script, "pending-4Tn9FEtl5fn1.json");

        Assert.Equal("{\"contacts\":{\"email\":0.5},\"m\":{\"name\":[]},\"t\":\"日\\\"quoted\\\"\\\\本語\"}", answer.Json["delivered.json"]);
        Assert.Equal([(127u, 7L), (300u, 0L)], YUpdate.DecodeStateVector(answer.Bytes["delivered.pending"]).OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        Assert.Equal([0], answer.Bytes["generation.pending"]);

        // A sync step 2 (the complete doc's state against the stuck doc's state vector) brings
        // 300:0-9 and 127:3-7 again; they integrate, and the retry takes the rest.
        Assert.Equal([0], answer.Bytes["delivered.pending.repaired"]);
        ConvergenceProperties.AssertSameDoc(answer, "generation", "delivered", secondSuffix: ".repaired");
    }
}
