using Microsoft.Playwright;

namespace P2PClinic.Signaling.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (never <c>playwright install</c>): one browser per test class.
/// Fails loudly when Chromium is missing: browser peers must be tested, not skipped.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), "Chromium is not installed, and the browser tests need it: apt-get install chromium");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
    }
}
