using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Onnx.Runtime;
using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.SemanticContext.Onnx.Tokenization;

/// <summary>
/// The tokenizer of an exported model, through Microsoft.ML.Tokenizers, with the special tokens its model expects:
/// WordPiece (BERT: <c>[CLS] … [SEP]</c>), XLM-R SentencePiece (<c>&lt;s&gt; … &lt;/s&gt;</c>, fairseq ids) or
/// byte-level BPE (GPT-2/Qwen2 <c>vocab.json</c> + <c>merges.txt</c>, no special tokens). Thread-safe.
/// </summary>
public abstract class ModelTokenizer
{
    /// <summary>Which family this is, for descriptions ("WordPiece", "SentencePiece", "byte-level BPE").</summary>
    public abstract string Kind { get; }

    /// <summary>The id fed at padded positions (masked out by the attention mask).</summary>
    public abstract int PadId { get; }

    /// <summary>Special tokens around every sequence (2 for [CLS]/[SEP] and &lt;s&gt;/&lt;/s&gt;).</summary>
    public abstract int SpecialCount { get; }

    /// <summary>The pieces of <paramref name="text"/> without special tokens.</summary>
    public abstract int[] EncodePieces(string text);

    /// <summary>
    /// <paramref name="pieces"/> with the model's special tokens around them: the ids one sequence feeds the model.
    /// </summary>
    public abstract int[] Wrap(ReadOnlySpan<int> pieces);

    /// <summary>
    /// The ids of <paramref name="text"/> with special tokens, at most <paramref name="maxLength"/> in all; the pieces
    /// past the budget are dropped and <paramref name="truncated"/> says so.
    /// </summary>
    public int[] Encode(string text, int maxLength, out bool truncated)
    {
        var pieces = EncodePieces(text);
        int budget = maxLength - SpecialCount;
        truncated = pieces.Length > budget;
        return Wrap(truncated ? pieces.AsSpan(0, budget) : pieces);
    }

    /// <summary>The files a tokenizer may be read from, in the order they are tried, for error messages.</summary>
    public const string SupportedFiles =
        "vocab.txt (WordPiece), sentencepiece.bpe.model (XLM-R SentencePiece), vocab.json + merges.txt (byte-level BPE), or tokenizer.json with a WordPiece model";

    /// <summary>The tokenizer of <paramref name="folder"/>, chosen from the files it holds.</summary>
    public static ModelTokenizer Open(OnnxModelFolder folder, string component)
    {
        var config = folder.ReadJson("tokenizer_config.json");
        bool lowerCase = config?["do_lower_case"]?.GetValue<bool>() ?? true;
        if (folder.Has("vocab.txt"))
            return new WordPieceModelTokenizer(BertTokenizer.Create(folder.File("vocab.txt"), new BertOptions { LowerCaseBeforeTokenization = lowerCase }));
        if (folder.Has("sentencepiece.bpe.model"))
        {
            using var model = File.OpenRead(folder.File("sentencepiece.bpe.model"));
            return new XlmRobertaSentencePieceTokenizer(SentencePieceTokenizer.Create(model, false, false));
        }
        if (folder.Has("vocab.json") && folder.Has("merges.txt"))
        {
            using var vocab = File.OpenRead(folder.File("vocab.json"));
            using var merges = File.OpenRead(folder.File("merges.txt"));
            return new ByteLevelBpeModelTokenizer(CodeGenTokenizer.Create(vocab, merges, addPrefixSpace: false, addBeginOfSentence: false, addEndOfSentence: false));
        }
        if (folder.ReadJson("tokenizer.json") is { } json)
        {
            string type = json["model"]?["type"]?.GetValue<string>() ?? "(none)";
            if (type == "WordPiece" && json["model"]?["vocab"] is JsonObject vocab)
            {
                using var lines = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", vocab.OrderBy(p => p.Value!.GetValue<int>()).Select(p => p.Key)) + "\n"));
                return new WordPieceModelTokenizer(BertTokenizer.Create(lines, new BertOptions { LowerCaseBeforeTokenization = lowerCase }));
            }
            throw new NotSupportedException(
                $"{component}: '{folder.File("tokenizer.json")}' has a tokenizer of type '{type}', which this stage does not read; supported: {SupportedFiles}.");
        }
        throw new FileNotFoundException($"{component}: model folder '{folder.Path}' has no tokenizer file; looked for {SupportedFiles}.");
    }
}

/// <summary>BERT's WordPiece (basic tokenization, optional lower-casing): <c>[CLS] pieces [SEP]</c>.</summary>
sealed class WordPieceModelTokenizer(BertTokenizer tokenizer) : ModelTokenizer
{
    public override string Kind => "WordPiece";
    public override int PadId => tokenizer.PaddingTokenId;
    public override int SpecialCount => 2;

    public override int[] EncodePieces(string text) => [.. tokenizer.EncodeToIds(text, addSpecialTokens: false)];

    public override int[] Wrap(ReadOnlySpan<int> pieces) => [tokenizer.ClassificationTokenId, .. pieces, tokenizer.SeparatorTokenId];
}

/// <summary>
/// XLM-RoBERTa's SentencePiece with fairseq's ids, as Hugging Face's XLMRobertaTokenizer: &lt;s&gt; 0, &lt;pad&gt; 1,
/// &lt;/s&gt; 2, &lt;unk&gt; 3, every other piece its SentencePiece id + 1.
/// </summary>
sealed class XlmRobertaSentencePieceTokenizer(SentencePieceTokenizer tokenizer) : ModelTokenizer
{
    const int Bos = 0, Pad = 1, Eos = 2, Unknown = 3, FairseqOffset = 1;

    public override string Kind => "SentencePiece (XLM-R ids)";
    public override int PadId => Pad;
    public override int SpecialCount => 2;

    public override int[] EncodePieces(string text)
    {
        var ids = tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false);
        var result = new int[ids.Count];
        for (int i = 0; i < result.Length; i++) result[i] = ids[i] == tokenizer.UnknownId ? Unknown : ids[i] + FairseqOffset;
        return result;
    }

    public override int[] Wrap(ReadOnlySpan<int> pieces) => [Bos, .. pieces, Eos];
}

/// <summary>Byte-level BPE (GPT-2 / Qwen2 files): the pieces as they are, no special tokens, padded with id 0.</summary>
sealed class ByteLevelBpeModelTokenizer(CodeGenTokenizer tokenizer) : ModelTokenizer
{
    public override string Kind => "byte-level BPE";
    public override int PadId => 0;
    public override int SpecialCount => 0;

    public override int[] EncodePieces(string text) => [.. tokenizer.EncodeToIds(text, addPrefixSpace: false, addBeginningOfSentence: false, addEndOfSentence: false)];

    public override int[] Wrap(ReadOnlySpan<int> pieces) => pieces.ToArray();
}
