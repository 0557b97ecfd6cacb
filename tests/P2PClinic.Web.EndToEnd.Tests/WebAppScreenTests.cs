using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>The issue's quality list, screen by screen: names on inputs, phone width, the keyboard.</summary>
public sealed partial class WebAppTests
{
    [Theory]
    [InlineData(1280, 860)]
    [InlineData(390, 844)]
    public async Task EveryScreenNamesEachInputAndFitsTheWidth(int width, int height)
    {
        var phone = width < 600;
        var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "contacts"), width, height);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts" })).ToBeVisibleAsync();
        await ScreenChecks.AssertFitAndNamedAsync(page, "contacts", phone);
        await CheckDialogAsync(page, "New contact", "new contact", phone);

        await page.GetByTestId("org-switcher").ClickAsync();
        await Expect(page.Locator("#org-menu")).ToBeVisibleAsync();
        await ScreenChecks.AssertFitAndNamedAsync(page, "org menu", phone);
        await CheckDialogAsync(page, "New org…", "new org", phone);

        await page.GotoAsync(new Uri(Clinic.WebAddress, "calendar").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Calendar" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-slot-start]").First).ToBeVisibleAsync();
        await ScreenChecks.AssertFitAndNamedAsync(page, "calendar week", phone);
        // At phone width the scheduler offers its views in a menu of its own instead of buttons: checked as shown.
        foreach (var view in phone ? [] : new[] { "Month", "Day" })
        {
            await page.GetByRole(AriaRole.Button, new() { Name = view, Exact = true }).ClickAsync();
            await ScreenChecks.AssertFitAndNamedAsync(page, $"calendar {view.ToLowerInvariant()}", phone);
        }

        await CheckDialogAsync(page, "New event", "new event", phone);

        await page.GotoAsync(new Uri(Clinic.WebAddress, "sharing").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sharing" })).ToBeVisibleAsync();
        await ScreenChecks.AssertFitAndNamedAsync(page, "sharing", phone);
    }

    [Fact]
    public async Task AContactIsMadeWithTheKeyboardAloneAndEscapeLeavesADialogWithoutSaving()
    {
        var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "contacts"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts" })).ToBeVisibleAsync();
        var name = $"Keyboard {Guid.NewGuid().ToString("N")[..6]}";

        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeFocusedAsync();
        // The dialog takes the focus; the first Tab reaches its first field.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Display name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(name);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await page.GetByLabel("Search contacts").FillAsync(name);
        await Expect(Row(page, name)).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(name + " not saved");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        var search = await Clinic.CliAsync("contact", "search", name + " not saved", "--in", "Clinic", "--json");
        Assert.DoesNotContain("not saved", search.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContactTheNodeRefusesShowsTheNodesReasonInWordsAndKeepsWhatWasTyped()
    {
        var page = await fixture.Browser.OpenAsync(new Uri(Clinic.WebAddress, "contacts"));
        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        var tooLong = new string('a', 300);
        await page.GetByLabel("Display name").FillAsync(tooLong);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Display_name: 300 characters is more than the limit of 256.");
        var text = await alert.InnerTextAsync();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        await Expect(page.GetByLabel("Display name")).ToHaveValueAsync(tooLong);
    }

    /// <summary>Waits until the focus is in the open dialog; a failure names where it is instead.</summary>
    private static async Task ExpectFocusInDialogAsync(IPage page, string screen)
    {
        try
        {
            await page.WaitForFunctionAsync("() => document.activeElement?.closest('[role=dialog]') != null", null, new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'");
            Assert.Fail($"{screen} dialog: the focus is not in the dialog but on {focused}");
        }
    }

    /// <summary>Opens a dialog with the button <paramref name="button"/>, checks it, and closes it with Escape.</summary>
    private static async Task CheckDialogAsync(IPage page, string button, string screen, bool phone)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await ScreenChecks.AssertFitAndNamedAsync(page, $"{screen} dialog", phone);
        // The dialog takes the focus as it opens, so Escape reaches it.
        await ExpectFocusInDialogAsync(page, screen);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }
}
