namespace Microsoft.ML.SemanticContext.Onnx.Tokenization;

/// <summary>
/// Words with their character ranges, the units that token-level model outputs are aligned to: each word is
/// tokenized on its own, so every piece belongs to exactly one word.
/// </summary>
public static class TextWords
{
    /// <summary>BERT's basic split: whitespace separates words and every punctuation mark is a word of its own ("Tom's" → Tom ' s).</summary>
    public static List<Range> BertWords(string text)
    {
        var words = new List<Range>();
        int start = -1;
        for (int i = 0; i < text.Length; i++)
        {
            bool space = char.IsWhiteSpace(text[i]), punctuation = IsPunctuation(text[i]);
            if (space || punctuation)
            {
                if (start >= 0) words.Add(start..i);
                start = -1;
                if (punctuation) words.Add(i..(i + 1));
            }
            else if (start < 0) start = i;
        }
        if (start >= 0) words.Add(start..text.Length);
        return words;
    }

    /// <summary>Whitespace-separated words (SentencePiece marks each with '▁', so pieces never cross them).</summary>
    public static List<Range> WhitespaceWords(string text)
    {
        var words = new List<Range>();
        int start = -1;
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (start >= 0) words.Add(start..i);
                start = -1;
            }
            else if (start < 0) start = i;
        }
        if (start >= 0) words.Add(start..text.Length);
        return words;
    }

    /// <summary>BERT's punctuation: the ASCII symbol ranges and every Unicode punctuation category.</summary>
    static bool IsPunctuation(char c) =>
        c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~' || char.IsPunctuation(c);
}
