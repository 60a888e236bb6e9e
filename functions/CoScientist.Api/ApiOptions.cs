namespace CoScientist.Api;

/// <summary>Settings of the HTTP API, bound from the <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Header that carries the key when <see cref="ApiKey"/> is set.</summary>
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>Shortest key accepted: a short key is guessable whatever the comparison.</summary>
    public const int MinApiKeyLength = 16;

    /// <summary>
    /// When set, every request under <c>/api</c> must carry it in the <c>x-api-key</c> header.
    /// Empty means no key (loopback use only: <c>cosci serve</c> refuses other addresses without one).
    /// On Azure Functions, function keys protect the endpoints instead. Never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Largest request body accepted, in bytes; a larger one gets 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Runs per page of <c>GET /api/runs</c> when <c>top</c> is not given.</summary>
    public int DefaultPageSize { get; set; } = 20;

    /// <summary>Largest <c>top</c> of <c>GET /api/runs</c>.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>True when a key is configured.</summary>
    public bool RequiresKey => !string.IsNullOrEmpty(ApiKey);

    /// <summary>One line per problem, naming the key; empty when usable. Never includes the key itself.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ApiKey is { Length: > 0 } key)
        {
            if (key.Length < MinApiKeyLength)
            {
                problems.Add($"{SectionName}:ApiKey must be at least {MinApiKeyLength} characters long.");
            }

            if (key.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c > '\u007e'))
            {
                // It travels in an HTTP header: printable ASCII only.
                problems.Add($"{SectionName}:ApiKey must be printable ASCII without spaces.");
            }
        }

        if (MaxRequestBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            problems.Add($"{SectionName}:MaxRequestBodyBytes must be between 1024 and 16777216 (got {MaxRequestBodyBytes}).");
        }

        if (MaxPageSize is < 1 or > 1000)
        {
            problems.Add($"{SectionName}:MaxPageSize must be between 1 and 1000 (got {MaxPageSize}).");
        }

        if (DefaultPageSize < 1 || DefaultPageSize > MaxPageSize)
        {
            problems.Add($"{SectionName}:DefaultPageSize must be between 1 and {SectionName}:MaxPageSize (got {DefaultPageSize}).");
        }

        return problems;
    }
}
