using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Onnx.Runtime;
using Microsoft.ML.SemanticContext.Onnx.Tokenization;
using Microsoft.ML.SemanticContext.Transforms.Masking;

namespace Microsoft.ML.SemanticContext.Onnx.Masking;

/// <summary>
/// A token-classification NER model exported to ONNX (e.g. dslim/bert-base-NER) behind the mask stage's
/// <see cref="INameRecognizer"/> seam. Each word (BERT's split: whitespace and punctuation) is tokenized on its own; a
/// word takes the label of its first piece (Hugging Face's "first" aggregation); labels (config.json id2label, BIO or
/// BILOU) are decoded into entities, and PER/PERSON entities are the names. A chunk longer than the model takes runs
/// in consecutive windows of whole words. Thread-safe.
/// </summary>
public sealed class OnnxNameRecognizer : INameRecognizer, IChoosesDevice, IDisposable
{
    public const string TypeId = "onnx-ner";
    public const int Version = 1;
    const string Component = "MaskEntities (ONNX NER)";

    static readonly OnnxSignature Signature = new(["input_ids", "attention_mask"], ["token_type_ids"], ["logits"]);
    static readonly HashSet<string> PersonTypes = ["PER", "PERSON"];

    readonly OnnxStageModel _model;
    readonly ComponentHost _host;
    readonly string[] _labels;
    readonly bool _embed;
    long _windowed;

    OnnxNameRecognizer(IHostEnvironment environment, OnnxModelFolder folder, bool embedModelInArchive)
    {
        _host = new ComponentHost(environment, Component);
        _labels = ReadLabels(folder);
        _model = OnnxStageModel.Open(environment, folder, Signature, Component);
        _embed = embedModelInArchive;
        if (_model.Encoder.Width > 0 && _model.Encoder.Width != _labels.Length)
            throw new InvalidDataException($"{Component}: '{folder.ModelPath}' gives {_model.Encoder.Width} logits per token, but config.json's id2label has {_labels.Length} labels.");
    }

    /// <summary>Opens an NER model folder (model.onnx or onnx/model.onnx, tokenizer files, config.json with id2label).</summary>
    public static OnnxNameRecognizer Open(IHostEnvironment environment, string folder, bool embedModelInArchive = false) =>
        new(environment, OnnxModelFolder.Open(folder, Component), embedModelInArchive);

    /// <summary>The label of each logit, from config.json's id2label.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Chunks so far longer than the model takes, which ran in several windows.</summary>
    public long WindowedChunks => Interlocked.Read(ref _windowed);

    public string Description => $"ONNX NER model {_model.Summary}, {_labels.Length} labels; PER spans are names";

    static string[] ReadLabels(OnnxModelFolder folder)
    {
        var config = folder.ReadJson("config.json") ?? throw new FileNotFoundException($"{Component}: model folder '{folder.Path}' has no config.json (its id2label names the labels).");
        if (config["id2label"] is not System.Text.Json.Nodes.JsonObject map || map.Count == 0)
            throw new InvalidDataException($"{Component}: '{folder.File("config.json")}' has no id2label.");
        var labels = new string[map.Count];
        foreach (var (id, label) in map)
        {
            if (!int.TryParse(id, out int i) || i < 0 || i >= labels.Length)
                throw new InvalidDataException($"{Component}: '{folder.File("config.json")}': id2label key '{id}' is not an id in 0..{labels.Length - 1}.");
            labels[i] = label!.GetValue<string>();
        }
        return labels;
    }

    public List<EntitySpan>[] FindNames(IReadOnlyList<string> chunks)
    {
        // Every chunk → words → windows of whole words that fit the model; all windows of the story run in one batch.
        var words = new List<Range>[chunks.Count];
        var pieces = new List<int[]>[chunks.Count];
        var windows = new List<(int Chunk, int FirstWord, int[] Ids)>();
        int budget = _model.MaxLength - _model.Tokenizer.SpecialCount;
        for (int c = 0; c < chunks.Count; c++)
        {
            words[c] = TextWords.BertWords(chunks[c]);
            pieces[c] = words[c].Select(w => Truncated(_model.Tokenizer.EncodePieces(chunks[c][w]), budget)).ToList();
            int first = 0, count = 0, windowsBefore = windows.Count;
            var ids = new List<int>();
            for (int w = 0; w <= words[c].Count; w++)
            {
                if (w == words[c].Count || count + pieces[c][w].Length > budget)
                {
                    if (w > first) windows.Add((c, first, _model.Tokenizer.Wrap(ids.ToArray())));
                    if (w == words[c].Count) break;
                    ids.Clear();
                    first = w;
                    count = 0;
                }
                ids.AddRange(pieces[c][w]);
                count += pieces[c][w].Length;
            }
            if (windows.Count - windowsBefore > 1 && Interlocked.Increment(ref _windowed) == 1)
                _host.Log($"{Component}: a chunk is longer than the model's {_model.MaxLength} tokens; it runs in consecutive windows of whole words " +
                          "(later ones are counted in WindowedChunks, not logged).");
        }
        var labels = new string[chunks.Count][];
        for (int c = 0; c < chunks.Count; c++) labels[c] = Enumerable.Repeat("O", words[c].Count).ToArray();
        if (windows.Count > 0)
        {
            var logits = _model.Encoder.Run(windows.Select(w => w.Ids).ToList(), _model.Tokenizer.PadId, out int length, out int width); // [windows, length, labels]
            for (int k = 0; k < windows.Count; k++)
            {
                var (c, w, _) = windows[k];
                int position = 1; // after [CLS]
                for (; w < words[c].Count && position < windows[k].Ids.Length - 1; w++)
                {
                    labels[c][w] = pieces[c][w].Length == 0 ? "O" : _labels[ArgMax(logits.AsSpan((k * length + position) * width, width))];
                    position += pieces[c][w].Length;
                }
            }
        }
        var names = new List<EntitySpan>[chunks.Count];
        for (int c = 0; c < chunks.Count; c++)
        {
            names[c] = [];
            foreach (var entity in BioDecoder.Decode(labels[c]))
            {
                if (!PersonTypes.Contains(entity.Type)) continue;
                int start = words[c][entity.First].Start.Value, end = words[c][entity.Last].End.Value;
                names[c].Add(new EntitySpan(start, end - start, EntityKind.Name));
            }
        }
        return names;
    }

    /// <summary>A single word longer than a whole window keeps its first pieces (a pathological "word").</summary>
    static int[] Truncated(int[] pieces, int budget) => pieces.Length <= budget ? pieces : pieces[..budget];

    static int ArgMax(ReadOnlySpan<float> values) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(values);

    public void Save(StageWriter writer) => OnnxModelFiles.Save(_model.Folder, writer, "nerModel", _embed);

    public static OnnxNameRecognizer Load(StageReader reader) =>
        new(reader.Environment, OnnxModelFiles.Load(reader, "nerModel", Component),
            OnnxModelFiles.IsEmbedded(reader, "nerModel"));

    public void Dispose() => _model.Dispose();
}
