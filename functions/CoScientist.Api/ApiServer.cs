using System.Net;

namespace CoScientist.Api;

/// <summary>
/// Checks for <c>cosci serve</c> before it binds. A server without an API key answers anyone who
/// can reach it, so it may listen on loopback addresses only.
/// </summary>
public static class ApiServer
{
    /// <summary>The default address of <c>cosci serve</c>.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>One line per address that may not be used as configured; empty when all may.</summary>
    public static IReadOnlyList<string> CheckBinding(IEnumerable<string> urls, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var url in urls)
        {
            if (!TryHost(url, out var host))
            {
                problems.Add($"'{url}' is not an address to listen on (expected e.g. {DefaultUrl}).");
            }
            else if (!options.RequiresKey && !IsLoopback(host))
            {
                problems.Add($"'{url}' is reachable from other machines, and no API key is set: set {ApiOptions.SectionName}__ApiKey "
                    + $"(at least {ApiOptions.MinApiKeyLength} characters), or listen on 127.0.0.1 or localhost.");
            }
        }

        return problems;
    }

    /// <summary>True for localhost and loopback IP addresses; false for wildcards (*, +, 0.0.0.0, [::]) and anything else.</summary>
    public static bool IsLoopback(string host)
    {
        host = host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static bool TryHost(string url, out string host)
    {
        host = "";
        // Kestrel's wildcards are not valid URI hosts: read them by hand.
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            return false;
        }

        var scheme = url[..schemeEnd];
        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = url[(schemeEnd + 3)..];
        var authority = rest.Split('/')[0];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? authority[..(close + 1)] : "";
        }
        else
        {
            host = authority.Split(':')[0];
        }

        return host.Length > 0;
    }
}
