using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Experiments.Annotation;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>
/// Reads back the options a sweep folder was planned with (its recorded settings, <c>experiment.json</c>), so that
/// <c>sweep run-trial</c> and <c>sweep report</c> need nothing but the folder.
/// </summary>
public static class SweepOptionsFile
{
    public const string FileName = "experiment.json";

    /// <param name="trials">The planned trials: the space is rebuilt from their values (it may have been declared in C#).</param>
    public static SweepOptions Read(string folder, IReadOnlyList<TrialRecord> trials)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new InvalidInputException($"'{folder}' is not a planned sweep ({FileName} is missing); run `sctok sweep plan -o {folder}` first.");
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var scale = json["scale"].Deserialize<SweepScale>() ?? throw new JsonException("no scale");
            string name = (string)json["preset"]!;
            return new SweepOptions
            {
                OutputDirectory = folder,
                Preset = new SweepPreset(name, SweepPresets.All.FirstOrDefault(p => p.Name == name)?.Description ?? "declared in C#", SpaceOf(trials), scale),
                Tuner = Enum.Parse<SweepTuner>((string)json["tuner"]!, ignoreCase: true),
                BudgetTrials = (int?)json["budgetTrials"],
                Eta = (int?)json["eta"] ?? 3,
                Rungs = (int?)json["rungs"] ?? 3,
                CorpusPath = (string?)json["corpus"],
                BaseModelPath = (string?)json["base"],
                Judge = (bool?)json["judge"] ?? false,
                Seed = (int)json["seed"]!,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or ArgumentException or FormatException)
        {
            throw new InvalidDataException($"{path}: not the settings of a sweep ({e.Message}).", e);
        }
    }

    static SweepSpace SpaceOf(IReadOnlyList<TrialRecord> trials)
    {
        var annotations = trials.Select(t => t.Configuration.Annotation).OfType<AnnotationConfig>().ToList();
        return new SweepSpace(
            new ChoiceParameter<string>("size", trials.Select(t => t.Configuration.Size).Distinct().ToList()),
            new ChoiceParameter<Placement>("placement", annotations.Select(a => a.Placement).Distinct().ToList()),
            new ChoiceParameter<int>("sentences", annotations.Select(a => a.SentencesPerChunk).Distinct().ToList()),
            new ChoiceParameter<int>("k", annotations.Select(a => a.K).Distinct().ToList()));
    }
}
