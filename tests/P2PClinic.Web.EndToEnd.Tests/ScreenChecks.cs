using Microsoft.Playwright;

namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>Checks every screen must pass, run in the page; each answers what fails, in words, or nothing.</summary>
internal static class ScreenChecks
{
    /// <summary>
    /// Inputs, selects and text areas a screen reader would announce without a name: no label with text, no
    /// aria-label, no aria-labelledby naming an element with text, no title. A placeholder does not count (it goes
    /// away as one types). Hidden ones are left out, except file inputs (styled away behind their label).
    /// </summary>
    public static Task<string> UnnamedInputsAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
            const text = e => (e?.textContent ?? "").trim().length > 0;
            const hidden = e => e.type === "hidden" || e.closest("[hidden], [aria-hidden=true]") !== null
                || (e.offsetParent === null && getComputedStyle(e).position !== "fixed" && !e.closest("label"));
            const named = e =>
                [...(e.labels ?? [])].some(text)
                || (e.getAttribute("aria-label") ?? "").trim().length > 0
                || (e.getAttribute("aria-labelledby") ?? "").split(/\s+/).filter(id => id).some(id => text(document.getElementById(id)))
                || (e.getAttribute("title") ?? "").trim().length > 0;
            return [...document.querySelectorAll("input, select, textarea")]
                .filter(e => (e.type === "file" || !hidden(e)) && !named(e))
                .slice(0, 8)
                .map(e => e.outerHTML.slice(0, 160))
                .join("; ");
        }
        """);

    /// <summary>What sticks out to the right when the page scrolls sideways (at phone width), else nothing.</summary>
    public static Task<string> SidewaysOverflowAsync(IPage page) => page.EvaluateAsync<string>("""
        () => document.documentElement.scrollWidth <= window.innerWidth ? "" :
            [...document.querySelectorAll("body *")]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                .slice(0, 8)
                .map(e => `<${e.tagName.toLowerCase()} id="${e.id}" class="${e.className}" type="${e.getAttribute("type") ?? ""}"> right=${Math.round(e.getBoundingClientRect().right)}`)
                .join("; ")
        """);

    /// <summary>Fails with both checks' findings on the screen <paramref name="screen"/>, if any.</summary>
    public static async Task AssertFitAndNamedAsync(IPage page, string screen, bool phone)
    {
        var unnamed = await UnnamedInputsAsync(page);
        var overflow = phone ? await SidewaysOverflowAsync(page) : "";
        Assert.True(unnamed.Length == 0 && overflow.Length == 0,
            $"{screen}{(phone ? " at phone width" : "")}: {(unnamed.Length > 0 ? $"inputs without an accessible name: {unnamed}. " : "")}{(overflow.Length > 0 ? $"scrolls sideways: {overflow}" : "")}");
    }
}
