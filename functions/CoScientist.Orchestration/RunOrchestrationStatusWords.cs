namespace CoScientist.Orchestration;

/// <summary>One vocabulary for an orchestration's state, whichever client reported it.</summary>
public static class RunOrchestrationStatusWords
{
    /// <summary>"running", "pending", "suspended", "completed", "failed", "terminated" (or the client's own word, lower case).</summary>
    public static string Of(string clientStatus) => clientStatus switch
    {
        "ContinuedAsNew" => "running", // Between two histories of one run.
        "Canceled" => "terminated",
        _ => clientStatus.ToLowerInvariant(),
    };

    /// <summary>The loop's phase ("waiting for round 3", ...): the custom status, stored as a JSON string.</summary>
    public static string? Phase(string? serializedCustomStatus) =>
        serializedCustomStatus is null ? null : System.Text.Json.JsonSerializer.Deserialize<string>(serializedCustomStatus);
}
