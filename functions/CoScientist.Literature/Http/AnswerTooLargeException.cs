using CoScientist.Core.Literature;

namespace CoScientist.Literature.Http;

/// <summary>
/// An answer grew past the size limit while it was read (counted after decompression, so a small
/// compressed body that inflates to gigabytes stops at the limit). Not retried: it would grow again.
/// </summary>
internal sealed class AnswerTooLargeException(long limit, int status)
    : Exception($"the answer is larger than {limit} bytes (after decompression); it was not read further")
{
    public long Limit { get; } = limit;

    /// <summary>The answer's HTTP status: a success that is too large is not worth trying again.</summary>
    public int Status { get; } = status;
}
