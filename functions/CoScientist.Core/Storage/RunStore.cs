using System.Text.Json;
using CoScientist.Core.Agents.Proximity;
using CoScientist.Core.Literature;
using CoScientist.Core.Llm;
using CoScientist.Core.Messaging;
using CoScientist.Core.MetaReviews;
using CoScientist.Core.Proposals;
using CoScientist.Core.Reviews;
using CoScientist.Core.Runs;
using CoScientist.Core.Tournament;

namespace CoScientist.Core.Storage;

/// <summary>
/// Typed access to everything a run stores, over the <see cref="ITableStore"/> port. Every
/// table is partitioned by run id; outputs are keyed by the task that wrote them.
/// </summary>
public sealed class RunStore(ITableStore tables)
{
    public const string OverviewDocument = "overview";
    public const string ProximityPrefix = "proximity-";
    public const string AimsPrefix = "aims-";

    public ITableStore Tables => tables;

    // Runs

    public async Task<Stored<RunRecord>?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        await GetAsync<RunRecord>(StorageNames.RunsTable, StorageNames.RunsPartition, runId, cancellationToken);

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(CancellationToken cancellationToken = default) =>
        await ListAsync<RunRecord>(StorageNames.RunsTable, StorageNames.RunsPartition, cancellationToken);

    public async Task<bool> TryCreateRunAsync(RunRecord run, CancellationToken cancellationToken = default) =>
        await tables.TryInsertAsync(StorageNames.RunsTable, StorageNames.RunsPartition, run.Id, Serialize(run), cancellationToken) is not null;

    /// <summary>Replaces the run only if nobody changed it since <paramref name="etag"/> was read.</summary>
    public Task<string> UpdateRunAsync(RunRecord run, string etag, CancellationToken cancellationToken = default) =>
        tables.UpdateAsync(StorageNames.RunsTable, StorageNames.RunsPartition, run.Id, Serialize(run), etag, cancellationToken);

    /// <summary>Conflicts retried before <see cref="ConcurrencyConflictException"/> reaches the caller (an API answers 503 then).</summary>
    public const int MaxRunConflictRetries = 20;

    private static readonly TimeSpan FirstConflictBackoff = TimeSpan.FromMilliseconds(4);
    private static readonly TimeSpan MaxConflictBackoff = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// Reads, changes and writes the run under its ETag, re-reading on conflict after a jittered,
    /// growing pause: writers that collided retry at different moments instead of colliding again.
    /// </summary>
    public async Task<RunRecord> MutateRunAsync(string runId, Func<RunRecord, RunRecord> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                // Contention backoff, not run logic: the system clock and shared randomness keep runs replayable
                // (a test's fake clock would never let this wait end).
                var ceiling = Math.Min(MaxConflictBackoff.Ticks, FirstConflictBackoff.Ticks << Math.Min(attempt - 1, 16));
                await Task.Delay(TimeSpan.FromTicks(Random.Shared.NextInt64(ceiling / 2, ceiling + 1)), TimeProvider.System, cancellationToken);
            }

            var stored = await GetRunAsync(runId, cancellationToken) ?? throw new RunNotFoundException(runId);
            var changed = change(stored.Value);
            if (ReferenceEquals(changed, stored.Value))
            {
                return changed;
            }

            try
            {
                await UpdateRunAsync(changed, stored.ETag, cancellationToken);
                return changed;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxRunConflictRetries)
            {
                // Someone else changed the run between read and write: read it again.
            }
        }
    }

    // Tasks

    public Task<Stored<AgentTask>?> GetTaskAsync(string runId, string taskId, CancellationToken cancellationToken = default) =>
        GetAsync<AgentTask>(StorageNames.TasksTable, runId, taskId, cancellationToken);

    public async Task<IReadOnlyList<Stored<AgentTask>>> ListStoredTasksAsync(string runId, CancellationToken cancellationToken = default)
    {
        var entries = await tables.QueryAsync(StorageNames.TasksTable, runId, cancellationToken);
        return [.. entries.Select(e => new Stored<AgentTask>(Deserialize<AgentTask>(e.Json), e.ETag))];
    }

    public async Task<IReadOnlyList<AgentTask>> ListTasksAsync(string runId, CancellationToken cancellationToken = default) =>
        await ListAsync<AgentTask>(StorageNames.TasksTable, runId, cancellationToken);

    /// <summary>Adds a task unless one with its id exists; true when this call added it.</summary>
    public async Task<bool> TryAddTaskAsync(AgentTask task, CancellationToken cancellationToken = default) =>
        await tables.TryInsertAsync(StorageNames.TasksTable, task.RunId, task.Id, Serialize(task), cancellationToken) is not null;

    public Task<string> UpdateTaskAsync(AgentTask task, string etag, CancellationToken cancellationToken = default) =>
        tables.UpdateAsync(StorageNames.TasksTable, task.RunId, task.Id, Serialize(task), etag, cancellationToken);

    // Outputs, keyed by the task that wrote them

    public Task SaveProposalAsync(Proposal proposal, CancellationToken cancellationToken = default) =>
        tables.UpsertAsync(StorageNames.ProposalsTable, proposal.RunId, proposal.Id, Serialize(proposal), cancellationToken);

    public async Task<Proposal?> GetProposalAsync(string runId, string proposalId, CancellationToken cancellationToken = default) =>
        (await GetAsync<Proposal>(StorageNames.ProposalsTable, runId, proposalId, cancellationToken))?.Value;

    public Task<IReadOnlyList<Proposal>> ListProposalsAsync(string runId, CancellationToken cancellationToken = default) =>
        ListAsync<Proposal>(StorageNames.ProposalsTable, runId, cancellationToken);

    public Task SaveReviewAsync(Review review, CancellationToken cancellationToken = default) =>
        tables.UpsertAsync(StorageNames.ReviewsTable, review.RunId, review.Id, Serialize(review), cancellationToken);

    public Task<IReadOnlyList<Review>> ListReviewsAsync(string runId, CancellationToken cancellationToken = default) =>
        ListAsync<Review>(StorageNames.ReviewsTable, runId, cancellationToken);

    public Task SaveMatchAsync(MatchRecord match, CancellationToken cancellationToken = default) =>
        tables.UpsertAsync(StorageNames.MatchesTable, match.RunId, match.Id, Serialize(match), cancellationToken);

    public Task<IReadOnlyList<MatchRecord>> ListMatchesAsync(string runId, CancellationToken cancellationToken = default) =>
        ListAsync<MatchRecord>(StorageNames.MatchesTable, runId, cancellationToken);

    public Task SaveMetaReviewAsync(MetaReview metaReview, CancellationToken cancellationToken = default) =>
        tables.UpsertAsync(StorageNames.MetaReviewsTable, metaReview.RunId, metaReview.Id, Serialize(metaReview), cancellationToken);

    public Task<IReadOnlyList<MetaReview>> ListMetaReviewsAsync(string runId, CancellationToken cancellationToken = default) =>
        ListAsync<MetaReview>(StorageNames.MetaReviewsTable, runId, cancellationToken);

    // Documents: one per run and name (overview, proximity graph, Specific Aims pages)

    public Task SaveDocumentAsync<T>(string runId, string name, T document, CancellationToken cancellationToken = default) =>
        tables.UpsertAsync(StorageNames.DocumentsTable, runId, name, Serialize(document), cancellationToken);

    public async Task<T?> GetDocumentAsync<T>(string runId, string name, CancellationToken cancellationToken = default)
        where T : class =>
        (await GetAsync<T>(StorageNames.DocumentsTable, runId, name, cancellationToken))?.Value;

    public Task SaveProximityGraphAsync(string runId, ProximityGraph graph, CancellationToken cancellationToken = default) =>
        SaveDocumentAsync(runId, ProximityPrefix + graph.TaskId, graph, cancellationToken);

    /// <summary>Every proximity graph of the run, one per task that computed it.</summary>
    public Task<IReadOnlyList<ProximityGraph>> ListProximityGraphsAsync(string runId, CancellationToken cancellationToken = default) =>
        ListDocumentsAsync<ProximityGraph>(runId, ProximityPrefix, cancellationToken);

    /// <summary>The run's documents whose names start with <paramref name="prefix"/>, in one partition query.</summary>
    public async Task<IReadOnlyList<T>> ListDocumentsAsync<T>(string runId, string prefix, CancellationToken cancellationToken = default)
    {
        var entries = await tables.QueryAsync(StorageNames.DocumentsTable, runId, cancellationToken);
        return [.. entries.Where(e => e.RowKey.StartsWith(prefix, StringComparison.Ordinal)).Select(e => Deserialize<T>(e.Json))];
    }

    // Literature: what was retrieved for the run, one row per article

    /// <summary>Records an article retrieved for the run unless it is recorded already (the first retrieval stays); true when this call added it.</summary>
    public async Task<bool> TryAddLiteratureAsync(RetrievedArticle retrieved, CancellationToken cancellationToken = default) =>
        await tables.TryInsertAsync(StorageNames.LiteratureTable, retrieved.RunId, ArticleKeys.RowKey(retrieved.Article.Id), Serialize(retrieved), cancellationToken) is not null;

    public async Task<RetrievedArticle?> GetLiteratureAsync(string runId, string articleId, CancellationToken cancellationToken = default) =>
        (await GetAsync<RetrievedArticle>(StorageNames.LiteratureTable, runId, ArticleKeys.RowKey(articleId), cancellationToken))?.Value;

    /// <summary>Every article retrieved for the run, in row-key order.</summary>
    public Task<IReadOnlyList<RetrievedArticle>> ListLiteratureAsync(string runId, CancellationToken cancellationToken = default) =>
        ListAsync<RetrievedArticle>(StorageNames.LiteratureTable, runId, cancellationToken);

    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, JsonDefaults.Options);

    internal static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, JsonDefaults.Options)
        ?? throw new InvalidDataException($"A stored {typeof(T).Name} is empty.");

    private async Task<Stored<T>?> GetAsync<T>(string table, string partition, string row, CancellationToken cancellationToken)
    {
        var entry = await tables.GetAsync(table, partition, row, cancellationToken);
        return entry is null ? null : new Stored<T>(Deserialize<T>(entry.Json), entry.ETag);
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string table, string partition, CancellationToken cancellationToken)
    {
        var entries = await tables.QueryAsync(table, partition, cancellationToken);
        return [.. entries.Select(e => Deserialize<T>(e.Json))];
    }
}

/// <summary>No run has the given id.</summary>
public sealed class RunNotFoundException(string runId) : Exception($"No run with id '{runId}'.")
{
    public string RunId { get; } = runId;

    public RunNotFoundException()
        : this("")
    {
    }

    public RunNotFoundException(string message, Exception innerException)
        : this(message)
    {
        _ = innerException;
    }
}
