using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Onnx.Runtime;

/// <summary>
/// How a saved pipeline refers to an ONNX model folder: its path and the SHA-256 of every file the stage reads
/// (the graph, its external data, the tokenizer and the configuration files). By default the files stay where they are
/// and loading checks that they are unchanged; with <c>embed</c> they are copied into the archive, and loading unpacks
/// them into a cache folder named by their hashes.
/// </summary>
public static class OnnxModelFiles
{
    /// <summary>Files a stage may read, relative to the folder; those present are recorded (and copied when embedding).</summary>
    static readonly string[] Candidates =
    [
        "model.onnx", "model.onnx_data", "onnx/model.onnx", "onnx/model.onnx_data", "config.json", "modules.json",
        "vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "sentencepiece.bpe.model",
        "vocab.json", "merges.txt", "1_Pooling/config.json",
    ];

    /// <summary>The files of <paramref name="folder"/> a stage reads, relative paths with '/' separators.</summary>
    public static List<string> Used(OnnxModelFolder folder)
    {
        var files = Candidates.Where(folder.Has).ToList();
        foreach (var dense in Directory.EnumerateDirectories(folder.Path, "2_Dense*").Order(StringComparer.Ordinal))
            foreach (var name in new[] { "config.json", "model.safetensors" })
                if (File.Exists(Path.Combine(dense, name))) files.Add($"{Path.GetFileName(dense)}/{name}");
        return files;
    }

    /// <summary>Records <paramref name="folder"/> under option <paramref name="option"/>; copies its files into the archive when <paramref name="embed"/>.</summary>
    public static void Save(OnnxModelFolder folder, StageWriter writer, string option, bool embed)
    {
        var hashes = new JsonObject();
        foreach (var file in Used(folder))
        {
            hashes[file] = Sha256(folder.File(file));
            if (embed)
            {
                using var source = File.OpenRead(folder.File(file));
                using var target = writer.Open($"{option}/{file}");
                source.CopyTo(target);
            }
        }
        writer.Options[option] = new JsonObject { ["folder"] = folder.Path, ["embedded"] = embed, ["sha256"] = hashes };
    }

    /// <summary>Whether <see cref="Save"/> copied the files into the archive (so a re-save copies them again).</summary>
    public static bool IsEmbedded(StageReader reader, string option) => reader.Options[option]?["embedded"]?.GetValue<bool>() == true;

    /// <summary>The folder that <see cref="Save"/> recorded: the original (checked unchanged) or the archive's copy, unpacked.</summary>
    public static OnnxModelFolder Load(StageReader reader, string option, string component)
    {
        if (reader.Options[option] is not JsonObject record || record["sha256"] is not JsonObject hashes)
            throw new InvalidDataException($"{reader.Source}: stage '{reader.Folder}' has no ONNX model record '{option}'.");
        var expected = hashes.ToDictionary(h => h.Key, h => h.Value!.GetValue<string>());
        string folder = IsEmbedded(reader, option)
            ? Unpack(reader, option, expected)
            : record["folder"]?.GetValue<string>() ?? throw new InvalidDataException($"{reader.Source}: ONNX model record '{option}' has no folder.");
        foreach (var (file, sha) in expected)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
                throw new FileNotFoundException($"{reader.Source}: {component} needs '{path}', which the pipeline was saved with, but it no longer exists.", path);
            if (Sha256(path) != sha)
                throw new InvalidDataException($"{reader.Source}: {component}: '{path}' has changed since the pipeline was saved (SHA-256 {sha} then, {Sha256(path)} now).");
        }
        return OnnxModelFolder.Open(folder, component);
    }

    /// <summary>Writes the archive's copy once into a cache folder named by the files' hashes (reused by later loads).</summary>
    static string Unpack(StageReader reader, string option, Dictionary<string, string> hashes)
    {
        string key = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", hashes.OrderBy(h => h.Key).Select(h => $"{h.Key}={h.Value}")))));
        string folder = Path.Combine(Path.GetTempPath(), "sctok-onnx", key[..16]);
        foreach (var file in hashes.Keys)
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path) && Sha256(path) == hashes[file]) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + $".{Guid.NewGuid():N}.tmp";
            using (var source = reader.Open($"{option}/{file}"))
            using (var target = File.Create(temporary))
                source.CopyTo(target);
            File.Move(temporary, path, overwrite: true);
        }
        return folder;
    }

    static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
