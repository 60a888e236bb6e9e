using System.Text.Json;
using CoScientist.Core.Llm;

namespace CoScientist.Core.Messaging;

/// <summary>
/// A wake-up for an agent step: ids only (claim check), never payloads, so it stays far below
/// the 64 KB queue limit and a redelivery reads the current truth from the tasks table.
/// </summary>
public sealed record StepMessage(string RunId, string TaskId)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);

    public static StepMessage Parse(string json) =>
        MessageJson.Parse<StepMessage>(json, m => !string.IsNullOrWhiteSpace(m.RunId) && !string.IsNullOrWhiteSpace(m.TaskId));
}

/// <summary>A queue message that can never be handled; the host sends it to the poison queue.</summary>
public sealed class MalformedMessageException(string message) : Exception(message)
{
    public MalformedMessageException()
        : this("Malformed message.")
    {
    }

    public MalformedMessageException(string message, Exception innerException)
        : this(message + " " + innerException.Message)
    {
    }
}

internal static class MessageJson
{
    public static T Parse<T>(string json, Func<T, bool> isComplete)
        where T : class
    {
        T? message;
        try
        {
            message = JsonSerializer.Deserialize<T>(json, JsonDefaults.Options);
        }
        catch (JsonException ex)
        {
            throw new MalformedMessageException($"Not a {typeof(T).Name}: {ex.Message}");
        }

        return message is not null && isComplete(message)
            ? message
            : throw new MalformedMessageException($"Not a {typeof(T).Name}: required ids are missing.");
    }
}
