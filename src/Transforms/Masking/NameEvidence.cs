namespace Microsoft.ML.SemanticContext.Transforms.Masking;

/// <summary>Fixed word lists the name model consults; each entry is lower-case.</summary>
public static class NameEvidence
{
    /// <summary>The gendered pronouns the stage masks (any case).</summary>
    public static readonly HashSet<string> GenderedPronouns = ["he", "she", "him", "her", "his", "hers", "himself", "herself"];

    /// <summary>A capitalised word after one of these is a name: "named Max", "called Pip".</summary>
    public static readonly HashSet<string> Introducers = ["named", "called"];

    /// <summary>A capitalised word after a title is a name ("Mr. Bear", "Aunt Sue"); the title itself stays.</summary>
    public static readonly HashSet<string> Titles = ["mr", "mrs", "ms", "miss", "mister", "dr", "doctor", "aunt", "auntie", "uncle", "grandma", "grandpa", "granny", "captain", "officer", "sir", "lady", "king", "queen", "prince", "princess"];

    /// <summary>
    /// Never masked although written like names. Kinship words and titles used as names ("Mom said") name a role
    /// that carries narrative meaning, not an individual, and NER models do not tag them consistently; calendar
    /// words and "I" are not people.
    /// </summary>
    public static readonly HashSet<string> NeverNames =
    [
        "i", "mom", "mommy", "mum", "mummy", "mama", "momma", "mamma", "ma", "dad", "daddy", "papa", "pa", "grandma", "grandpa",
        "granny", "grandmother", "grandfather", "nana", "nanny", "aunt", "auntie", "uncle", "mr", "mrs", "ms", "miss", "mister",
        "dr", "doctor", "sir", "madam", "teacher", "god", "captain", "officer", "king", "queen", "prince", "princess", "lady",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december", "christmas", "easter", "halloween",
        "thanksgiving", "ok", "okay",
    ];

    /// <summary>A capitalised word mostly after these is a place or a thing ("in Paris", "the Sun"), not a person.</summary>
    public static readonly HashSet<string> NonPersonContext = ["the", "a", "an", "this", "that", "in", "into", "near"];
}
