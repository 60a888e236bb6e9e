using System.Net;
using CoScientist.Api.Tests.Infrastructure;
using CoScientist.Core.Storage;
using CoScientist.Core.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoScientist.Api.Tests.Hosting;

/// <summary>An unexpected failure is a 500 problem with a trace id; its details go to the log only.</summary>
public sealed class FailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StorageFailure_Is500Problem_WithTheDetailsInTheLogOnly()
    {
        await using var server = await ApiTestServer.StartAsync(storage: services =>
        {
            services.AddSingleton<ITableStore>(new ExplodingTableStore("run-explode"));
            services.AddSingleton<IQueueStore>(sp => new EmbeddedQueueStore(sp.GetRequiredService<TimeProvider>()));
        }, cancellationToken: Ct);

        using var response = await server.Client.GetAsync("/api/runs/run-explode", Ct);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.InternalServerError, "internal", "the server log has the details");
        var traceId = problem.GetProperty("traceId").GetString();
        Assert.False(string.IsNullOrEmpty(traceId));
        Assert.DoesNotContain(ExplodingTableStore.Secret, problem.ToString(), StringComparison.Ordinal);
        Assert.Contains(server.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains(traceId!, StringComparison.Ordinal) && l.Message.Contains(ExplodingTableStore.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAlwaysChangedUnderTheWriter_Is503WithRetryAfter_AndNothingChanged()
    {
        var store = new ContendedTableStore();
        await using var server = await ApiTestServer.StartAsync(storage: services =>
        {
            services.AddSingleton<ITableStore>(store);
            services.AddSingleton<IQueueStore>(sp => new EmbeddedQueueStore(sp.GetRequiredService<TimeProvider>()));
        }, cancellationToken: Ct);
        var runId = await server.StartRunAsync(cancellationToken: Ct);
        store.Contended = true;

        using var response = await server.Client.PostAsync(new Uri($"/api/runs/{runId}/pause", UriKind.Relative), null, Ct);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.ServiceUnavailable, "busy", "Send it again after 1 s");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.True(store.RunUpdatesRefused >= RunStore.MaxRunConflictRetries + 1, $"{store.RunUpdatesRefused} updates refused");
        store.Contended = false;
        Assert.NotEqual("paused", (await server.GetJsonAsync($"/api/runs/{runId}", Ct)).GetProperty("status").GetString());
    }

    /// <summary>The embedded store, where another writer always got to the run first while <see cref="Contended"/>.</summary>
    private sealed class ContendedTableStore : ITableStore
    {
        private readonly EmbeddedTableStore _inner = new();
        private int _refused;

        public volatile bool Contended;

        public int RunUpdatesRefused => _refused;

        public Task<TableEntry?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            _inner.GetAsync(table, partitionKey, rowKey, cancellationToken);

        public Task<IReadOnlyList<TableEntry>> QueryAsync(string table, string partitionKey, CancellationToken cancellationToken = default) =>
            _inner.QueryAsync(table, partitionKey, cancellationToken);

        public Task<string?> TryInsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
            _inner.TryInsertAsync(table, partitionKey, rowKey, json, cancellationToken);

        public Task<string> UpdateAsync(string table, string partitionKey, string rowKey, string json, string ifMatch, CancellationToken cancellationToken = default)
        {
            if (Contended && table == Core.Messaging.StorageNames.RunsTable)
            {
                Interlocked.Increment(ref _refused);
                throw new ConcurrencyConflictException("changed by another writer");
            }

            return _inner.UpdateAsync(table, partitionKey, rowKey, json, ifMatch, cancellationToken);
        }

        public Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
            _inner.UpsertAsync(table, partitionKey, rowKey, json, cancellationToken);
    }

    /// <summary>The embedded store, failing every read of one run.</summary>
    private sealed class ExplodingTableStore(string runId) : ITableStore
    {
        public const string Secret = "storage account key=do-not-show";

        private readonly EmbeddedTableStore _inner = new();

        public Task<TableEntry?> GetAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            rowKey == runId || partitionKey == runId
                ? throw new InvalidOperationException(Secret)
                : _inner.GetAsync(table, partitionKey, rowKey, cancellationToken);

        public Task<IReadOnlyList<TableEntry>> QueryAsync(string table, string partitionKey, CancellationToken cancellationToken = default) =>
            _inner.QueryAsync(table, partitionKey, cancellationToken);

        public Task<string?> TryInsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
            _inner.TryInsertAsync(table, partitionKey, rowKey, json, cancellationToken);

        public Task<string> UpdateAsync(string table, string partitionKey, string rowKey, string json, string ifMatch, CancellationToken cancellationToken = default) =>
            _inner.UpdateAsync(table, partitionKey, rowKey, json, ifMatch, cancellationToken);

        public Task<string> UpsertAsync(string table, string partitionKey, string rowKey, string json, CancellationToken cancellationToken = default) =>
            _inner.UpsertAsync(table, partitionKey, rowKey, json, cancellationToken);
    }
}
