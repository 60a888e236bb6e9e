using CoScientist.Core.Llm;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace CoScientist.Llm;

/// <summary>
/// Caps the calls in flight. The semaphore is shared by every client of one provider, so the cap
/// holds across models; the owner of the semaphore disposes it.
/// </summary>
public sealed class ConcurrencyLimitingChatClient(IChatClient inner, SemaphoreSlim slots) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            // The slot is held until the caller finishes (or abandons) the enumeration.
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                yield return update;
            }
        }
        finally
        {
            slots.Release();
        }
    }
}
