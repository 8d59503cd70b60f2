using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// The built-in boundary model: Punkt's token-level decisions (abbreviations, orthographic heuristic, sentence
/// starters, collocations) over <see cref="PunktParameters"/> learned from the corpus, plus the rules of
/// children's stories: a line break always ends a sentence; after '!'/'?' (and '.' / '...') a lower-case word
/// continues the sentence (<c>"Can I trust you?" the mouse asked.</c>); a closed quotation followed by a
/// short attribution (<c>"Yes!" Tom said.</c>) continues it; closing quotes and brackets belong to the sentence.
/// </summary>
public sealed class PunktSentenceSplitter : ISentenceSplitter
{
    const string FileName = "punkt.json";

    // An attribution is short: "Tom said with a big smile." — at most this many words from the speaker to its end.
    const int MaxAttributionWords = 12;

    readonly PunktParameters _parameters;
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _orthography;

    public PunktSentenceSplitter(PunktParameters parameters)
    {
        _parameters = parameters;
        _orthography = parameters.Orthography.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public PunktParameters Parameters => _parameters;

    public string Description =>
        $"built-in Punkt-style boundary model trained on {_parameters.TrainingStories:N0} stories " +
        $"({_parameters.Abbreviations.Count} abbreviations, {_parameters.SentenceStarters.Count} sentence starters, {_parameters.SpeechVerbs.Count} speech verbs)";

    /// <summary>Trains a splitter on <paramref name="stories"/> (see <see cref="PunktTrainer"/>).</summary>
    public static PunktSentenceSplitter Train(IEnumerable<string> stories, int maxStories = int.MaxValue, Action<long>? progress = null,
        CancellationToken cancellation = default) =>
        new(PunktTrainer.Train(stories, maxStories, progress, cancellation));

    public void Save(StageWriter context) => context.WriteJson(FileName, _parameters.ToFile());

    public static PunktSentenceSplitter Load(StageReader context) =>
        new(PunktParameters.FromFile(context.ReadJson<PunktParametersFile>(FileName)));

    public void Split(string text, List<SentenceSpan> sentences)
    {
        var pieces = new List<TextPiece>(Math.Min(1 << 16, text.Length / 4 + 1));
        TextPieces.Scan(text, pieces);
        if (pieces.Count == 0) return;
        int start = 0;
        for (int i = 0; i + 1 < pieces.Count; i++)
        {
            if (!IsBoundary(text, pieces, i)) continue;
            sentences.Add(new SentenceSpan(pieces[start].Start, pieces[i].End - pieces[start].Start));
            start = i + 1;
        }
        sentences.Add(new SentenceSpan(pieces[start].Start, pieces[^1].End - pieces[start].Start));
    }

    /// <summary>Whether a sentence ends after piece <paramref name="i"/> (a next piece exists).</summary>
    bool IsBoundary(string text, List<TextPiece> pieces, int i)
    {
        var piece = pieces[i];
        var next = pieces[i + 1];
        if (next.LineBreakBefore) return true;
        if (piece.Terminator == Terminator.None) return false;
        if (next.OpensQuote) return true; // a new quotation starts: '"Yes!" said Tom. "Let's go."'
        int nextCase = next.FirstCase(text);
        if (nextCase < 0) return false; // '"Can I trust you?" the mouse asked.', 'I was... scared', 'e.g. a cat'
        if (piece.HasCloser && nextCase > 0 && IsAttribution(text, pieces, i + 1)) return false;

        Span<char> buffer = stackalloc char[PunktTypes.MaxKeyLength];
        switch (piece.Terminator)
        {
            case Terminator.Strong:
                return true;
            case Terminator.Period:
            {
                var type = PunktTypes.Key(piece.Core(text), buffer);
                bool initial = PunktTrainer.IsInitial(type);
                if (initial || type == PunktTypes.Number)
                {
                    Span<char> nextBuffer = stackalloc char[PunktTypes.MaxKeyLength];
                    var pair = $"{type} {PunktTypes.Key(next.Core(text), nextBuffer)}";
                    if (_parameters.Collocations.Contains(pair)) return false;
                }
                if (!initial && !IsAbbreviation(type)) return true;
                return StartsSentence(text, next, nextCase, afterAbbreviation: true);
            }
            default: // ellipsis: a pause unless the next word clearly starts a sentence
                return StartsSentence(text, next, nextCase, afterAbbreviation: false);
        }
    }

    bool IsAbbreviation(ReadOnlySpan<char> type) =>
        _parameters.Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(type);

    /// <summary>
    /// Whether the capitalised word after an abbreviation or ellipsis starts a sentence. After an ellipsis: Punkt's
    /// orthographic heuristic (seen lower-case, never capitalised mid-sentence) or a learned sentence starter. After an
    /// abbreviation only an ordinary word that is a learned sentence starter counts ("St. The"), because the words after
    /// titles are names that are often ordinary words too ("Mr. Brown", "Mrs. Green", "Mr. Fox").
    /// </summary>
    bool StartsSentence(string text, in TextPiece next, int nextCase, bool afterAbbreviation)
    {
        if (nextCase <= 0) return false;
        Span<char> buffer = stackalloc char[PunktTypes.MaxKeyLength];
        var type = PunktTypes.Key(next.Core(text), buffer);
        int ortho = _orthography.TryGetValue(type, out var flags) ? flags : 0;
        bool starter = _parameters.SentenceStarters.GetAlternateLookup<ReadOnlySpan<char>>().Contains(type);
        if (afterAbbreviation) return starter && (ortho & OrthoContext.Lower) != 0;
        return starter || ((ortho & OrthoContext.Lower) != 0 && (ortho & OrthoContext.MiddleUpper) == 0);
    }

    /// <summary>
    /// <c>"Yes!" Tom said.</c> / <c>"Thank you!" Lily said with a smile.</c>: one or two capitalised words, a speech
    /// verb, and the sentence ends without a new quotation opening (<c>"Go!" Sue said, "now!"</c> is not one).
    /// </summary>
    bool IsAttribution(string text, List<TextPiece> pieces, int first)
    {
        Span<char> buffer = stackalloc char[PunktTypes.MaxKeyLength];
        var verbs = _parameters.SpeechVerbs.GetAlternateLookup<ReadOnlySpan<char>>();
        int verb = -1;
        for (int k = first; k < Math.Min(pieces.Count, first + 3); k++)
        {
            var p = pieces[k];
            if (k > first && (p.LineBreakBefore || p.OpensQuote)) return false;
            int c = p.FirstCase(text);
            if (c < 0)
            {
                if (k > first && verbs.Contains(PunktTypes.Key(p.Core(text), buffer))) verb = k;
                break;
            }
            if (c == 0 || p.Terminator != Terminator.None || p.EndsWithPause) return false;
        }
        if (verb < 0) return false;
        for (int k = verb; k < pieces.Count && k < verb + MaxAttributionWords; k++)
        {
            var p = pieces[k];
            if (k > verb && (p.LineBreakBefore || p.OpensQuote)) return false;
            if (p.EndsWithPause && k + 1 < pieces.Count && pieces[k + 1].OpensQuote) return false;
            if (p.Terminator != Terminator.None) return true;
        }
        return verb + MaxAttributionWords > pieces.Count; // the story ends inside the attribution
    }
}
