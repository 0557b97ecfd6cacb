using P2PClinic.Testing;

namespace P2PClinic.Api.Tests;

/// <summary>
/// Conventions of the whole test suite, checked here because this project is quick to build and knows the repository
/// (through P2PClinic.Testing); the check reads the sources of every test project.
/// </summary>
public sealed class TestSuiteConventionTests
{
    [Fact]
    public void TestMethodNames_InEveryTestProject_FollowTheConventionOfDocsTesting()
    {
        var violations = TestMethodNames.Violations(Path.Combine(TestNode.RepositoryRoot, "tests"));

        Assert.True(violations.Count == 0, $"{violations.Count} test method name(s) break docs/testing.md (fix with python3 tools/test-names/normalize-test-names.py):\n{string.Join('\n', violations)}");
    }
}
