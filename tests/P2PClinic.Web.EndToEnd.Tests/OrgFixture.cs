namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>A launched clinic whose node already has one org, "Clinic" (made with the CLI), and a browser.</summary>
public sealed class OrgFixture : IAsyncLifetime
{
    private readonly ClinicFixture _inner = new();

    /// <summary>The launched processes.</summary>
    public LaunchedClinic Clinic => _inner.Clinic;

    /// <summary>The browser.</summary>
    public Browser Browser => _inner.Browser;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await _inner.InitializeAsync();
        var created = await Clinic.CliAsync("org", "create", "Clinic", "--color", "#1565c0");
        Assert.True(created.ExitCode == 0, created.ToString());
    }

    /// <inheritdoc />
    public Task DisposeAsync() => _inner.DisposeAsync();
}
