using System.Numerics.Tensors;
using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Onnx.Runtime;
using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext.Onnx.Embedding;

/// <summary>
/// A sentence-embedding model exported to ONNX (all-MiniLM-L6-v2, bge-small, Stella en 1.5B v5, …) behind the
/// embedding stage's <see cref="ISegmentEmbedder"/> seam: tokenizer → encoder (ONNX Runtime, CPU or CUDA) → pooling →
/// optional dense head → optional L2 normalisation. Chunks are sorted by token count and run in batches padded to the
/// batch's longest. Thread-safe.
/// </summary>
public sealed class OnnxSentenceEmbedder : ISegmentEmbedder, IChoosesDevice, IDisposable
{
    public const string TypeId = "onnx-sentence-embedder";
    public const int Version = 1;
    const string Component = "EmbedSegments (ONNX)";

    static readonly OnnxSignature Signature = new(["input_ids", "attention_mask"], ["token_type_ids"], ["last_hidden_state", "token_embeddings"]);

    readonly OnnxStageModel _model;
    readonly ComponentHost _host;
    readonly OnnxEmbedderOptions _options;
    readonly DenseHead? _dense;
    readonly int _maxLength;
    long _truncated;

    OnnxSentenceEmbedder(IHostEnvironment environment, OnnxModelFolder folder, OnnxEmbedderOptions options)
    {
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), $"{Component}: BatchSize must be ≥ 1, but it is {options.BatchSize}.");
        _host = new ComponentHost(environment, Component);
        _model = OnnxStageModel.Open(environment, folder, Signature, Component);
        _options = options;
        Pooling = options.Pooling ?? SentencePoolings.Read(folder);
        _dense = DenseHead.Read(folder);
        _maxLength = Math.Min(options.MaxLength ?? _model.MaxLength, _model.MaxLength);
        if (_maxLength <= _model.Tokenizer.SpecialCount)
            throw new ArgumentOutOfRangeException(nameof(options), $"{Component}: MaxLength {_maxLength} leaves no room for text.");
        int width = _model.Encoder.Width > 0 ? _model.Encoder.Width : ProbeWidth();
        if (_dense is not null && _dense.In != width)
            throw new InvalidDataException($"{Component}: '{folder.File(_dense.Folder)}' takes {_dense.In}-d input, but the model's output is {width}-d.");
        Dimension = _dense?.Out ?? width;
    }

    /// <summary>Opens the model folder (see <see cref="OnnxModelFolder"/>) on the device <paramref name="environment"/> asks for.</summary>
    public static OnnxSentenceEmbedder Open(IHostEnvironment environment, string folder, OnnxEmbedderOptions? options = null) =>
        new(environment, OnnxModelFolder.Open(folder, Component), options ?? new OnnxEmbedderOptions());

    public int Dimension { get; }

    public SentencePooling Pooling { get; }

    /// <summary>Chunks embedded so far that were longer than the model takes and were cut to their first tokens.</summary>
    public long TruncatedChunks => Interlocked.Read(ref _truncated);

    public string Description =>
        $"ONNX sentence embedder {_model.Summary}: {Pooling} pooling" +
        (_dense is null ? "" : $", dense head {_dense.In}→{_dense.Out}") + (_options.Normalize ? ", L2-normalised" : "") +
        (_options.InstructionPrefix is null ? "" : ", with an instruction prefix") + $", {Dimension}-d";

    public float[] Embed(IReadOnlyList<string> chunks)
    {
        var vectors = new float[chunks.Count * Dimension]; // [chunks, Dimension]
        var ids = new int[chunks.Count][];
        for (int c = 0; c < chunks.Count; c++)
        {
            ids[c] = _model.Tokenizer.Encode(_options.InstructionPrefix + chunks[c], _maxLength, out bool truncated);
            if (truncated && Interlocked.Increment(ref _truncated) == 1)
                _host.Log($"{Component}: a chunk is longer than the model's {_maxLength} tokens; only its first {_maxLength} tokens are embedded " +
                          "(later ones are counted in TruncatedChunks, not logged).");
        }
        var order = Enumerable.Range(0, chunks.Count).OrderBy(c => ids[c].Length).ToArray();
        for (int first = 0; first < order.Length; first += _options.BatchSize)
        {
            var batch = order.AsSpan(first, Math.Min(_options.BatchSize, order.Length - first)).ToArray();
            EmbedBatch(batch.Select(c => ids[c]).ToList(), batch, vectors);
        }
        return vectors;
    }

    /// <summary>Runs one batch and writes each sequence's vector at its chunk's row of <paramref name="vectors"/>.</summary>
    void EmbedBatch(List<int[]> sequences, int[] rows, float[] vectors)
    {
        var tokens = _model.Encoder.Run(sequences, _model.Tokenizer.PadId, out int length, out int width); // [batch, length, width]
        var pooled = new float[width];
        for (int b = 0; b < sequences.Count; b++)
        {
            SentencePoolings.Pool(Pooling, tokens.AsSpan(b * length * width, length * width), sequences[b].Length, width, pooled);
            var vector = vectors.AsSpan(rows[b] * Dimension, Dimension);
            if (_dense is null) pooled.CopyTo(vector);
            else _dense.Apply(pooled, vector);
            if (_options.Normalize && TensorPrimitives.Norm(vector) is > 0 and var norm) TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    int ProbeWidth()
    {
        _model.Encoder.Run([_model.Tokenizer.Wrap([])], _model.Tokenizer.PadId, out _, out int width);
        return width;
    }

    public void Save(StageWriter writer)
    {
        writer.Options["pooling"] = Pooling.ToString();
        writer.Options["normalize"] = _options.Normalize;
        writer.Options["instructionPrefix"] = _options.InstructionPrefix;
        writer.Options["batchSize"] = _options.BatchSize;
        writer.Options["maxLength"] = _maxLength;
        writer.Options["dimension"] = Dimension;
        OnnxModelFiles.Save(_model.Folder, writer, "embedderModel", _options.EmbedModelInArchive);
    }

    public static OnnxSentenceEmbedder Load(StageReader reader)
    {
        var options = new OnnxEmbedderOptions
        {
            Pooling = Enum.Parse<SentencePooling>(reader.GetOption<string>("pooling")),
            Normalize = reader.GetOption<bool>("normalize"),
            InstructionPrefix = reader.Options["instructionPrefix"]?.GetValue<string>(),
            BatchSize = reader.GetOption<int>("batchSize"),
            MaxLength = reader.GetOption<int>("maxLength"),
            EmbedModelInArchive = OnnxModelFiles.IsEmbedded(reader, "embedderModel"),
        };
        var embedder = new OnnxSentenceEmbedder(reader.Environment, OnnxModelFiles.Load(reader, "embedderModel", Component), options);
        if (embedder.Dimension != reader.GetOption<int>("dimension"))
            throw new InvalidDataException($"{reader.Source}: the ONNX embedder was saved {reader.GetOption<int>("dimension")}-d but its model now gives {embedder.Dimension}-d vectors.");
        return embedder;
    }

    public void Dispose() => _model.Dispose();
}
