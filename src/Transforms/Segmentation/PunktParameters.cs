namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// What the Punkt-style boundary model learns from a corpus (Kiss &amp; Strunk 2006), keyed by lower-cased word
/// type ("##number##" for numbers). Saved as <c>punkt.json</c> in the segment stage's folder.
/// </summary>
public sealed class PunktParameters
{
    /// <summary>Word types that take a period without ending a sentence ("mr", "dr", "st", "e.g").</summary>
    public HashSet<string> Abbreviations { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Per type, where it was seen upper- or lower-case: at a sentence beginning, in the middle, or in an unknown
    /// position (after an abbreviation or an opening quote). Bit flags <see cref="OrthoContext"/>.
    /// </summary>
    public Dictionary<string, int> Orthography { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Types that start sentences significantly often; after an abbreviation they signal a boundary.</summary>
    public HashSet<string> SentenceStarters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>"w1 w2" pairs where w1 is a number or an initial whose period does not end a sentence ("5. may").</summary>
    public HashSet<string> Collocations { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Verbs that attribute dialogue ("said", "asked"): <c>"Yes!" Tom said.</c> is one sentence.</summary>
    public HashSet<string> SpeechVerbs { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Number of stories the parameters were learned from (for the log).</summary>
    public int TrainingStories { get; init; }

    /// <summary>The same parameters as sorted arrays, so the saved file is byte-identical for the same corpus.</summary>
    internal PunktParametersFile ToFile() => new(
        TrainingStories,
        Abbreviations.Order(StringComparer.Ordinal).ToArray(),
        SentenceStarters.Order(StringComparer.Ordinal).ToArray(),
        Collocations.Order(StringComparer.Ordinal).ToArray(),
        SpeechVerbs.Order(StringComparer.Ordinal).ToArray(),
        new SortedDictionary<string, int>(Orthography, StringComparer.Ordinal));

    internal static PunktParameters FromFile(PunktParametersFile file) => new()
    {
        TrainingStories = file.TrainingStories,
        Abbreviations = new HashSet<string>(file.Abbreviations, StringComparer.Ordinal),
        SentenceStarters = new HashSet<string>(file.SentenceStarters, StringComparer.Ordinal),
        Collocations = new HashSet<string>(file.Collocations, StringComparer.Ordinal),
        SpeechVerbs = new HashSet<string>(file.SpeechVerbs, StringComparer.Ordinal),
        Orthography = new Dictionary<string, int>(file.Orthography, StringComparer.Ordinal),
    };
}

/// <summary>The JSON layout of <c>punkt.json</c>.</summary>
internal sealed record PunktParametersFile(
    int TrainingStories,
    string[] Abbreviations,
    string[] SentenceStarters,
    string[] Collocations,
    string[] SpeechVerbs,
    SortedDictionary<string, int> Orthography);

/// <summary>Orthographic-context flags (Punkt): case of a type's first letter × position in the sentence.</summary>
public static class OrthoContext
{
    public const int BeginUpper = 1 << 1;
    public const int MiddleUpper = 1 << 2;
    public const int UnknownUpper = 1 << 3;
    public const int BeginLower = 1 << 4;
    public const int MiddleLower = 1 << 5;
    public const int UnknownLower = 1 << 6;
    public const int Upper = BeginUpper | MiddleUpper | UnknownUpper;
    public const int Lower = BeginLower | MiddleLower | UnknownLower;
}

/// <summary>The lower-cased type key of a word, as the model stores it.</summary>
public static class PunktTypes
{
    public const string Number = "##number##";

    /// <summary>Writes the key of <paramref name="core"/> into <paramref name="buffer"/>; returns its length.</summary>
    public static ReadOnlySpan<char> Key(ReadOnlySpan<char> core, Span<char> buffer)
    {
        if (core.Length > 0 && char.IsDigit(core[0])) return Number;
        int n = Math.Min(core.Length, buffer.Length);
        return core[..n].ToLowerInvariant(buffer) < 0 ? core[..n] : buffer[..n];
    }

    public const int MaxKeyLength = 64;
}
