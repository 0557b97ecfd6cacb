using Microsoft.Playwright;
using P2PClinic.Testing;

namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>Debian's headless Chromium driven by Playwright (never a downloaded browser).</summary>
public sealed class Browser : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    /// <summary>The browser.</summary>
    public IBrowser Chromium { get; }

    /// <summary>Launches Chromium.</summary>
    public static async Task<Browser> LaunchAsync()
    {
        Assert.True(File.Exists(ChromiumPath), "Install Debian's chromium (./test.sh does it).");
        // A hang guard for a loaded machine, not a speed requirement: the default 5 s is too short on a busy CI box.
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(30_000);
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new Browser(playwright, chromium);
    }

    /// <summary>
    /// A new page (its own browser context) in a fixed zone, at a desktop size unless told otherwise;
    /// <paramref name="beforeLoad"/> runs on the page before it opens <paramref name="address"/> (to route its traffic).
    /// </summary>
    public async Task<IPage> OpenAsync(Uri address, int width = 1280, int height = 860, Func<IPage, Task>? beforeLoad = null)
    {
        var context = await Chromium.NewContextAsync(new() { TimezoneId = "Europe/Paris", Locale = "en-GB", ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        if (beforeLoad is not null)
        {
            await beforeLoad(page);
        }

        await page.GotoAsync(address.ToString());
        return page;
    }

    /// <summary>Keeps a screenshot of a main screen under docs/screenshots/ for the README.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = Path.Combine(TestNode.RepositoryRoot, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>One launched clinic and one browser, shared by the tests of a class.</summary>
public sealed class ClinicFixture : IAsyncLifetime
{
    /// <summary>The launched processes.</summary>
    public LaunchedClinic Clinic { get; private set; } = null!;

    /// <summary>The browser.</summary>
    public Browser Browser { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Clinic = await LaunchedClinic.StartAsync();
        Browser = await Browser.LaunchAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Clinic.DisposeAsync();
    }
}
