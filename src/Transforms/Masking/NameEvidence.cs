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

    /// <summary>A capitalised word right after one of these, in the middle of a sentence, is introduced as a name.</summary>
    public static readonly HashSet<string> Introductions = [.. Introducers, .. Titles];

    /// <summary>Abbreviated titles whose period does not end a sentence.</summary>
    public static readonly HashSet<string> TitleAbbreviations = ["mr", "mrs", "ms", "dr", "st", "prof", "mt"];

    /// <summary>
    /// Kinship words and titles used as names ("Mom said", "Grandma smiled") and "I": never masked. They name a role
    /// that carries narrative meaning, not an individual, and NER models do not tag them consistently.
    /// </summary>
    public static readonly HashSet<string> RoleWords =
    [
        "i", "mom", "mommy", "mum", "mummy", "mama", "momma", "mamma", "ma", "dad", "daddy", "papa", "pa", "grandma", "grandpa",
        "granny", "grandmother", "grandfather", "nana", "nanny", "aunt", "auntie", "uncle", "mr", "mrs", "ms", "miss", "mister",
        "dr", "doctor", "sir", "madam", "teacher", "god", "captain", "officer", "king", "queen", "prince", "princess", "lady",
    ];

    /// <summary>Calendar words and interjections written like names; masked only after "named"/"called" ("a girl called May").</summary>
    public static readonly HashSet<string> CalendarWords =
    [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december", "christmas", "easter", "halloween",
        "thanksgiving", "ok", "okay",
    ];

    /// <summary>Not masked without "named"/"called"/title evidence in the story.</summary>
    public static readonly HashSet<string> NeverNames = [.. RoleWords, .. CalendarWords];

    /// <summary>
    /// A capitalised word mostly after these is a place or a thing ("in Paris", "to Japan", "the Sun"), not a person.
    /// People follow "to" too ("said to Tom"), but rarely in most of their mid-sentence mentions.
    /// </summary>
    public static readonly HashSet<string> NonPersonContext = ["the", "a", "an", "this", "that", "in", "into", "near", "to", "from", "visit", "visited"];
}
