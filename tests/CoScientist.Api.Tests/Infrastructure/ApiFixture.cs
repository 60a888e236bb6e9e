[assembly: AssemblyFixture(typeof(CoScientist.Api.Tests.Infrastructure.ApiFixture))]

namespace CoScientist.Api.Tests.Infrastructure;

/// <summary>
/// One server for the tests that share it, with two runs already completed: <see cref="ReadOnlyRunId"/>
/// is never changed by any test (the bad-request tests compare its stored state before and after),
/// <see cref="WorkRunId"/> (ten proposals, so some are evolved) may be written to (Specific Aims on demand).
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private ApiTestServer? _server;

    public ApiTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public string ReadOnlyRunId { get; private set; } = "";

    public string WorkRunId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        ReadOnlyRunId = await Server.StartRunAsync();
        WorkRunId = await Server.StartRunAsync(new { goal = ApiTestServer.Goal, maxProposals = 10, seed = 3 });
        await Server.WaitForEndAsync(ReadOnlyRunId);
        await Server.WaitForEndAsync(WorkRunId);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
