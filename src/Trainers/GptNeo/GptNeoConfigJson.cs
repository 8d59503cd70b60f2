using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>Reads and writes a Hugging Face GPT-Neo <c>config.json</c>, so checkpoints move between this library and Python.</summary>
public static class GptNeoConfigJson
{
    public static GptNeoConfig Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"GPT-Neo config '{path}' does not exist.", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses config.json text; <paramref name="source"/> names the file in error messages.</summary>
    public static GptNeoConfig Parse(string json, string source)
    {
        JsonObject o;
        try { o = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("empty document"); }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{source}: not a valid JSON object ({e.Message}).");
        }
        string? modelType = o["model_type"]?.GetValue<string>();
        if (modelType is not null && modelType != "gpt_neo")
            throw new InvalidDataException($"{source}: model_type is '{modelType}', expected 'gpt_neo'.");
        string activation = o["activation_function"]?.GetValue<string>() ?? "gelu_new";
        if (activation != "gelu_new")
            throw new InvalidDataException($"{source}: activation_function '{activation}' is not supported (only gelu_new).");

        int layers = Int(o, "num_layers", source);
        var kinds = ReadAttentionLayers(o, source);
        if (kinds.Count != layers)
            throw new InvalidDataException($"{source}: attention_types describe {kinds.Count} layers but num_layers is {layers}.");
        try
        {
            return new GptNeoConfig
            {
                VocabularySize = Int(o, "vocab_size", source),
                MaxPositions = Int(o, "max_position_embeddings", source),
                HiddenSize = Int(o, "hidden_size", source),
                Heads = Int(o, "num_heads", source),
                AttentionLayers = kinds,
                WindowSize = o["window_size"] is null ? 256 : Int(o, "window_size", source),
                IntermediateSize = o["intermediate_size"] is null ? null : Int(o, "intermediate_size", source),
                LayerNormEpsilon = o["layer_norm_epsilon"]?.GetValue<float>() ?? 1e-5f,
                TieWordEmbeddings = Bool(o, "tie_word_embeddings", source) ?? true,
            }.Validated();
        }
        catch (InvalidInputException e) { throw new InvalidDataException($"{source}: {e.Message}"); }
    }

    public static void Write(string path, GptNeoConfig config, HuggingFaceTokenIds? tokenIds = null) =>
        AtomicFile.WriteAllText(path, ToJson(config, tokenIds));

    /// <summary>
    /// The config.json text; with <paramref name="tokenIds"/> it also names the tokenizer's bos/eos (and pad) ids, without
    /// which Hugging Face assumes GPT-2's 50256 (outside a smaller vocabulary, so <c>generate()</c> would not stop).
    /// </summary>
    public static string ToJson(GptNeoConfig config, HuggingFaceTokenIds? tokenIds = null)
    {
        var o = new JsonObject
        {
            ["activation_function"] = "gelu_new",
            ["architectures"] = new JsonArray("GPTNeoForCausalLM"),
            ["attention_dropout"] = 0,
            ["attention_types"] = AttentionTypes(config.AttentionLayers),
            ["embed_dropout"] = 0,
            ["hidden_size"] = config.HiddenSize,
            ["intermediate_size"] = config.IntermediateSize,
            ["layer_norm_epsilon"] = config.LayerNormEpsilon,
            ["max_position_embeddings"] = config.MaxPositions,
            ["model_type"] = "gpt_neo",
            ["num_heads"] = config.Heads,
            ["num_layers"] = config.Layers,
            ["resid_dropout"] = 0,
            ["tie_word_embeddings"] = config.TieWordEmbeddings,
            ["torch_dtype"] = "float32",
            ["vocab_size"] = config.VocabularySize,
            ["window_size"] = config.WindowSize,
        };
        if (tokenIds is { } ids)
        {
            o["bos_token_id"] = ids.BosTokenId;
            o["eos_token_id"] = ids.EosTokenId;
            if (ids.PadTokenId is int pad) o["pad_token_id"] = pad;
        }
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Expands [[["global","local"], 4]] into one kind per layer, as Hugging Face does; falls back to attention_layers.</summary>
    static List<AttentionKind> ReadAttentionLayers(JsonObject o, string source)
    {
        var kinds = new List<AttentionKind>();
        if (o["attention_types"] is JsonArray types)
        {
            foreach (var entry in types)
            {
                if (entry is not JsonArray { Count: 2 } pair || pair[0] is not JsonArray pattern)
                    throw new InvalidDataException($"{source}: attention_types entries must look like [[\"global\",\"local\"], repeat].");
                int repeat = pair[1]!.GetValue<int>();
                for (int r = 0; r < repeat; r++)
                    foreach (var kind in pattern) kinds.Add(Kind(kind!.GetValue<string>(), source));
            }
        }
        else if (o["attention_layers"] is JsonArray layers)
        {
            foreach (var kind in layers) kinds.Add(Kind(kind!.GetValue<string>(), source));
        }
        else throw new InvalidDataException($"{source}: neither attention_types nor attention_layers is present.");
        return kinds;
    }

    static JsonArray AttentionTypes(IReadOnlyList<AttentionKind> layers)
    {
        static string Name(AttentionKind k) => k == AttentionKind.Global ? "global" : "local";
        bool alternating = layers.Count % 2 == 0 && Enumerable.Range(0, layers.Count).All(i => layers[i] == layers[i % 2]);
        if (alternating)
            return new JsonArray(new JsonArray(new JsonArray(Name(layers[0]), Name(layers[1])), layers.Count / 2));
        // Otherwise run-length encode single kinds: [[["global"], 2], [["local"], 1], …].
        var runs = new JsonArray();
        for (int i = 0; i < layers.Count;)
        {
            int j = i;
            while (j < layers.Count && layers[j] == layers[i]) j++;
            runs.Add(new JsonArray(new JsonArray(Name(layers[i])), j - i));
            i = j;
        }
        return runs;
    }

    static AttentionKind Kind(string name, string source) => name switch
    {
        "global" => AttentionKind.Global,
        "local" => AttentionKind.Local,
        _ => throw new InvalidDataException($"{source}: unknown attention type '{name}' (expected global or local)."),
    };

    /// <summary>
    /// The bos/eos/pad ids config.json names (null where absent or null); a list (newer configs allow several end ids) is
    /// read as its ids.
    /// </summary>
    internal static (IReadOnlyList<int> Bos, IReadOnlyList<int> Eos, int? Pad) ReadTokenIds(string json, string source)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        IReadOnlyList<int> Ids(string key) => o[key] switch
        {
            null => [],
            JsonArray list => list.Select((_, i) => IntNode(list[i], $"{key}[{i}]", source)).ToArray(),
            var node => [IntNode(node, key, source)],
        };
        return (Ids("bos_token_id"), Ids("eos_token_id"), o["pad_token_id"] is null ? null : Int(o, "pad_token_id", source));
    }

    static bool? Bool(JsonObject o, string key, string source)
    {
        if (o[key] is not { } node) return null;
        try { return node.GetValue<bool>(); }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{source}: '{key}' must be true or false (got {node.ToJsonString()}).");
        }
    }

    static int Int(JsonObject o, string key, string source) =>
        IntNode(o[key] ?? throw new InvalidDataException($"{source}: missing '{key}'."), key, source);

    static int IntNode(JsonNode? node, string key, string source)
    {
        if (node is null) throw new InvalidDataException($"{source}: '{key}' must be an integer (got null).");
        try { return node.GetValue<int>(); }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{source}: '{key}' must be an integer (got {node.ToJsonString()}).");
        }
    }
}
