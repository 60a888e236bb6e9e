namespace CoScientist.Core.Storage;

/// <summary>An entity read from a table together with the ETag that guards its next update.</summary>
public sealed record Stored<T>(T Value, string ETag);
