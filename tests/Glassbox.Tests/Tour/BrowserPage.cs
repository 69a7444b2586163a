using PuppeteerSharp;

namespace Glassbox.Tests.Tour;

/// <summary>What a real browser saw of a page: images that did not load, console errors, whether the claims table is there.</summary>
internal sealed record PageCheck(IReadOnlyList<string> BrokenImages, IReadOnlyList<string> Errors, bool HasClaimsTable, int Images);

/// <summary>Opens a local HTML file in headless Chromium (Debian's `chromium`; .ci/run installs it) through PuppeteerSharp.</summary>
internal static class BrowserPage
{
    public static string Chromium { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }
        .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "No Chromium found (looked for /usr/bin/chromium, chromium-browser, google-chrome): install Debian's 'chromium' package (apt-get install chromium).");

    public static async Task<PageCheck> Check(string htmlPath, string? screenshot = null)
    {
        await using IBrowser browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
        });
        await using IPage page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        var errors = new List<string>();
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) lock (errors) errors.Add(e.Message.Text); };
        page.PageError += (_, e) => { lock (errors) errors.Add(e.Message); };
        page.RequestFailed += (_, e) => { lock (errors) errors.Add($"request failed: {e.Request.Url}"); };
        await page.GoToAsync(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load] });
        string[] broken = await page.EvaluateExpressionAsync<string[]>(
            "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src'))");
        int images = await page.EvaluateExpressionAsync<int>("document.images.length");
        bool claims = await page.EvaluateExpressionAsync<bool>(
            "Array.from(document.querySelectorAll('table')).some(t => Array.from(t.querySelectorAll('th')).map(h => h.textContent.trim()).join('|') " +
            "=== '#|the talk says|published|measured now|verdict|compute s' && t.querySelectorAll('tbody tr').length > 0)");
        if (screenshot is not null) await page.ScreenshotAsync(screenshot, new ScreenshotOptions { FullPage = false });
        lock (errors) return new PageCheck(broken, errors.ToList(), claims, images);
    }
}
