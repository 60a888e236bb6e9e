namespace CoScientist.Azure;

/// <summary>Where the Azure Storage account is and how to reach it, bound from the <c>Storage</c> configuration section.</summary>
public sealed class AzureStorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Longest <see cref="Prefix"/>: it keeps every prefixed queue name within Azure's 63 characters.</summary>
    public const int MaxPrefixLength = 24;

    /// <summary>
    /// A storage connection string (<c>UseDevelopmentStorage=true</c> for a local Azurite, or the
    /// account's full connection string). Exclusive with the service URIs. Never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table service endpoint, e.g. <c>https://&lt;account&gt;.table.core.windows.net/</c>, used with Entra ID.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Queue service endpoint, e.g. <c>https://&lt;account&gt;.queue.core.windows.net/</c>, used with Entra ID.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>Blob service endpoint, e.g. <c>https://&lt;account&gt;.blob.core.windows.net/</c>, used with Entra ID.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>
    /// Optional prefix put before every table, queue and container name (lowercase letters and
    /// digits, starting with a letter), so that several deployments or test runs can share one
    /// account. Tables become <c>{prefix}runs</c>, queues <c>{prefix}cosci-supervisor</c>, the
    /// payload container <c>{prefix}cosci-payloads</c>. Empty by default. Note that an Azure
    /// Functions queue trigger names its queue by a constant, so a prefixed deployment needs
    /// its triggers to use the prefixed names too.
    /// </summary>
    public string Prefix { get; set; } = "";

    /// <summary>
    /// Longest wait for one storage request before the SDK retries it. Shorter than the SDK's
    /// 100 s default, so a storage account that stops answering costs seconds, not minutes.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of one storage request (exponential backoff) before the step fails and its message is retried.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>True when the options name service URIs (Entra ID) rather than a connection string.</summary>
    public bool UsesServiceUris => string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>One line per problem, naming the configuration key; empty when the options are usable. Never includes secret values.</summary>
    public IReadOnlyList<string> Validate()
    {
        const string Section = SectionName;
        var problems = new List<string>();
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        var uris = new (string Key, Uri? Value)[]
        {
            (nameof(TableServiceUri), TableServiceUri),
            (nameof(QueueServiceUri), QueueServiceUri),
            (nameof(BlobServiceUri), BlobServiceUri),
        };
        var anyUri = uris.Any(u => u.Value is not null);

        if (NetworkTimeout < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{Section}:NetworkTimeout must be at least one second (got {NetworkTimeout}).");
        }

        if (MaxRetries is < 0 or > 20)
        {
            problems.Add($"{Section}:MaxRetries must be between 0 and 20 (got {MaxRetries}).");
        }

        if (hasConnectionString && anyUri)
        {
            problems.Add(
                $"{Section}:ConnectionString and {Section}:TableServiceUri/QueueServiceUri/BlobServiceUri are exclusive; set only one.");
        }
        else if (!hasConnectionString && !anyUri)
        {
            problems.Add(
                $"{Section}:ConnectionString is required (e.g. UseDevelopmentStorage=true), or set {Section}:TableServiceUri, "
                + $"{Section}:QueueServiceUri and {Section}:BlobServiceUri to use Microsoft Entra ID.");
        }
        else if (hasConnectionString && !ConnectionString!.Contains('=', StringComparison.Ordinal))
        {
            problems.Add($"{Section}:ConnectionString is not a storage connection string (expected Key=Value pairs separated by ';').");
        }
        else if (hasConnectionString)
        {
            problems.AddRange(EndpointProblems(ConnectionString!));
        }
        else
        {
            foreach (var (key, value) in uris)
            {
                if (value is null)
                {
                    problems.Add($"{Section}:{key} is required when the service URIs are used instead of {Section}:ConnectionString.");
                }
                else if (!value.IsAbsoluteUri || value.Scheme != Uri.UriSchemeHttps)
                {
                    // Bearer tokens are only ever sent over TLS (the Azure SDK refuses otherwise).
                    problems.Add($"{Section}:{key} must be an absolute https URI.");
                }
            }
        }

        if (Prefix is null || !IsValidPrefix(Prefix))
        {
            problems.Add(
                $"{Section}:Prefix must be empty or at most {MaxPrefixLength} lowercase letters and digits, starting with a letter.");
        }

        return problems;
    }

    /// <summary>
    /// Endpoints named in a connection string must be http or https: the SDK takes any URI and fails only on
    /// the first request, deep in the HTTP stack. Names the key and the scheme, never the string's values.
    /// </summary>
    private static IEnumerable<string> EndpointProblems(string connectionString)
    {
        foreach (var pair in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = pair[..equals].Trim();
            var value = pair[(equals + 1)..].Trim();
            if (key.Equals("DefaultEndpointsProtocol", StringComparison.OrdinalIgnoreCase) && !IsWebScheme(value))
            {
                yield return $"{SectionName}:ConnectionString has DefaultEndpointsProtocol={(value.Length <= 10 && value.All(char.IsAsciiLetter) ? value : "(not a scheme)")}; use https (or http for a local emulator).";
            }
            else if (key.EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase) && !key.Equals("SharedAccessSignatureEndpoint", StringComparison.OrdinalIgnoreCase))
            {
                if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
                {
                    yield return $"{SectionName}:ConnectionString has a {key} that is not an absolute URI.";
                }
                else if (!IsWebScheme(uri.Scheme))
                {
                    yield return $"{SectionName}:ConnectionString has a {key} with the scheme '{uri.Scheme}'; storage endpoints are https (or http for a local emulator).";
                }
            }
        }
    }

    private static bool IsWebScheme(string scheme) =>
        scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) || scheme.Equals(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase);

    private static bool IsValidPrefix(string prefix) =>
        prefix.Length == 0
        || (prefix.Length <= MaxPrefixLength && char.IsAsciiLetterLower(prefix[0]) && prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)));
}
