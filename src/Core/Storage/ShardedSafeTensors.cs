using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.SemanticContext.Storage;

/// <summary>
/// A checkpoint split over several safetensors files, as Hugging Face saves large models: an index
/// (<c>model.safetensors.index.json</c>, <c>{"metadata": {...}, "weight_map": {"tensor name": "model-00001-of-00002.safetensors"}}</c>)
/// and the shards beside it. Every tensor must sit in the shard the index names, exactly once.
/// </summary>
public static class ShardedSafeTensors
{
    public const string IndexFileName = "model.safetensors.index.json";

    /// <summary>Reads every tensor of every shard the index at <paramref name="indexPath"/> lists.</summary>
    public static List<NamedTensor> Read(string indexPath)
    {
        var weightMap = ReadWeightMap(indexPath);
        string folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var tensors = new List<NamedTensor>(weightMap.Count);
        foreach (var shard in weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            string path = Path.Combine(folder, shard);
            if (!File.Exists(path))
                throw new FileNotFoundException($"{indexPath}: the shard '{shard}' it lists is not in '{folder}'.", path);
            foreach (var tensor in SafeTensors.Read(path).Tensors)
            {
                if (!weightMap.TryGetValue(tensor.Name, out var listed))
                    throw new InvalidDataException($"{path}: tensor '{tensor.Name}' is not listed in {Path.GetFileName(indexPath)}.");
                if (listed != shard)
                    throw new InvalidDataException($"{path}: tensor '{tensor.Name}' is listed in {Path.GetFileName(indexPath)} as being in '{listed}'.");
                tensors.Add(tensor);
            }
        }
        var found = tensors.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var absent = weightMap.Keys.FirstOrDefault(name => !found.Contains(name));
        if (absent is not null)
            throw new InvalidDataException($"{indexPath}: tensor '{absent}' is listed in '{weightMap[absent]}', but that shard does not hold it.");
        return tensors;
    }

    static Dictionary<string, string> ReadWeightMap(string indexPath)
    {
        JsonObject index;
        try { index = JsonNode.Parse(File.ReadAllText(indexPath))?.AsObject() ?? throw new JsonException("empty document"); }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{indexPath}: not a valid JSON object ({e.Message}).");
        }
        if (index["weight_map"] is not JsonObject map || map.Count == 0)
            throw new InvalidDataException($"{indexPath}: \"weight_map\" is missing, empty or not an object mapping tensor names to shard files.");
        var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in map)
        {
            string? shard = node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            // Shards sit beside the index: a path that leaves the folder is refused.
            if (string.IsNullOrEmpty(shard) || shard != Path.GetFileName(shard))
                throw new InvalidDataException($"{indexPath}: weight_map[\"{name}\"] must be the file name of a shard beside the index (got {node?.ToJsonString() ?? "null"}).");
            weightMap[name] = shard;
        }
        return weightMap;
    }
}
