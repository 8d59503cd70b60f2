using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// A <see cref="ByteLevelBpeTokenizer"/> as a Microsoft.ML.Tokenizers <see cref="Tokenizer"/>, for code written against
/// ML.NET's tokenizer API (token counting, truncation, <see cref="EncodedToken"/> offsets). Ids are the engine's, so a
/// GPT-2 engine gives the ids of <see cref="TiktokenTokenizer"/>'s "gpt2", and special tokens (<c>&lt;|endoftext|&gt;</c>,
/// <c>&lt;cluster_i&gt;</c>) stay single ids. Encoding, counting and decoding go straight to the engine; offsets and
/// truncation follow Microsoft.ML.Tokenizers' conventions (see <see cref="TokenSpans"/>).
/// </summary>
/// <remarks>
/// There is no normaliser. GPT-2's pre-tokenisation is part of what defines the ids, so it cannot be skipped:
/// <c>considerPreTokenization: false</c> is refused. Tokens added to the engine later are seen at once.
/// </remarks>
public sealed class ByteLevelBpeMLTokenizer : Tokenizer
{
    [ThreadStatic] static List<int>? t_ids; // ids of the text being counted or truncated

    public ByteLevelBpeMLTokenizer(ByteLevelBpeTokenizer engine) =>
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));

    /// <summary>The tokenizer this one encodes and decodes with.</summary>
    public ByteLevelBpeTokenizer Engine { get; }

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var span = TextOf(text, textSpan, settings);
        var ids = EncodeToScratch(span);
        var spans = Locate(span, ids);
        var tokens = new EncodedToken[ids.Count];
        for (var i = 0; i < tokens.Length; i++)
            tokens[i] = new EncodedToken(ids[i], span[spans[i].Start..spans[i].End].ToString(), spans[i].Start..spans[i].End);
        return new EncodeResults<EncodedToken> { Tokens = tokens, NormalizedText = null, CharsConsumed = span.Length };
    }

    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var span = TextOf(text, textSpan, settings);
        var ids = EncodeToScratch(span);
        if (ids.Count <= settings.MaxTokenCount)
            return new EncodeResults<int> { Tokens = ids.ToArray(), NormalizedText = null, CharsConsumed = span.Length };

        var (count, charsConsumed) = TokenSpans.FromStart(Locate(span, ids), settings.MaxTokenCount);
        return new EncodeResults<int> { Tokens = CollectionsMarshal.AsSpan(ids)[..count].ToArray(), NormalizedText = null, CharsConsumed = charsConsumed };
    }

    protected override int CountTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var span = TextOf(text, textSpan, settings);
        var ids = EncodeToScratch(span);
        return ids.Count <= settings.MaxTokenCount ? ids.Count : TokenSpans.FromStart(Locate(span, ids), settings.MaxTokenCount).Count;
    }

    protected override int GetIndexByTokenCount(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings, bool fromEnd, out string? normalizedText, out int tokenCount)
    {
        normalizedText = null;
        var span = TextOf(text, textSpan, settings);
        var ids = EncodeToScratch(span);
        if (fromEnd)
        {
            if (ids.Count <= settings.MaxTokenCount)
            {
                tokenCount = ids.Count;
                return 0;
            }
            (tokenCount, var index) = TokenSpans.FromEnd(Locate(span, ids), settings.MaxTokenCount, span.Length);
            return index;
        }
        if (ids.Count <= settings.MaxTokenCount)
        {
            tokenCount = ids.Count;
            return span.Length;
        }
        (tokenCount, var charsConsumed) = TokenSpans.FromStart(Locate(span, ids), settings.MaxTokenCount);
        return charsConsumed;
    }

    /// <summary>The text of the ids; unlike <see cref="TiktokenTokenizer"/>, an id outside the vocabulary is an error, not skipped.</summary>
    public override string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids switch
        {
            int[] array => Engine.Decode(array),
            List<int> list => Engine.Decode(CollectionsMarshal.AsSpan(list)),
            _ => Engine.Decode(ids.ToArray()),
        };
    }

    /// <summary>
    /// Writes the text of as many whole ids as fit. Ids are consumed only up to a point where their bytes complete a
    /// character (a token may end inside one); <see cref="OperationStatus.NeedMoreData"/> says the ids ended inside a
    /// character, whose bytes were not written, and <see cref="OperationStatus.InvalidData"/> that an id is outside the
    /// vocabulary (the ids before it are written).
    /// </summary>
    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var all = ids as int[] ?? ids.ToArray();
        var valid = 0;
        var byteCount = 0;
        while (valid < all.Length && (uint)all[valid] < (uint)Engine.VocabularySize) byteCount += Engine.GetTokenBytes(all[valid++]).Length;

        var bytes = ArrayPool<byte>.Shared.Rent(byteCount);
        var ends = ArrayPool<int>.Shared.Rent(valid + 1); // ends[k]: bytes of the first k ids
        try
        {
            ends[0] = 0;
            for (var k = 0; k < valid; k++)
            {
                var token = Engine.GetTokenBytes(all[k]);
                token.CopyTo(bytes.AsSpan(ends[k]));
                ends[k + 1] = ends[k] + token.Length;
            }
            var status = Utf8.ToUtf16(bytes.AsSpan(0, byteCount), destination, out var read, out charsWritten, replaceInvalidSequences: true, isFinalBlock: false);
            if (status == OperationStatus.Done)
            {
                idsConsumed = valid;
                return valid == all.Length ? OperationStatus.Done : OperationStatus.InvalidData;
            }
            // Back off to the last id whose bytes end on a whole character within what was decoded.
            for (idsConsumed = valid; idsConsumed > 0; idsConsumed--)
            {
                if (ends[idsConsumed] <= read
                    && Utf8.ToUtf16(bytes.AsSpan(0, ends[idsConsumed]), destination, out _, out charsWritten, replaceInvalidSequences: true, isFinalBlock: false) == OperationStatus.Done)
                    return status;
            }
            charsWritten = 0;
            return status;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<int>.Shared.Return(ends);
        }
    }

    /// <summary>The text to encode; refuses what this tokenizer cannot honour.</summary>
    static ReadOnlySpan<char> TextOf(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        if (!settings.ConsiderPreTokenization)
            throw new NotSupportedException("GPT-2's pre-tokenisation is part of what defines a byte-level BPE's ids; it cannot be skipped.");
        if (settings.MaxTokenCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.MaxTokenCount, "The maximum number of tokens must be greater than zero.");
        return text is null ? textSpan : text.AsSpan();
    }

    List<int> EncodeToScratch(ReadOnlySpan<char> text)
    {
        var ids = t_ids ??= new List<int>();
        ids.Clear();
        Engine.Encode(text, ids);
        if (ids.Capacity > 1 << 16) t_ids = null; // do not pin a huge buffer to the thread
        return ids;
    }

    (int Start, int End)[] Locate(ReadOnlySpan<char> text, List<int> ids)
    {
        var spans = new (int Start, int End)[ids.Count];
        TokenSpans.Locate(Engine, text, CollectionsMarshal.AsSpan(ids), spans);
        return spans;
    }
}
