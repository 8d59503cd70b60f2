using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>How a <see cref="CausalLmTransformer"/> generates when it transforms data.</summary>
public sealed record CausalLmGenerationSettings(string PromptColumnName, string GeneratedColumnName, SamplingOptions Sampling, bool KeepClusterTokens);

/// <summary>
/// A trained causal language model as a pipeline stage: <c>Transform</c> reads a prompt column and writes one
/// continuation per row; <see cref="Generate"/> and <see cref="Perplexity"/> serve direct calls. Saved in the model
/// .zip as a Hugging Face checkpoint (config.json, model.safetensors) plus the tokenizer's files.
/// </summary>
public sealed class CausalLmTransformer : ITransformer
{
    public const string TypeId = "CausalLm";
    public const int Version = 1;
    const string ConfigFile = "config.json", WeightsFile = "model.safetensors";

    public CausalLmTransformer(CausalLanguageModel languageModel, CausalLmGenerationSettings settings, TrainingResult? training = null)
    {
        LanguageModel = languageModel;
        Settings = settings;
        Training = training;
    }

    public CausalLanguageModel LanguageModel { get; }
    public CausalLmGenerationSettings Settings { get; }

    /// <summary>The run that produced this model (null when loaded from a file).</summary>
    public TrainingResult? Training { get; }

    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        inputSchema.RequireColumn(Settings.PromptColumnName, ColumnType.Text, CausalLmTrainer.ComponentName);
        return inputSchema.With(new SchemaColumn(Settings.GeneratedColumnName, ColumnType.Text));
    }

    /// <summary>Lazily generates one continuation per row, one row at a time (the model is not shared across threads).</summary>
    public IDataView Transform(IDataView input)
    {
        var schema = GetOutputSchema(input.Schema);
        return new StreamingDataView(schema, () => input.GetRows().Select(row =>
        {
            var sampling = Settings.Sampling with { Seed = unchecked(Settings.Sampling.Seed + (int)row.Index) };
            var generated = LanguageModel.Generate(row.Get<string>(Settings.PromptColumnName), 1, sampling, Settings.KeepClusterTokens)[0];
            return row.With(Settings.GeneratedColumnName, generated.Continuation);
        }), input.RowCount);
    }

    public IReadOnlyList<GeneratedText> Generate(string prompt, int count = 1, SamplingOptions? sampling = null, bool? keepClusterTokens = null) =>
        LanguageModel.Generate(prompt, count, sampling ?? Settings.Sampling, keepClusterTokens ?? Settings.KeepClusterTokens);

    /// <summary>Perplexity of a text column (cluster tokens read as context, not counted).</summary>
    public PerplexityResult Perplexity(IDataView data, string column = ColumnNames.Text) => LanguageModel.Perplexity(data.GetColumn<string>(column));

    public void Save(string path) => ModelArchive.Save(this, path);

    public void Save(ModelSaveContext context)
    {
        context.Options["promptColumnName"] = Settings.PromptColumnName;
        context.Options["generatedColumnName"] = Settings.GeneratedColumnName;
        context.Options["sampling"] = JsonSerializer.SerializeToNode(Settings.Sampling, ModelJson.Options);
        context.Options["keepClusterTokens"] = Settings.KeepClusterTokens;
        context.WriteText(ConfigFile, GptNeoConfigJson.ToJson(LanguageModel.Model.Config));
        context.WriteTensors(WeightsFile, GptNeoCheckpoint.ToTensors(LanguageModel.Model), new Dictionary<string, string> { ["format"] = "pt" });
        // The tokenizer writes a folder of files; they go into the stage folder under their own names.
        var temp = Directory.CreateTempSubdirectory("sctok-tokenizer-");
        try
        {
            LanguageModel.Tokenizer.Save(temp.FullName);
            var names = new JsonArray();
            foreach (var file in temp.GetFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                context.WriteBytes("tokenizer/" + file.Name, File.ReadAllBytes(file.FullName));
                names.Add(file.Name);
            }
            context.Options["tokenizerFiles"] = names;
        }
        finally { temp.Delete(recursive: true); }
    }

    public static CausalLmTransformer Load(ModelLoadContext context)
    {
        var config = GptNeoConfigJson.Parse(context.ReadText(ConfigFile), $"{context.Source}:{context.Folder}/{ConfigFile}");
        var model = GptNeoCheckpoint.FromTensors(config, context.ReadTensors(WeightsFile).Values, $"{context.Source}:{context.Folder}/{WeightsFile}");
        var temp = Directory.CreateTempSubdirectory("sctok-tokenizer-");
        ByteLevelBpeTokenizer tokenizer;
        try
        {
            foreach (var name in context.GetOption<string[]>("tokenizerFiles"))
            {
                using var source = context.Open("tokenizer/" + name);
                using var target = File.Create(Path.Combine(temp.FullName, Path.GetFileName(name)));
                source.CopyTo(target);
            }
            tokenizer = ByteLevelBpeTokenizer.Load(temp.FullName);
        }
        finally { temp.Delete(recursive: true); }
        var settings = new CausalLmGenerationSettings(
            context.GetOption<string>("promptColumnName"), context.GetOption<string>("generatedColumnName"),
            context.GetOption<SamplingOptions>("sampling"), context.GetOption<bool>("keepClusterTokens"));
        return new CausalLmTransformer(new CausalLanguageModel(model, tokenizer), settings);
    }

    /// <summary>The causal-LM stage of a saved model .zip (alone or the last such stage of a pipeline).</summary>
    public static CausalLmTransformer LoadFrom(MLContext context, string path)
    {
        var loaded = ModelArchive.Load(context, path);
        var stages = loaded is IStagedTransformer staged ? staged.Stages : [loaded];
        return stages.OfType<CausalLmTransformer>().LastOrDefault()
            ?? throw new InvalidDataException($"{path}: the model has no causal language model stage (stages: {string.Join(", ", stages.Select(s => s.GetType().Name))}).");
    }
}
