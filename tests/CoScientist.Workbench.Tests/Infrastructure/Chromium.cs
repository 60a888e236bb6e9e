using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(CoScientist.Workbench.Tests.Infrastructure.Chromium))]

namespace CoScientist.Workbench.Tests.Infrastructure;

/// <summary>
/// Debian's headless Chromium, driven by Playwright (never a downloaded browser: no
/// <c>playwright install</c>). When it is missing, every browser test fails saying how to get it.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private readonly string _executablePath;

    public Chromium()
        : this(Environment.GetEnvironmentVariable("COSCI_CHROMIUM") is { Length: > 0 } path ? path : DebianPath)
    {
    }

    internal Chromium(string executablePath) => _executablePath = executablePath;

    /// <summary>Where Debian's package puts the browser; <c>COSCI_CHROMIUM</c> overrides it.</summary>
    public const string DebianPath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private string _problem = "Chromium has not been started.";

    /// <summary>Where the tests' screenshots go (printed by each test that writes one).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(_executablePath))
        {
            _problem = $"Chromium is not installed at {_executablePath}: run scripts/install-chromium.sh (Debian package 'chromium'), or set COSCI_CHROMIUM to a Chromium binary.";
            return;
        }

        // A 2-core machine building in parallel is slow: give each expectation room before it fails.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser with a fresh profile (its own user-data-dir), at a laptop or phone viewport.</summary>
    public async Task<IBrowserContext> NewContextAsync(ViewportSize viewport, bool phone = false)
    {
        if (_playwright is null)
        {
            throw new InvalidOperationException(_problem);
        }

        var profile = Directory.CreateTempSubdirectory("cosci-chromium-");
        var context = await _playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = _executablePath,
            Headless = true,
            Args = Arguments,
            ViewportSize = viewport,
            IsMobile = phone,
            HasTouch = phone,
            AcceptDownloads = true,
        });
        context.Close += (_, _) =>
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // The browser may still hold a file for a moment; the temp folder is cleaned by the system.
            }
        };
        return context;
    }

    public ValueTask DisposeAsync()
    {
        _playwright?.Dispose();
        return ValueTask.CompletedTask;
    }
}
