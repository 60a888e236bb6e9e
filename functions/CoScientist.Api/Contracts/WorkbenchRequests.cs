using System.ComponentModel;

namespace CoScientist.Api.Contracts;

/// <summary>Body of <c>POST /api/runs/{runId}/favourites</c>: mark or unmark a proposal as a favourite.</summary>
public sealed record FavouriteRequest(
    [property: Description("The proposal.")] string? ProposalId,
    [property: Description("true to mark it, false to unmark it.")] bool? Favourite);
