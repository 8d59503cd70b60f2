using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Onnx.Runtime;
using Microsoft.ML.SemanticContext.Onnx.Tokenization;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Onnx.Segmentation;

/// <summary>
/// SaT (Segment any Text) exported to ONNX behind the segment stage's <see cref="ISentenceSplitter"/> seam. Each
/// whitespace word is tokenized on its own (XLM-R SentencePiece); the model gives a boundary logit per token; a long
/// text runs in windows of <see cref="SatOptions.BlockSize"/> tokens that overlap by <see cref="SatOptions.Stride"/>,
/// with logits averaged where windows overlap; a sentence ends after a word whose last token has
/// sigmoid(logit) &gt; <see cref="SatOptions.Threshold"/>. A sentence of more than
/// <see cref="SatOptions.MaxSentenceWords"/> words (SaT found no boundary in it) is split again by the built-in
/// Punkt-style splitter. Thread-safe.
/// </summary>
public sealed class SatSentenceSplitter : ISentenceSplitter, IChoosesDevice, IDisposable
{
    public const string TypeId = "onnx-sat";
    public const int Version = 1;
    const string Component = "SegmentSentences (ONNX SaT)";

    static readonly OnnxSignature Signature = new(["input_ids", "attention_mask"], ["token_type_ids"], ["logits"]);

    readonly OnnxStageModel _model;
    readonly SatOptions _options;
    readonly int _block;
    readonly int _stride;
    readonly PunktSentenceSplitter _fallback = new(new PunktParameters());

    SatSentenceSplitter(IHostEnvironment environment, OnnxModelFolder folder, SatOptions options)
    {
        _model = OnnxStageModel.Open(environment, folder, Signature, Component);
        _options = options;
        _block = Math.Min(options.BlockSize ?? _model.MaxLength, _model.MaxLength);
        int inner = _block - _model.Tokenizer.SpecialCount;
        _stride = options.Stride ?? Math.Min(SatOptions.DefaultStride, inner / 2);
        if (options.Threshold is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.Threshold, $"{Component}: Threshold must lie in (0, 1).");
        if (inner < 2 || _stride < 0 || _stride >= inner)
            throw new ArgumentOutOfRangeException(nameof(options), $"{Component}: windows of {_block} tokens need 0 ≤ Stride < {inner}, but Stride is {_stride}.");
        if (options.MaxSentenceWords < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxSentenceWords, $"{Component}: MaxSentenceWords must be at least 1.");
    }

    /// <summary>Opens a SaT model folder (model.onnx, sentencepiece.bpe.model or another tokenizer, config.json).</summary>
    public static SatSentenceSplitter Open(IHostEnvironment environment, string folder, SatOptions? options = null) =>
        new(environment, OnnxModelFolder.Open(folder, Component), options ?? new SatOptions());

    public string Description =>
        $"SaT through ONNX {_model.Summary}: threshold {_options.Threshold}, windows of {_block} tokens overlapping by {_stride}; " +
        $"sentences over {_options.MaxSentenceWords} words re-split by the built-in splitter";

    public void Split(string text, List<SentenceSpan> sentences)
    {
        var words = TextWords.WhitespaceWords(text);
        if (words.Count == 0) return;
        var probabilities = BoundaryProbabilities(text, words, out var lastToken);
        int first = 0;
        for (int w = 0; w < words.Count; w++)
        {
            if (w < words.Count - 1 && probabilities[lastToken[w]] <= _options.Threshold) continue;
            AddSentence(text, words, first, w, sentences);
            first = w + 1;
        }
    }

    /// <summary>sigmoid(logit) per token of the whole text, averaged over the windows that cover it; lastToken[w] indexes word w's last token.</summary>
    float[] BoundaryProbabilities(string text, List<Range> words, out int[] lastToken)
    {
        var ids = new List<int>();
        lastToken = new int[words.Count];
        for (int w = 0; w < words.Count; w++)
        {
            ids.AddRange(_model.Tokenizer.EncodePieces(text[words[w]]));
            lastToken[w] = Math.Max(0, ids.Count - 1); // a word without pieces shares its predecessor's
        }
        int n = ids.Count, inner = _block - _model.Tokenizer.SpecialCount;
        var starts = new List<int>();
        if (n <= inner) starts.Add(0);
        else
        {
            for (int s = 0; s < n - inner; s += inner - _stride) starts.Add(s);
            starts.Add(n - inner);
        }
        var windows = starts.Select(s => _model.Tokenizer.Wrap(ids.GetRange(s, Math.Min(inner, n - s)).ToArray())).ToList();
        var logits = _model.Encoder.Run(windows, _model.Tokenizer.PadId, out int length, out int width); // [windows, length, labels]
        var sum = new double[n];
        var count = new int[n];
        int offset = _model.Tokenizer.SpecialCount / 2; // the leading <s>
        for (int k = 0; k < starts.Count; k++)
            for (int t = 0; t < windows[k].Length - _model.Tokenizer.SpecialCount; t++)
            {
                sum[starts[k] + t] += logits[(k * length + offset + t) * width];
                count[starts[k] + t]++;
            }
        var probabilities = new float[n];
        for (int i = 0; i < n; i++) probabilities[i] = (float)(1 / (1 + Math.Exp(-sum[i] / count[i])));
        return probabilities;
    }

    void AddSentence(string text, List<Range> words, int first, int last, List<SentenceSpan> sentences)
    {
        int start = words[first].Start.Value, end = words[last].End.Value;
        if (last - first + 1 <= _options.MaxSentenceWords)
        {
            sentences.Add(new SentenceSpan(start, end - start));
            return;
        }
        var parts = new List<SentenceSpan>();
        _fallback.Split(text[start..end], parts);
        foreach (var part in parts) sentences.Add(part with { Start = part.Start + start });
    }

    public void Save(StageWriter writer)
    {
        writer.Options["threshold"] = _options.Threshold;
        writer.Options["blockSize"] = _block;
        writer.Options["stride"] = _stride;
        writer.Options["maxSentenceWords"] = _options.MaxSentenceWords;
        OnnxModelFiles.Save(_model.Folder, writer, "satModel", _options.EmbedModelInArchive);
    }

    public static SatSentenceSplitter Load(StageReader reader) =>
        new(reader.Environment, OnnxModelFiles.Load(reader, "satModel", Component), new SatOptions
        {
            Threshold = reader.GetOption<float>("threshold"),
            BlockSize = reader.GetOption<int>("blockSize"),
            Stride = reader.GetOption<int>("stride"),
            MaxSentenceWords = reader.GetOption<int>("maxSentenceWords"),
            EmbedModelInArchive = OnnxModelFiles.IsEmbedded(reader, "satModel"),
        });

    public void Dispose() => _model.Dispose();
}
