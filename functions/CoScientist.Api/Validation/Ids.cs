using CoScientist.Api.Problems;
using Microsoft.AspNetCore.Http;

namespace CoScientist.Api.Validation;

/// <summary>
/// Checks ids from the route before they reach storage: 1 to 64 characters, ASCII letters,
/// digits, '-', '_' and '.', starting with a letter or digit. Every id the engine makes fits
/// (run-20250101-120000-ab12cd, P-r001-generate-00, S-1a2b3c4d); table keys forbid '/', '\', '#', '?'.
/// </summary>
public static class Ids
{
    public const int MaxLength = CoScientist.Core.Runs.RunIds.MaxLength;

    public static bool IsValid(string? id) => CoScientist.Core.Runs.RunIds.IsValid(id);

    /// <summary>A 400 problem naming what is wrong with the id, or null when it is fine.</summary>
    public static IResult? Check(string field, string? id)
    {
        if (IsValid(id))
        {
            return null;
        }

        var message = string.IsNullOrEmpty(id)
            ? "is empty."
            : id.Length > MaxLength
                ? $"is {id.Length} characters long; the limit is {MaxLength}."
                : "may hold only ASCII letters, digits, '-', '_' and '.', and must start with a letter or digit.";
        return ApiProblems.Validation(field, message);
    }

    /// <summary>The first problem among the given ids, or null.</summary>
    public static IResult? Check(params (string Field, string? Id)[] ids) =>
        ids.Select(i => Check(i.Field, i.Id)).FirstOrDefault(p => p is not null);
}
