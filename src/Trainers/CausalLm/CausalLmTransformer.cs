using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Mapping;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>How a <see cref="CausalLmTransformer"/> generates when it transforms data.</summary>
public sealed record CausalLmGenerationSettings(string PromptColumnName, string GeneratedColumnName, SamplingOptions Sampling, bool KeepClusterTokens);

/// <summary>
/// A trained causal language model as a pipeline stage: <c>Transform</c> reads a prompt column and writes one
/// continuation per row (so <c>CreatePredictionEngine</c> continues a single prompt); <see cref="Generate"/> and
/// <see cref="Perplexity"/> serve direct calls. Saved in the pipeline archive as a Hugging Face checkpoint
/// (config.json, model.safetensors with GPT-Neo tensor names) plus the tokenizer's files and the training summary;
/// <see cref="ExportHuggingFace"/> writes a folder Python loads as it is, and <see cref="LoadFrom"/> opens either.
/// </summary>
public sealed class CausalLmTransformer : RowMappingTransformer
{
    public const string TypeId = "CausalLm";
    public const int Version = 1;
    const string ConfigFile = "config.json", WeightsFile = "model.safetensors", TokenizerFolder = "tokenizer/";

    public CausalLmTransformer(IHostEnvironment environment, CausalLanguageModel languageModel, CausalLmGenerationSettings settings,
        TrainingResult? training = null, CausalLmTrainingSummary? trainingSummary = null)
        : base(environment, CausalLmTrainer.ComponentName)
    {
        ArgumentNullException.ThrowIfNull(languageModel);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Sampling.Validated();
        LanguageModel = languageModel;
        Settings = settings;
        Training = training;
        TrainingSummary = trainingSummary;
        Columns = ColumnsOf(settings);
    }

    public CausalLanguageModel LanguageModel { get; }

    public CausalLmGenerationSettings Settings { get; }

    /// <summary>The run that produced this model (null when loaded from a file).</summary>
    public TrainingResult? Training { get; }

    /// <summary>What the model was trained on and how (saved with it; null for a model not trained by this library).</summary>
    public CausalLmTrainingSummary? TrainingSummary { get; }

    public override StageColumns Columns { get; }

    internal static StageColumns ColumnsOf(CausalLmGenerationSettings settings) => new(CausalLmTrainer.ComponentName,
        [new(settings.PromptColumnName, StoryColumnKind.Text)], [new(settings.GeneratedColumnName, StoryColumnKind.Text)]);

    /// <summary>Generation is parallel inside (the kernels) and the model's buffers are shared, so rows take turns.</summary>
    protected override bool MapsRowsInParallel => false;

    protected override void MapRow(object[] inputs, object[] outputs, long row)
    {
        // Row i samples with seed Sampling.Seed + i: a row's continuation does not depend on the rows before it.
        var sampling = Settings.Sampling with { Seed = unchecked(Settings.Sampling.Seed + (int)row) };
        outputs[0] = LanguageModel.Generate((string)inputs[0], 1, sampling, Settings.KeepClusterTokens)[0].Continuation;
    }

    /// <summary>
    /// <paramref name="count"/> continuations of <paramref name="prompt"/> in one batch, with <see cref="Settings"/>'
    /// sampling and plan-token choice unless given, on the context's threads and backend.
    /// </summary>
    public IReadOnlyList<GeneratedText> Generate(string prompt, int count = 1, SamplingOptions? sampling = null, bool? keepClusterTokens = null)
    {
        using var compute = Host.EnterCompute();
        return LanguageModel.Generate(prompt, count, sampling ?? Settings.Sampling, keepClusterTokens ?? Settings.KeepClusterTokens);
    }

    /// <summary>
    /// Perplexity of a text column (default: the prompt column) per plain-text token; a model with plan tokens pays for
    /// them (see <see cref="CausalLanguageModel.Perplexity"/>). The first figure is the one to report.
    /// </summary>
    public IReadOnlyList<PerplexityResult> Perplexity(IDataView data, string? columnName = null)
    {
        var texts = StoryRows.Texts(data, columnName ?? Settings.PromptColumnName);
        using var compute = Host.EnterCompute();
        return LanguageModel.Perplexity(texts);
    }

    public override void Save(StageWriter writer)
    {
        writer.Options["promptColumnName"] = Settings.PromptColumnName;
        writer.Options["generatedColumnName"] = Settings.GeneratedColumnName;
        writer.Options["sampling"] = JsonSerializer.SerializeToNode(Settings.Sampling, ModelJson.Options);
        writer.Options["keepClusterTokens"] = Settings.KeepClusterTokens;
        if (TrainingSummary is not null) writer.Options["trainingSummary"] = JsonSerializer.SerializeToNode(TrainingSummary, ModelJson.Options);
        writer.WriteText(ConfigFile, GptNeoConfigJson.ToJson(LanguageModel.Model.Config, HuggingFaceTokenIds.Of(LanguageModel.Tokenizer)));
        writer.WriteTensors(WeightsFile, GptNeoCheckpoint.ToTensors(LanguageModel.Model), GptNeoCheckpoint.PyTorchFormat);
        var names = new JsonArray();
        foreach (var (name, content) in TokenizerFiles.Of(LanguageModel.Tokenizer))
        {
            writer.WriteBytes(TokenizerFolder + name, content);
            names.Add(name);
        }
        writer.Options["tokenizerFiles"] = names;
    }

    public static CausalLmTransformer Load(StageReader reader)
    {
        string Source(string file) => $"{reader.Source}:{reader.Folder}/{file}";
        var config = GptNeoConfigJson.Parse(reader.ReadText(ConfigFile), Source(ConfigFile));
        var model = GptNeoCheckpoint.FromTensors(config, reader.ReadTensors(WeightsFile, SafeTensors.MaxFileBytes(config.ParameterCount)).Values, Source(WeightsFile));
        var tokenizer = TokenizerFiles.Load(reader.GetOption<string[]>("tokenizerFiles"), name => reader.Open(TokenizerFolder + name),
            Source(TokenizerFolder.TrimEnd('/')));
        var settings = new CausalLmGenerationSettings(
            reader.GetOption<string>("promptColumnName"), reader.GetOption<string>("generatedColumnName"),
            reader.GetOption<SamplingOptions>("sampling"), reader.GetOption<bool>("keepClusterTokens"));
        var summary = reader.Options.ContainsKey("trainingSummary") ? reader.GetOption<CausalLmTrainingSummary>("trainingSummary") : null;
        return new CausalLmTransformer(reader.Environment, new CausalLanguageModel(model, tokenizer), settings, trainingSummary: summary);
    }

    /// <summary>
    /// Writes a Hugging Face folder that <c>from_pretrained</c> loads as it is: config.json (with bos/eos/pad ids),
    /// model.safetensors, the tokenizer files with the plan tokens as added special tokens, and a model card (README.md)
    /// naming the training data, the steps and whether the model writes plan tokens. <paramref name="directory"/> must
    /// be new or empty; it is written in a temporary sibling and renamed into place.
    /// </summary>
    public void ExportHuggingFace(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        HuggingFaceFolder.Write(LanguageModel, directory, ModelCard.Write(LanguageModel, TrainingSummary, name));
    }

    /// <summary>
    /// Opens a causal language model bound to <paramref name="context"/> from either place one lives: a model .zip
    /// written by <c>ml.Model.SemanticContext.Save</c> (its causal-LM stage, alone or the last of a pipeline), or a
    /// Hugging Face GPT-Neo folder (config.json, model.safetensors or shards with their index, tokenizer files), which
    /// gets the default column names and sampling.
    /// </summary>
    public static CausalLmTransformer LoadFrom(MLContext context, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
            return new CausalLmTransformer(context, CausalLanguageModel.Load(path),
                new CausalLmGenerationSettings(ColumnNames.Text, CausalLmDefaults.GeneratedColumnName, new SamplingOptions(), KeepClusterTokens: false));
        var loaded = context.Model.SemanticContext.Load(path, out _);
        var stages = loaded as IEnumerable<ITransformer> ?? [loaded];
        return stages.OfType<CausalLmTransformer>().LastOrDefault()
            ?? throw new InvalidDataException($"{path}: the model has no causal language model stage (stages: {string.Join(", ", stages.Select(s => s.GetType().Name))}).");
    }
}
