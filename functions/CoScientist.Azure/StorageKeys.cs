namespace CoScientist.Azure;

/// <summary>Checks partition and row keys against what Azure Tables accepts, so a bad key fails with its name rather than as an HTTP 400.</summary>
internal static class StorageKeys
{
    /// <summary>Azure's limit on a key: 1 KiB, as UTF-16.</summary>
    public const int MaxKeyChars = 512;

    public static void Validate(string key, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (key.Length > MaxKeyChars)
        {
            throw new ArgumentException($"A table key may have at most {MaxKeyChars} characters; this one has {key.Length}.", parameterName);
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                var shown = char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();
                throw new ArgumentException(
                    $"A table key may not contain '/', '\\', '#', '?' or control characters; '{Truncate(key)}' contains {shown}.",
                    parameterName);
            }
        }
    }

    private static string Truncate(string key) =>
        new([.. (key.Length > 80 ? key[..80] + "…" : key).Select(c => char.IsControl(c) ? '·' : c)]);
}
