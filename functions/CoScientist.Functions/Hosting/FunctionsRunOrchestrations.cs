using CoScientist.Core.Orchestration;
using CoScientist.Core.Supervisor;
using CoScientist.Orchestration.Clients;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace CoScientist.Functions.Hosting;

/// <summary>
/// The runs' orchestrations in the Functions app, through the <see cref="DurableTaskClient"/> that
/// Durable Functions binds to the running function (<c>[DurableClient]</c>): it exists only as a
/// binding, so <see cref="DurableClientMiddleware"/> binds it before the function runs and this reads it
/// from the invocation's async flow. The engine's singletons use it like any other client.
/// </summary>
public sealed class FunctionsRunOrchestrations(IOptions<SupervisorOptions> options) : IRunOrchestrations
{
    private static readonly AsyncLocal<DurableTaskClient?> Current = new();

    private readonly DurableTaskClientRunOrchestrations _inner = new(CurrentClient, options);

    public Task StartAsync(string runId, CancellationToken cancellationToken = default) => _inner.StartAsync(runId, cancellationToken);

    public Task RaiseAsync(string runId, RunEvent runEvent, CancellationToken cancellationToken = default) => _inner.RaiseAsync(runId, runEvent, cancellationToken);

    public Task<RunOrchestrationState?> GetStateAsync(string runId, CancellationToken cancellationToken = default) => _inner.GetStateAsync(runId, cancellationToken);

    /// <summary>Makes <paramref name="client"/> the client of this invocation until disposed.</summary>
    internal static IDisposable Use(DurableTaskClient client)
    {
        var previous = Current.Value;
        Current.Value = client;
        return new Restore(previous);
    }

    private static DurableTaskClient CurrentClient() =>
        Current.Value ?? throw new InvalidOperationException(
            "This function has no Durable client: add a [DurableClient] DurableTaskClient parameter to every function whose work starts, signals or reads a run's orchestration.");

    private sealed class Restore(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>Binds the invocation's <c>[DurableClient]</c> (when the function declares one) for <see cref="FunctionsRunOrchestrations"/>.</summary>
public sealed class DurableClientMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var binding = context.FunctionDefinition.InputBindings.Values
            .FirstOrDefault(b => string.Equals(b.Type, "durableClient", StringComparison.OrdinalIgnoreCase));
        if (binding is null)
        {
            await next(context);
            return;
        }

        var client = (await context.BindInputAsync<DurableTaskClient>(binding)).Value
            ?? throw new InvalidOperationException($"Function {context.FunctionDefinition.Name}: the Durable client binding gave no client.");
        using (FunctionsRunOrchestrations.Use(client))
        {
            await next(context);
        }
    }
}
