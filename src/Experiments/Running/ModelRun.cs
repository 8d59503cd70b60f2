using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>One generated continuation: which prompt, which sample, its sampling seed and the raw text (plan tokens kept).</summary>
public sealed record Completion(int PromptIndex, int SampleIndex, int Seed, string Prompt, string Generated);

/// <summary>A trained model's outputs: its loss curve, completions of every prompt and held-out perplexity.</summary>
public sealed record ModelOutcome(string Name, TrainingResult Training, IReadOnlyList<Completion> Completions, PerplexityResult Perplexity);

/// <summary>
/// Trains one model of the experiment (vanilla or cluster-token) from the shared initial weights, then generates
/// from every prompt and scores held-out perplexity. Each step is a resumable stage of the experiment folder:
/// training resumes from its last checkpoint, finished steps are read back.
/// </summary>
public sealed class ModelRun(ExperimentDirectory dir, ExperimentOptions options, ExperimentPreset preset)
{
    public ModelOutcome Run(string name, ByteLevelBpeTokenizer tokenizer, int baseVocabularySize, ExperimentCorpus texts,
        IReadOnlyList<string> prompts, IProgress<ProgressEvent>? progress, Action<string> log)
    {
        string folder = dir.PathOf("models", name);
        Directory.CreateDirectory(folder);
        var training = Train(name, folder, tokenizer, baseVocabularySize, texts, progress, log);
        var lm = CausalLanguageModel.Load(Path.Combine(folder, "model"));
        var completions = Generate(name, folder, lm, prompts, progress);
        var perplexity = Score(name, folder, lm, texts.HeldOut, log);
        return new ModelOutcome(name, training, completions, perplexity);
    }

    TrainingResult Train(string name, string folder, ByteLevelBpeTokenizer tokenizer, int baseVocabularySize, ExperimentCorpus texts,
        IProgress<ProgressEvent>? progress, Action<string> log)
    {
        string stage = $"train-{name}", resultPath = Path.Combine(folder, "training.json");
        if (dir.IsDone(stage)) return ReadJson<TrainingResult>(resultPath);

        // Every model starts from the same weights: drawn for the base vocabulary, cluster-token rows added as the mean row.
        var model = GptNeoModel.CreateRandom(preset.Model(baseVocabularySize), options.Seed);
        if (tokenizer.VocabularySize > baseVocabularySize) model = model.WithVocabularySize(tokenizer.VocabularySize);
        var trainingOptions = preset.Training with
        {
            Seed = options.Seed,
            MaxSteps = options.MaxSteps ?? preset.Training.MaxSteps,
            CheckpointDirectory = Path.Combine(folder, "checkpoint"),
            Resume = true,
        };
        int T = trainingOptions.SequenceLength;
        var train = TokenSequences.FromTexts(texts.Train.Select(tokenizer.Encode), tokenizer.EndOfTextId, T);
        var validation = TokenSequences.FromTexts(texts.Validation.Select(tokenizer.Encode), tokenizer.EndOfTextId, T);
        log($"train {name}: {model.Config.ParameterCount:N0} parameters, {train.TokenCount:N0} training tokens, vocabulary {tokenizer.VocabularySize:N0}");
        var bar = new ActionProgress<TrainingProgress>(p => progress?.Report(new ProgressEvent($"train {name}", p.Step, p.TotalSteps,
            $"loss {p.Loss:F3}{(p.ValidationLoss is float v ? $" val {v:F3}" : "")} {p.TokensPerSecond:N0} tok/s")));
        var result = new GptNeoTrainer(model, trainingOptions).Train(train, validation, bar);
        log($"train {name}: {result.Steps} steps, stopped: {result.StopReason}, best validation loss {result.BestValidationLoss:F4}");
        new CausalLanguageModel(model, tokenizer).Save(Path.Combine(folder, "model"));
        WriteJson(resultPath, result);
        dir.MarkDone(stage, new() { ["steps"] = result.Steps, ["bestValidationLoss"] = result.BestValidationLoss });
        return result;
    }

    List<Completion> Generate(string name, string folder, CausalLanguageModel lm, IReadOnlyList<string> prompts, IProgress<ProgressEvent>? progress)
    {
        string stage = $"generate-{name}", path = Path.Combine(folder, "completions.json");
        if (dir.IsDone(stage)) return ReadJson<List<Completion>>(path);
        var completions = new List<Completion>();
        for (int i = 0; i < prompts.Count; i++)
        {
            // Prompt i uses the same sampling seed for every model, so models differ only in what they learned.
            int seed = options.Seed * 100_003 + i;
            var sampling = new SamplingOptions { MaxNewTokens = options.MaxNewTokens, Temperature = options.Temperature, TopP = options.TopP, Seed = seed };
            var outputs = lm.Generate(prompts[i], options.CompletionsPerPrompt, sampling, keepClusterTokens: true);
            completions.AddRange(outputs.Select((g, j) => new Completion(i, j, seed, prompts[i], g.Continuation)));
            progress?.Report(new ProgressEvent($"generate {name}", i + 1, prompts.Count, $"{completions.Count} completions"));
        }
        WriteJson(path, completions);
        dir.MarkDone(stage, new() { ["completions"] = completions.Count });
        return completions;
    }

    PerplexityResult Score(string name, string folder, CausalLanguageModel lm, IReadOnlyList<string> heldOut, Action<string> log)
    {
        string stage = $"perplexity-{name}", path = Path.Combine(folder, "perplexity.json");
        if (dir.IsDone(stage)) return ReadJson<PerplexityResult>(path);
        var result = lm.Perplexity(heldOut);
        log($"perplexity {name}: {result}");
        WriteJson(path, result);
        dir.MarkDone(stage, new JsonObject { ["perplexity"] = result.Perplexity });
        return result;
    }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, IncludeFields = true };

    static void WriteJson<T>(string path, T value) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, Json));

    static T ReadJson<T>(string path) => JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} is empty; delete its stage marker to recompute it.");
}

/// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, which reorders and delays updates).</summary>
sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
