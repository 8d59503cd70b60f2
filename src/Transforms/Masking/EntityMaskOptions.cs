using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Masking;

/// <summary>Defaults shared by both <c>MaskEntities</c> overloads.</summary>
public static class EntityMaskDefaults
{
    /// <summary>Replaces person names (the paper's token).</summary>
    public const string NameToken = "<unk>";

    /// <summary>
    /// Replaces gendered pronouns. The paper masks them too; the same token keeps the masked text free of gender and
    /// lets the embedder treat "she" and "Lily" alike, which is what clustering by narrative function wants.
    /// </summary>
    public const string PronounToken = "<unk>";

    /// <summary>
    /// A capitalised type is a name when at most this share of its occurrences is written lower-case in the corpus
    /// ("Lily": 0; "Spot": many "a spot"; "Park": "the park").
    /// </summary>
    public const double MaxLowercaseShare = 0.1;

    /// <summary>With a names list, a listed type may be lower-case this often and still count as a name ("Rose", "Max").</summary>
    public const double MaxLowercaseShareListed = 0.3;

    /// <summary>Word statistics are gathered from at most this many stories (bounded time and memory on huge corpora).</summary>
    public const int MaxTrainingStories = 50_000;
}

/// <summary>Options of the entity-mask stage.</summary>
public sealed class EntityMaskOptions
{
    public string InputColumn { get; set; } = ColumnNames.Segments;

    public string OutputColumn { get; set; } = ColumnNames.MaskedSegments;

    public string NameToken { get; set; } = EntityMaskDefaults.NameToken;

    public string PronounToken { get; set; } = EntityMaskDefaults.PronounToken;

    public bool MaskNames { get; set; } = true;

    public bool MaskPronouns { get; set; } = true;

    /// <summary>
    /// A model that finds person names (e.g. an ONNX NER model), used instead of the built-in name statistics; registered
    /// in <see cref="NameRecognizers.Registry"/> so a saved pipeline loads it. Null: the built-in statistics.
    /// </summary>
    public INameRecognizer? NameRecognizer { get; set; }

    /// <summary>A file of first names, one per line (any case; '#' starts a comment). Optional.</summary>
    public string? NamesFile { get; set; }

    /// <summary>First names given directly (added to those of <see cref="NamesFile"/>). Optional.</summary>
    public IEnumerable<string>? Names { get; set; }

    public double MaxLowercaseShare { get; set; } = EntityMaskDefaults.MaxLowercaseShare;

    public double MaxLowercaseShareListed { get; set; } = EntityMaskDefaults.MaxLowercaseShareListed;

    public int MaxTrainingStories { get; set; } = EntityMaskDefaults.MaxTrainingStories;

    internal EntityMaskOptions Validated()
    {
        if (string.IsNullOrEmpty(InputColumn) || string.IsNullOrEmpty(OutputColumn))
            throw new ArgumentException("MaskEntities: input and output column names must not be empty.");
        if (InputColumn == OutputColumn)
            throw new ArgumentException($"MaskEntities: the output column '{OutputColumn}' must differ from the input column; the original chunks stay untouched.");
        if (MaxLowercaseShare is < 0 or > 1 || MaxLowercaseShareListed is < 0 or > 1)
            throw new InvalidOptionException(nameof(MaxLowercaseShare) + " and " + nameof(MaxLowercaseShareListed), "must lie in [0, 1].");
        if (MaxTrainingStories < 1)
            throw new InvalidOptionException(nameof(MaxTrainingStories), $"must be at least 1, not {MaxTrainingStories}.");
        if (NamesFile is not null && !File.Exists(NamesFile))
            throw new FileNotFoundException($"MaskEntities: names file '{NamesFile}' does not exist.", NamesFile);
        return this;
    }
}
