using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CoScientist.Azure;

namespace CoScientist.Testing.Storage;

/// <summary>
/// The Azurite these tests run against: the one <c>scripts/test.sh</c> started (named by
/// <c>COSCI_TEST_STORAGE</c>), else one started here from <c>tests/azurite/node_modules</c>.
/// With neither, every test that needs storage fails saying how to get one: never a silent pass.
/// A test project that needs storage declares it its assembly fixture:
/// <c>[assembly: AssemblyFixture(typeof(AzuriteFixture))]</c>, so one Azurite serves the whole assembly.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string Variable = "COSCI_TEST_STORAGE";

    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private readonly List<string> _output = [];
    private Process? _azurite;
    private string? _location;
    private string? _connectionString;
    private string _problem = "Azurite has not been initialised.";

    /// <summary>The storage connection string; throws (failing the test) when no Azurite is available.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException(_problem);

    /// <summary>Options on this Azurite with a prefix of their own, so that the caller's tables and queues are its alone.</summary>
    public AzureStorageOptions Options(string? prefix = null) =>
        new() { ConnectionString = ConnectionString, Prefix = prefix ?? UniquePrefix() };

    public AzureStorageClients Clients(string? prefix = null) => AzureStorageClients.Create(Options(prefix));

    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + $"AccountKey={DevelopmentAccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;"
        + $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;"
        + $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>The Azurite process this fixture started, or null when it uses one named by <see cref="Variable"/>.</summary>
    public int? ProcessId => _azurite?.Id;

    /// <summary>
    /// Starts an Azurite of the caller's own, whatever <see cref="Variable"/> says: for tests that
    /// pause or kill the storage and must not disturb the others. Dispose it to stop it.
    /// </summary>
    public static async Task<AzuriteFixture> StartPrivateAsync()
    {
        var fixture = new AzuriteFixture();
        var root = RepositoryFiles.TryFindRoot();
        var azurite = root is null ? null : Path.Combine(root, "tests", "azurite", "node_modules", ".bin", "azurite");
        if (azurite is null || !File.Exists(azurite))
        {
            throw new InvalidOperationException("Azurite is not installed in tests/azurite/node_modules: run the tests with `bash scripts/test.sh`, or `npm ci --prefix tests/azurite` once.");
        }

        await fixture.StartAsync(azurite);
        return fixture;
    }

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _connectionString = configured;
            return;
        }

        var root = RepositoryFiles.TryFindRoot();
        var azurite = root is null ? null : Path.Combine(root, "tests", "azurite", "node_modules", ".bin", "azurite");
        if (azurite is null || !File.Exists(azurite))
        {
            _problem = $"No Azure Storage emulator: {Variable} is not set and Azurite is not installed in tests/azurite/node_modules. "
                + "Run the tests with `bash scripts/test.sh` (it installs and starts Azurite), or run "
                + "`npm ci --prefix tests/azurite` once before `dotnet test`.";
            return;
        }

        try
        {
            await StartAsync(azurite);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            _problem = $"Could not start Azurite from {azurite} ({ex.Message}). Run the tests with `bash scripts/test.sh`. Azurite said: "
                + string.Join(" | ", Output());
            await DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is { } process)
        {
            _azurite = null;
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        if (_location is not null && Directory.Exists(_location))
        {
            Directory.Delete(_location, recursive: true);
        }
    }

    private async Task StartAsync(string azurite)
    {
        var ports = FreePorts(3);
        _location = Directory.CreateTempSubdirectory("cosci-azurite-").FullName;
        var start = new ProcessStartInfo(azurite)
        {
            // Azurite refuses --location with --inMemoryPersistence; a scratch working directory takes any file it writes.
            WorkingDirectory = _location,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--silent", "--inMemoryPersistence", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", $"{ports[0]}", "--queuePort", $"{ports[1]}", "--tablePort", $"{ports[2]}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _azurite = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
        _azurite.OutputDataReceived += (_, e) => Keep(e.Data);
        _azurite.ErrorDataReceived += (_, e) => Keep(e.Data);
        _azurite.BeginOutputReadLine();
        _azurite.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartupTimeout;
        foreach (var port in ports)
        {
            while (!await AnswersAsync(port))
            {
                if (_azurite.HasExited)
                {
                    throw new InvalidOperationException($"it exited with code {_azurite.ExitCode}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"port {port} did not answer within {StartupTimeout.TotalSeconds} s");
                }

                await Task.Delay(100);
            }
        }

        _connectionString = ConnectionStringFor(ports[0], ports[1], ports[2]);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 20)
            {
                _output.RemoveAt(0);
            }
        }
    }

    private string[] Output()
    {
        lock (_output)
        {
            return [.. _output];
        }
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private static int[] FreePorts(int count)
    {
        // Hold all listeners until every port is chosen, so the three differ.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
