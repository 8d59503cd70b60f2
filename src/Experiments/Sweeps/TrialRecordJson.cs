using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>
/// A <see cref="TrialRecord"/> as JSON (the database's record column, a trial's <c>result.json</c>, a line of
/// <c>trials.jsonl</c>): camelCase names, enums by name.
/// </summary>
public static class TrialRecordJson
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // A configuration's Baseline is a configuration again (its own baseline): derived, and endless when serialized.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type != typeof(TrialConfiguration)) return;
                    foreach (var derived in info.Properties.Where(p => p.Name is "baseline" or "isBaseline").ToList()) info.Properties.Remove(derived);
                },
            },
        },
    };

    public static string Write(TrialRecord trial) => JsonSerializer.Serialize(trial, Options);

    /// <summary>
    /// One line of <c>trials.jsonl</c>: the record without its wall time, so a sweep rerun after interruptions writes the
    /// same bytes as an uninterrupted one (wall times stay in the database and the result files).
    /// </summary>
    public static string WriteReproducible(TrialRecord trial)
    {
        var node = JsonSerializer.SerializeToNode(trial, Options)!.AsObject();
        node.Remove("wallTime");
        return node.ToJsonString();
    }

    /// <param name="source">Names the file (and line or row) in the error when the text is not a trial record.</param>
    public static TrialRecord Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<TrialRecord>(json, Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not a trial record ({e.Message}).", e);
        }
    }
}

/// <summary>
/// A trial's own record, <c>trials/NNN/result.json</c>, written atomically at every change of the trial: on a network
/// file system, where SQLite's locking is unsafe for concurrent writers, these files are the record the report merges.
/// </summary>
public static class TrialResultFile
{
    public const string FileName = "result.json";

    public static void Write(string trialFolder, TrialRecord trial) =>
        AtomicFile.WriteAllText(Path.Combine(trialFolder, FileName), TrialRecordJson.Write(trial));

    public static TrialRecord? Read(string trialFolder)
    {
        var path = Path.Combine(trialFolder, FileName);
        return File.Exists(path) ? TrialRecordJson.Parse(File.ReadAllText(path), path) : null;
    }
}
