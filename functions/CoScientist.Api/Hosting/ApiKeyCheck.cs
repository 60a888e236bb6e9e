using System.Security.Cryptography;
using System.Text;
using CoScientist.Api.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoScientist.Api.Hosting;

/// <summary>
/// Checks the <c>x-api-key</c> header against <see cref="ApiOptions.ApiKey"/>. Both sides are
/// hashed first and compared in constant time, so neither the key's content nor its length
/// shows in the timing.
/// </summary>
public sealed class ApiKeyCheck(IOptions<ApiOptions> options, ILogger<ApiKeyCheck> logger)
{
    private readonly byte[]? _expected = options.Value.RequiresKey ? Hash(options.Value.ApiKey!) : null;

    public bool Required => _expected is not null;

    /// <summary>A 401 problem when a key is required and the request lacks the right one; null when it may proceed.</summary>
    public IResult? Check(HttpRequest request)
    {
        if (_expected is null)
        {
            return null;
        }

        var values = request.Headers[ApiOptions.ApiKeyHeader];
        string? reason = values.Count switch
        {
            0 => "missing",
            > 1 => "sent more than once",
            _ when CryptographicOperations.FixedTimeEquals(Hash(values[0] ?? ""), _expected) => null,
            _ => "wrong",
        };
        if (reason is null)
        {
            return null;
        }

        ApiLog.KeyRejected(logger, request.Method, request.Path.Value ?? "", reason);
        return ApiProblems.Unauthorized(reason == "missing"
            ? $"This server requires an API key: send it in the {ApiOptions.ApiKeyHeader} header."
            : $"The {ApiOptions.ApiKeyHeader} header does not hold this server's API key ({reason}).");
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
