namespace CoScientist.Hosting;

/// <summary>
/// What kind of host is being composed. Everything else (storage, model, options, engine, API handlers,
/// uploads, literature, telemetry) is composed the same way for every kind.
/// </summary>
public sealed record CoScientistHost
{
    /// <summary>The Azure Functions app: queue triggers and timers do the work; storage is Azure Storage.</summary>
    public static readonly CoScientistHost Functions = new() { Kind = CoScientistHostKind.Functions, RequireSharedStorage = true };

    /// <summary><c>cosci serve</c>: the HTTP API, working the queues in the background unless told not to.</summary>
    public static CoScientistHost Serve(bool workQueues) => new() { Kind = CoScientistHostKind.Serve, WorkQueues = workQueues };

    /// <summary><c>cosci worker</c>: agent steps from shared storage's queues.</summary>
    public static readonly CoScientistHost Worker = new() { Kind = CoScientistHostKind.Worker, RequireSharedStorage = true, WorkQueues = true };

    /// <summary><c>cosci run</c> and <c>resume</c>: a run worked to its end in this process.</summary>
    public static readonly CoScientistHost Runner = new() { Kind = CoScientistHostKind.Command, WorkQueues = true };

    /// <summary>Commands that only read or write shared storage: <c>start</c>, <c>status</c>, <c>export</c>, <c>scan</c>, <c>upload</c>.</summary>
    public static readonly CoScientistHost StorageCommand = new() { Kind = CoScientistHostKind.Command, RequireSharedStorage = true };

    /// <summary>
    /// <c>cosci estimate</c> and benchmarks: the simulated model in memory, whatever storage or literature is
    /// configured, so nothing leaves the machine.
    /// </summary>
    public static readonly CoScientistHost Offline = new() { Kind = CoScientistHostKind.Command, WorkQueues = true, Rehearsal = true };

    public CoScientistHostKind Kind { get; init; }

    /// <summary>Runs must outlive the process: without configured storage composition fails, naming the settings.</summary>
    public bool RequireSharedStorage { get; init; }

    /// <summary>This process works the queues (and so also restarts dead heartbeat chains, as the Functions timer does).</summary>
    public bool WorkQueues { get; init; }

    /// <summary>The simulated model in memory with no literature, whatever the settings say.</summary>
    public bool Rehearsal { get; init; }
}

/// <summary>The kinds of host the co-scientist runs in.</summary>
public enum CoScientistHostKind
{
    /// <summary>A <c>cosci</c> command.</summary>
    Command,

    /// <summary><c>cosci worker</c>.</summary>
    Worker,

    /// <summary><c>cosci serve</c>.</summary>
    Serve,

    /// <summary>The Azure Functions app.</summary>
    Functions,
}
