namespace CoScientist.Api.Tests.Infrastructure;

/// <summary>A server of one test class's own, with one completed run that the class only reads.</summary>
public sealed class IsolatedServerFixture : IAsyncLifetime
{
    private ApiTestServer? _server;

    public ApiTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public string CompletedRunId { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        CompletedRunId = await Server.StartRunAsync(new { goal = ApiTestServer.Goal, maxProposals = 4, seed = 2 });
        await Server.WaitForEndAsync(CompletedRunId);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
