namespace Microsoft.ML.SemanticContext.Onnx.Masking;

/// <summary>An entity found by a token classifier: its type (PER, LOC, …) and the words it covers [First, Last].</summary>
public readonly record struct WordEntity(string Type, int First, int Last);

/// <summary>
/// Turns one label per word into entities, for BIO, BILOU and BIOES schemes: B/U/S start an entity, I/L/E continue
/// one of the same type (or start one when none is open, as Hugging Face's pipeline does), L/U/E/S end it, O is
/// outside. A label without a prefix ("PER") continues an entity of its type.
/// </summary>
public static class BioDecoder
{
    public static List<WordEntity> Decode(IReadOnlyList<string> wordLabels)
    {
        var entities = new List<WordEntity>();
        WordEntity? open = null;
        for (int w = 0; w < wordLabels.Count; w++)
        {
            var (tag, type) = Split(wordLabels[w]);
            if (tag == 'O')
            {
                Close();
                continue;
            }
            if (tag is 'B' or 'U' or 'S' || open is not { } current || current.Type != type)
            {
                Close();
                open = new WordEntity(type, w, w);
            }
            else open = current with { Last = w };
            if (tag is 'L' or 'U' or 'E' or 'S') Close();
        }
        Close();
        return entities;

        void Close()
        {
            if (open is { } e) entities.Add(e);
            open = null;
        }
    }

    /// <summary>"B-PER" → ('B', "PER"); "O" → ('O', ""); "PER" → ('I', "PER").</summary>
    static (char Tag, string Type) Split(string label)
    {
        if (label == "O") return ('O', "");
        if (label.Length > 2 && label[1] is '-' or '_' && label[0] is 'B' or 'I' or 'L' or 'U' or 'E' or 'S')
            return (label[0], label[2..]);
        return ('I', label);
    }
}
