namespace CoScientist.Core.Messaging;

/// <summary>
/// Every queue, table and container name in one place. They are constants because Azure
/// Functions trigger attributes need constants. The deployment (infra/bicep/main.bicep) creates
/// exactly these, with a poison queue per queue; a test checks that the two agree.
/// </summary>
public static class StorageNames
{
    // Queues: one per agent step. (The supervisor's loop is a Durable orchestration, whose task hub has its own queues.)
    public const string PlanQueue = "cosci-plan";
    public const string GenerationQueue = "cosci-generation";
    public const string ReflectionQueue = "cosci-reflection";
    public const string RankingQueue = "cosci-ranking";
    public const string ProximityQueue = "cosci-proximity";
    public const string EvolutionQueue = "cosci-evolution";
    public const string MetaReviewQueue = "cosci-metareview";

    /// <summary>Suffix the Functions host gives a queue's poison queue.</summary>
    public const string PoisonSuffix = "-poison";

    public static readonly IReadOnlyList<string> StepQueues =
    [
        PlanQueue, GenerationQueue, ReflectionQueue, RankingQueue, ProximityQueue, EvolutionQueue, MetaReviewQueue,
    ];

    public static readonly IReadOnlyList<string> AllQueues = StepQueues;

    // Tables: one per entity kind, partitioned by run id.
    public const string RunsTable = "runs";
    public const string TasksTable = "tasks";
    public const string ProposalsTable = "proposals";
    public const string ReviewsTable = "reviews";
    public const string MatchesTable = "matches";
    public const string MetaReviewsTable = "metareviews";
    public const string DocumentsTable = "documents";

    /// <summary>Articles retrieved for a run (by its agents or by literature scans), keyed by article id.</summary>
    public const string LiteratureTable = "literature";

    public static readonly IReadOnlyList<string> AllTables =
    [
        RunsTable, TasksTable, ProposalsTable, ReviewsTable, MatchesTable, MetaReviewsTable, DocumentsTable, LiteratureTable,
    ];

    /// <summary>Partition key of the runs table: every run in one partition so they can be listed.</summary>
    public const string RunsPartition = "run";

    // Blob containers.

    /// <summary>Where scientists drop goal files and data files; the upload function's blob trigger watches it.</summary>
    public const string UploadsContainer = "uploads";

    /// <summary>Where uploads that cannot be used are moved, with the reason beside them.</summary>
    public const string QuarantineContainer = "quarantine";

    /// <summary>Claim checks: table payloads and queue bodies too large to store inline.</summary>
    public const string PayloadContainer = "cosci-payloads";

    /// <summary>Upload events Event Grid could not deliver to the upload function (written by Event Grid, read by people).</summary>
    public const string UploadDeadLettersContainer = "upload-deadletters";

    public static readonly IReadOnlyList<string> AllContainers =
    [
        UploadsContainer, QuarantineContainer, PayloadContainer, UploadDeadLettersContainer,
    ];
}
