using System.Text.Json;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.SemanticContext.Onnx.Tests;

/// <summary>
/// The model folders and reference values that build/fixtures/onnx/make_models.py wrote (random weights, real
/// signatures; the references come from a float64 numpy forward pass and Python tokenizers, not from this code).
/// </summary>
static class OnnxFixtures
{
    public static string Folder => Path.Combine(TestPaths.Root, "build", "fixtures", "onnx");
    public static string Embedder => Path.Combine(Folder, "embedder");
    public static string Ner => Path.Combine(Folder, "ner");
    public static string Sat => Path.Combine(Folder, "sat");

    public static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))).RootElement;

    public static string[] Texts => Expected.GetProperty("texts").EnumerateArray().Select(t => t.GetString()!).ToArray();

    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    public static float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();

    /// <summary>A copy of a fixture folder in a new temporary folder (to move, break or delete files in).</summary>
    public static string CopyOf(string folder)
    {
        var target = Path.Combine(TestPaths.TempDir(), Path.GetFileName(folder));
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    public static void AssertClose(float[] expected, ReadOnlySpan<float> actual, float tolerance = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    /// <summary>The Info lines a context logs.</summary>
    public static List<string> Log(MLContext ml)
    {
        var lines = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Info) lock (lines) lines.Add(e.RawMessage);
        };
        return lines;
    }
}
