namespace CoScientist.Api.Problems;

/// <summary>
/// The <c>type</c> of every problem the API answers with. URNs, not URLs: they identify the
/// problem without promising a page to read; the <c>detail</c> says what went wrong.
/// </summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:cosci:problem:";

    public const string Validation = Prefix + "validation";
    public const string MalformedJson = Prefix + "malformed-json";
    public const string UnknownFields = Prefix + "unknown-fields";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string NotAcceptable = Prefix + "not-acceptable";
    public const string Unauthorized = Prefix + "unauthorized";
    public const string Forbidden = Prefix + "forbidden";
    public const string Busy = Prefix + "busy";
    public const string RunNotFound = Prefix + "run-not-found";
    public const string ProposalNotFound = Prefix + "proposal-not-found";
    public const string RouteNotFound = Prefix + "not-found";
    public const string MethodNotAllowed = Prefix + "method-not-allowed";
    public const string RunEnded = Prefix + "run-ended";
    public const string InvalidTransition = Prefix + "invalid-transition";
    public const string OverviewNotReady = Prefix + "overview-not-ready";
    public const string OverviewMissing = Prefix + "overview-missing";
    public const string ProposalWithheld = Prefix + "proposal-withheld";
    public const string ModelFailed = Prefix + "model-failed";
    public const string Internal = Prefix + "internal";
}
