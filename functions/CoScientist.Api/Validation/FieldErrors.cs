using CoScientist.Api.Problems;
using Microsoft.AspNetCore.Http;

namespace CoScientist.Api.Validation;

/// <summary>Collects field problems of one request, so the answer lists all of them at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Required, not blank, at most <paramref name="maxLength"/> characters.</summary>
    public void RequiredText(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            Add(field, "is required.");
        }
        else
        {
            Text(field, value, maxLength);
        }
    }

    /// <summary>When present: not blank, at most <paramref name="maxLength"/> characters.</summary>
    public void Text(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "must not be empty.");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"is {value.Length} characters long; the limit is {maxLength}.");
        }
    }

    /// <summary>When present: at most <paramref name="maxItems"/> items, each not blank and within <paramref name="maxLength"/>.</summary>
    public void TextList(string field, IReadOnlyList<string?>? values, int maxItems, int maxLength)
    {
        if (values is null)
        {
            return;
        }

        if (values.Count > maxItems)
        {
            Add(field, $"has {values.Count} items; the limit is {maxItems}.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, $"item {i} must not be empty.");
            }
            else if (value.Length > maxLength)
            {
                Add(field, $"item {i} is {value.Length} characters long; the limit is {maxLength}.");
            }
        }
    }

    public void Range<T>(string field, T? value, T min, T max)
        where T : struct, IComparable<T>
    {
        if (value is { } v && (v.CompareTo(min) < 0 || v.CompareTo(max) > 0))
        {
            Add(field, $"must be between {min} and {max} (got {v}).");
        }
    }

    public IResult ToProblem() =>
        ApiProblems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
