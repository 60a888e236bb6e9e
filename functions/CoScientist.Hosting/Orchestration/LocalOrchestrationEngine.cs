using CoScientist.Azure;
using CoScientist.Hosting.Local;
using CoScientist.Orchestration;
using CoScientist.Orchestration.Activities;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CoScientist.Hosting.Orchestration;

/// <summary>
/// The runs' orchestrations in this process: the Durable Task Framework's <see cref="TaskHubWorker"/>
/// runs <see cref="RunOrchestrator"/> and its activities (the same classes Durable Functions runs in
/// Azure, through the Worker's shims) over Azure Storage when the host has shared storage, so several
/// <c>cosci worker</c> processes compete for one task hub, and over the in-memory service otherwise
/// (the embedded store of <c>cosci run</c>). The worker runs while at least one caller holds it.
/// </summary>
public sealed partial class LocalOrchestrationEngine : IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly QueueWorkSignal _workSignal;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<IOrchestrationService> _service;
    private TaskHubWorker? _worker;
    private int _holders;
    private bool _created;

    public LocalOrchestrationEngine(IServiceProvider services, IOptions<OrchestrationOptions> options, QueueWorkSignal workSignal, ILoggerFactory? loggers = null)
    {
        _services = services;
        _workSignal = workSignal;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<LocalOrchestrationEngine>();
        var storage = services.GetService<IOptions<AzureStorageOptions>>()?.Value;
        Shared = storage is not null && !string.IsNullOrWhiteSpace(storage.ConnectionString) || storage?.TableServiceUri is not null;
        TaskHub = Shared ? options.Value.TaskHubFor(storage!.Prefix) : "in-memory";
        _service = new Lazy<IOrchestrationService>(() => Shared ? AzureStorage(storage!, options.Value) : new InMemoryOrchestrationService(_loggers));
    }

    /// <summary>True when the task hub is in Azure Storage (shared by processes); false for the in-memory service.</summary>
    public bool Shared { get; }

    /// <summary>This engine's name as an owner of task hub partitions: unique per process and engine.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The task hub's name ("in-memory" for the in-process service).</summary>
    public string TaskHub { get; }

    /// <summary>The backend as a client: what starts, signals and queries orchestrations.</summary>
    public IOrchestrationServiceClient Client => (IOrchestrationServiceClient)_service.Value;

    /// <summary>Creates the task hub's queues and tables when missing (once per process).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await CreateOnceAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs the worker until the returned handle is disposed (and no other holder remains).</summary>
    public async Task<IAsyncDisposable> HoldWorkerAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await CreateOnceAsync();
            if (_holders++ == 0)
            {
                var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions(), _loggers);
                var worker = new TaskHubWorker(_service.Value, _loggers);
                worker.AddTaskOrchestrations(new Creator<TaskOrchestration>(RunOrchestrator.Name, () => shims.CreateOrchestration(RunOrchestrator.Name, new RunOrchestrator())));
                worker.AddTaskActivities(
                    new Creator<TaskActivity>(PlanRoundActivity.Name, () => shims.CreateActivity(PlanRoundActivity.Name, new SignallingActivity(_services.GetRequiredService<PlanRoundActivity>(), _workSignal))),
                    new Creator<TaskActivity>(RescueRoundActivity.Name, () => shims.CreateActivity(RescueRoundActivity.Name, new SignallingActivity(_services.GetRequiredService<RescueRoundActivity>(), _workSignal))),
                    new Creator<TaskActivity>(FailRunActivity.Name, () => shims.CreateActivity(FailRunActivity.Name, _services.GetRequiredService<FailRunActivity>())));
                await worker.StartAsync();
                _worker = worker;
                LogStarted(_logger, TaskHub);
            }
        }
        catch
        {
            _holders--;
            throw;
        }
        finally
        {
            _gate.Release();
        }

        return new Hold(this);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await StopWorkerAsync();
        }
        finally
        {
            _gate.Release();
        }

        if (_service.IsValueCreated && _service.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }

        _gate.Dispose();
    }

    private async Task ReleaseAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (--_holders == 0)
            {
                await StopWorkerAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopWorkerAsync()
    {
        if (_worker is { } worker)
        {
            _worker = null;

            // Forced: the framework does not wait for work items in flight; their messages come back
            // after the control queue's visibility timeout and another worker replays them.
            await worker.StopAsync(isForced: true);
            worker.Dispose();
        }
    }

    private async Task CreateOnceAsync()
    {
        if (!_created)
        {
            await _service.Value.CreateIfNotExistsAsync();
            _created = true;
        }
    }

    private AzureStorageOrchestrationService AzureStorage(AzureStorageOptions storage, OrchestrationOptions options)
    {
        var credential = _services.GetService<global::Azure.Core.TokenCredential>();
        var clients = string.IsNullOrWhiteSpace(storage.ConnectionString)
            ? new StorageAccountClientProvider(storage.BlobServiceUri!, storage.QueueServiceUri!, storage.TableServiceUri!, credential ?? throw new InvalidOperationException("Storage by service URIs needs a credential."))
            : new StorageAccountClientProvider(storage.ConnectionString);
        return new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = clients,
            TaskHubName = options.TaskHubFor(storage.Prefix),

            // The framework's default is the machine name, so every worker process on one machine would
            // be the same owner: all of them would take every partition at once and keep overwriting each
            // other's histories ("split brain"), which stalled runs with three workers on one machine.
            WorkerId = WorkerId,
            MaxQueuePollingInterval = options.MaxPollingInterval,
            PartitionCount = options.PartitionCount,
            LeaseInterval = options.LeaseInterval,
            LeaseRenewInterval = options.LeaseInterval / 3,
            LeaseAcquireInterval = options.LeaseInterval / 3,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            PartitionTableOperationTimeout = options.PartitionTableTimeout,
            LoggerFactory = _loggers,
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run orchestrations: worker started on task hub {TaskHub}")]
    private static partial void LogStarted(ILogger logger, string taskHub);

    private sealed class Hold(LocalOrchestrationEngine engine) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                await engine.ReleaseAsync();
            }
        }
    }

    /// <summary>An activity that sends step messages, then wakes this process's idle queue listeners.</summary>
    private sealed class SignallingActivity(ITaskActivity inner, QueueWorkSignal signal) : ITaskActivity
    {
        public Type InputType => inner.InputType;

        public Type OutputType => inner.OutputType;

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var output = await inner.RunAsync(context, input);
            signal.Fire();
            return output;
        }
    }

    /// <summary>Makes a fresh shim per execution: an orchestration shim holds one execution's state.</summary>
    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = "";
            _create = create;
        }

        public override T Create() => _create();
    }
}
