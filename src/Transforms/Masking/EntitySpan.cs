namespace Microsoft.ML.SemanticContext.Transforms.Masking;

public enum EntityKind { Name, Pronoun }

/// <summary>A masked word of a chunk: <c>chunk.Substring(Start, Length)</c>.</summary>
public readonly record struct EntitySpan(int Start, int Length, EntityKind Kind);
