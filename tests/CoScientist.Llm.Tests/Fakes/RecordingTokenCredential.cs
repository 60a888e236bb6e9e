using CoScientist.Core.Llm;
using Azure.Core;

namespace CoScientist.Llm.Tests.Fakes;

/// <summary>A token credential that hands out a fixed token and records the scopes asked for.</summary>
public sealed class RecordingTokenCredential(string token) : TokenCredential
{
    private readonly List<string[]> _requestedScopes = [];

    public IReadOnlyList<string[]> RequestedScopes
    {
        get
        {
            lock (_requestedScopes)
            {
                return [.. _requestedScopes];
            }
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (_requestedScopes)
        {
            _requestedScopes.Add(requestContext.Scopes);
        }

        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
