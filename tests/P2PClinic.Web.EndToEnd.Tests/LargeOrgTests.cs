using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>
/// An org of 10,000 contacts in the browser: the list opens, switching to it and back shows the right org, and a
/// search finds one contact among them. The test asserts what is shown, never how fast; it prints the browser-side
/// timings (first page load, org switch, search keystroke) that docs/benchmarks.md reports.
/// </summary>
public sealed class LargeOrgTests(ITestOutputHelper output)
{
    private const int Contacts = 10_000;
    private const int Rounds = 5;

    [Fact]
    public async Task TenThousandContactsOpenSwitchAndSearchInTheBrowser()
    {
        await using var clinic = await LaunchedClinic.StartAsync();
        await using var browser = await Browser.LaunchAsync();
        Assert.Equal(0, (await clinic.CliAsync("org", "create", "Large", "--color", "#6a1b9a")).ExitCode);
        Assert.Equal(0, (await clinic.CliAsync("org", "create", "Small", "--color", "#ef6c00")).ExitCode);
        Assert.Equal(0, (await clinic.CliAsync("contact", "add", "Only small contact", "--in", "Small")).ExitCode);
        var file = Path.Combine(Path.GetTempPath(), $"large-{Guid.NewGuid():N}.vcf");
        var cards = new StringBuilder();
        for (var i = 1; i <= Contacts; i++)
        {
            cards.Append(CultureInfo.InvariantCulture, $"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Person {i:00000}\r\nEMAIL:person{i}@large.example\r\nTEL:+33 1 23 45 {i % 100:00} {i / 100 % 100:00}\r\nEND:VCARD\r\n");
        }

        await File.WriteAllTextAsync(file, cards.ToString());
        try
        {
            var imported = await clinic.CliAsync("contact", "import", file, "--in", "Large");
            Assert.True(imported.ExitCode == 0, imported.ToString());
        }
        finally
        {
            File.Delete(file);
        }

        // First page load: from navigation to the first row of the default org (Large, the first one made).
        var firstLoads = new List<double>();
        IPage page = null!;
        for (var round = 0; round < Rounds; round++)
        {
            var context = await browser.Chromium.NewContextAsync(new() { TimezoneId = "Europe/Paris", Locale = "en-GB", ViewportSize = new() { Width = 1280, Height = 860 } });
            page = await context.NewPageAsync();
            page.SetDefaultTimeout(60_000);
            var load = Stopwatch.StartNew();
            await page.GotoAsync(new Uri(clinic.WebAddress, "contacts").ToString());
            await Expect(WebAppTests.Row(page, "Person 00001")).ToBeVisibleAsync();
            firstLoads.Add(load.Elapsed.TotalMilliseconds);
            await Expect(page.GetByTestId("contact-count")).ToHaveTextAsync($"({Contacts})");
            if (round < Rounds - 1)
            {
                await context.CloseAsync();
            }
        }

        // Switching orgs: from the click in the switcher to the other org's rows.
        // Each direction on its own: the aim is for the switch to the 10,000-contact org.
        var toSmall = new List<double>();
        var toLarge = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            toSmall.Add(await SwitchAsync(page, "Small", "Only small contact", "(1)"));
            toLarge.Add(await SwitchAsync(page, "Large", "Person 00001", $"({Contacts})"));
        }

        // A search keystroke: from the last character typed to the one matching row.
        var searches = new List<double>();
        var search = page.GetByLabel("Search contacts");
        for (var round = 0; round < Rounds; round++)
        {
            var name = $"Person {1234 + (round * 1717):00000}";
            await search.FillAsync(name[..^1]);
            await Expect(WebAppTests.Row(page, name)).ToBeVisibleAsync();
            var keystroke = Stopwatch.StartNew();
            await search.PressAsync(name[^1..]);
            await Expect(page.GetByTestId("contact-row")).ToHaveCountAsync(1);
            await Expect(WebAppTests.Row(page, name)).ToBeVisibleAsync();
            searches.Add(keystroke.Elapsed.TotalMilliseconds);
        }

        var loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        output.WriteLine($"WEB-TIMINGS {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {loadAverage}, {Environment.ProcessorCount} cores");
        output.WriteLine("WEB-TIMINGS | what (ms) | min | median | max | samples |");
        output.WriteLine($"WEB-TIMINGS | first page load | {Summary(firstLoads)} |");
        output.WriteLine($"WEB-TIMINGS | org switch to the 10,000-contact org | {Summary(toLarge)} |");
        output.WriteLine($"WEB-TIMINGS | org switch to the 1-contact org | {Summary(toSmall)} |");
        output.WriteLine($"WEB-TIMINGS | search keystroke | {Summary(searches)} |");
    }

    private static async Task<double> SwitchAsync(IPage page, string org, string firstRow, string count)
    {
        await page.GetByTestId("org-switcher").ClickAsync();
        var item = page.Locator("#org-menu").GetByRole(AriaRole.Button, new() { Name = org });
        await Expect(item).ToBeVisibleAsync();
        var switching = Stopwatch.StartNew();
        await item.ClickAsync();
        await Expect(WebAppTests.Row(page, firstRow)).ToBeVisibleAsync();
        var elapsed = switching.Elapsed.TotalMilliseconds;
        await Expect(page.GetByTestId("contact-count")).ToHaveTextAsync(count);
        return elapsed;
    }

    private static string Summary(List<double> samples)
    {
        var sorted = samples.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[0]:0} | {sorted[sorted.Count / 2]:0} | {sorted[^1]:0} | {sorted.Count}");
    }
}
