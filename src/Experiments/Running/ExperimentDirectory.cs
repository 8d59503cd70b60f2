using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>
/// The output folder of one experiment. It records the configuration the run was started with and a marker per
/// finished stage, so a rerun after an interruption skips finished stages, and a rerun with a different
/// configuration is refused (naming the settings that differ) instead of mixing results.
/// </summary>
public sealed class ExperimentDirectory
{
    const string ConfigFile = "experiment.json";

    public ExperimentDirectory(string path) => Root = Path.GetFullPath(path);

    public string Root { get; }

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Creates the folder or checks that an existing one was made with the same configuration.</summary>
    public void Open(JsonObject configuration)
    {
        // The folder and its parents are created, like `mkdir -p`: the README's first command writes to out/experiment.
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(PathOf("stages"));
        var configPath = PathOf(ConfigFile);
        if (File.Exists(configPath))
        {
            var existing = JsonNode.Parse(File.ReadAllText(configPath))?.AsObject() ?? new JsonObject();
            var differences = Differences(existing, configuration).ToList();
            if (differences.Count > 0)
                throw new InvalidInputException(
                    $"'{Root}' holds an experiment with a different configuration ({string.Join("; ", differences)}). " +
                    "Use another output folder, or delete this one to start over.");
            return;
        }
        AtomicFile.WriteAllText(configPath, configuration.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public bool IsDone(string stage) => File.Exists(MarkerPath(stage));

    public JsonObject? ReadMarker(string stage) =>
        IsDone(stage) ? JsonNode.Parse(File.ReadAllText(MarkerPath(stage)))?.AsObject() : null;

    /// <summary>Marks a stage finished, with a small JSON summary (written last, so an interrupted stage reruns).</summary>
    public void MarkDone(string stage, JsonObject summary) =>
        AtomicFile.WriteAllText(MarkerPath(stage), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    string MarkerPath(string stage) => PathOf("stages", stage + ".json");

    static IEnumerable<string> Differences(JsonObject before, JsonObject now)
    {
        // A setting an older version recorded and this one no longer decides on (e.g. "judge") is not a difference.
        foreach (var key in now.Select(p => p.Key).Order())
        {
            var a = before[key]?.ToJsonString() ?? "(unset)";
            var b = now[key]?.ToJsonString() ?? "(unset)";
            if (a != b) yield return $"{key}: was {a}, now {b}";
        }
    }
}
