using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace TokenBroker.Api.Tests.EndToEnd;

/// <summary>
/// Headless Debian Chromium driven by Playwright: one browser, one fresh context (no cookies), one page.
/// Every wait is bounded. Playwright's own browser download is not used: the browser is the distribution's.
/// </summary>
public sealed class ChromiumSession : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Bound of every action and assertion wait (click, fill, locator).</summary>
    public const float ActionTimeoutMs = 30_000;

    /// <summary>Bound of every navigation, including a chain of redirects through two servers.</summary>
    public const float NavigationTimeoutMs = 60_000;

    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;

    private ChromiumSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Every URL the page requested, in order (redirect hops included).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>
    /// Starts the Playwright driver and Chromium. When either cannot run this fails the test with
    /// what is missing; it never skips.
    /// </summary>
    public static async Task<ChromiumSession> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ExecutablePath}. The browser tests need Debian's chromium package: apt-get install chromium (.ci/run installs it).");
        }

        IPlaywright playwright;
        try
        {
            playwright = await Playwright.CreateAsync();
        }
        catch (Exception e)
        {
            var driver = Path.Combine(AppContext.BaseDirectory, ".playwright");
            throw new InvalidOperationException(
                $"The Playwright driver (node + package under {driver}, shipped in the Microsoft.Playwright NuGet package) could not start: {e.Message}", e);
        }

        IBrowser? browser = null;
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Args,
                Timeout = NavigationTimeoutMs,
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 800, Height = 640 },
                Locale = "en-US",
            });
            context.SetDefaultTimeout(ActionTimeoutMs);
            context.SetDefaultNavigationTimeout(NavigationTimeoutMs);
            var page = await context.NewPageAsync();
            var session = new ChromiumSession(playwright, browser, context, page);
            page.Request += (_, request) => session.Requests.Enqueue(request.Url);
            return session;
        }
        catch (Exception e)
        {
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }

            playwright.Dispose();
            throw new InvalidOperationException(
                $"Chromium at {ExecutablePath} could not be launched headless by Playwright {typeof(IPlaywright).Assembly.GetName().Version}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Answers every browser request whose URL starts with <paramref name="urlPrefix"/> with a small page,
    /// so nothing needs to listen there; returns the URLs that were answered.
    /// </summary>
    public async Task<ConcurrentQueue<string>> AnswerAsync(string urlPrefix, string title)
    {
        var answered = new ConcurrentQueue<string>();
        await _context.RouteAsync(url => url.StartsWith(urlPrefix, StringComparison.Ordinal), async route =>
        {
            answered.Enqueue(route.Request.Url);
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                ContentType = "text/html; charset=utf-8",
                Body = $"<!doctype html><html lang=\"en\"><title>{title}</title><h1>{title}</h1></html>",
            });
        });
        return answered;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _context.CloseAsync();
            await _browser.CloseAsync();
        }
        finally
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
        }
    }
}
