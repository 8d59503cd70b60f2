using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// The causal-language-model trainer (<c>ml.Trainers.CausalLm(...)</c>): tokenizes a text column (cluster tokens
/// found in it become vocabulary entries and embedding rows), trains or fine-tunes a GPT-Neo model, and returns a
/// <see cref="CausalLmTransformer"/> that generates, scores perplexity and saves into the model .zip.
/// </summary>
public sealed class CausalLmTrainer : IEstimator<CausalLmTransformer>
{
    internal const string ComponentName = "CausalLm";

    readonly MLContext context;
    readonly CausalLmTrainerOptions options;

    public CausalLmTrainer(MLContext context, CausalLmTrainerOptions options)
    {
        options.Training.Validated();
        options.Sampling.Validated();
        if (options.VocabularySize < 257)
            throw new ArgumentOutOfRangeException(nameof(options), $"{ComponentName}: VocabularySize must be at least 257 (256 bytes + end-of-text), but it is {options.VocabularySize}.");
        this.context = context;
        this.options = options;
    }

    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        inputSchema.RequireColumn(options.ResolveTextColumn(inputSchema), ColumnType.Text, ComponentName);
        return inputSchema;
    }

    public CausalLmTransformer Fit(IDataView input) => Fit(input, validation: null);

    /// <summary>Trains on <paramref name="input"/>; <paramref name="validation"/> (same column) drives early stopping and best-weights selection.</summary>
    public CausalLmTransformer Fit(IDataView input, IDataView? validation)
    {
        GetOutputSchema(input.Schema);
        string column = options.ResolveTextColumn(input.Schema);
        var texts = input.GetColumn<string>(column).ToList();
        var validationTexts = validation?.GetColumn<string>(options.ResolveTextColumn(validation.Schema)).ToList();
        if (texts.Count == 0) throw new ArgumentException($"{ComponentName}: column '{column}' has no rows to train on.");
        int seed = options.Seed ?? context.DeriveSeed("causal-lm");

        var (model, tokenizer, origin) = StartingPoint(texts, seed);
        int clusters = ClusterTokens.CountIn(texts);
        ClusterTokens.AddTo(tokenizer, clusters);
        if (tokenizer.VocabularySize > model.Config.VocabularySize) model = model.WithVocabularySize(tokenizer.VocabularySize);
        context.WriteLog($"causal LM: {origin}; {model.Config.ParameterCount:N0} parameters, vocabulary {tokenizer.VocabularySize:N0} "
            + $"({clusters} cluster tokens), trained on column '{column}' ({texts.Count:N0} texts)");

        var training = options.Training with { Seed = seed };
        var train = TokenSequences.FromTexts(texts.Select(tokenizer.Encode), tokenizer.EndOfTextId, training.SequenceLength);
        var held = validationTexts is null ? null : TokenSequences.FromTexts(validationTexts.Select(tokenizer.Encode), tokenizer.EndOfTextId, training.SequenceLength);
        var progress = new ForwardingProgress(options.Progress, context);
        var result = new GptNeoTrainer(model, training).Train(train, held, progress);
        context.WriteLog($"causal LM: {result.Steps} steps, stopped: {result.StopReason}, last loss {(result.Losses.Count > 0 ? result.Losses[^1] : float.NaN):F4}"
            + (result.BestValidationLoss is float best ? $", best validation loss {best:F4}" : ""));
        return new CausalLmTransformer(new CausalLanguageModel(model, tokenizer), Settings, result);
    }

    CausalLmGenerationSettings Settings => new(options.PromptColumnName, options.GeneratedColumnName, options.Sampling, options.KeepClusterTokens);

    (GptNeoModel Model, ByteLevelBpeTokenizer Tokenizer, string Origin) StartingPoint(List<string> texts, int seed)
    {
        if (options.BaseModelPath is { } path)
        {
            var lm = path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
                ? CausalLmTransformer.LoadFrom(context, path).LanguageModel
                : options.TokenizerPath is null ? CausalLanguageModel.Load(path)
                : new CausalLanguageModel(GptNeoCheckpoint.Import(path), ByteLevelBpeTokenizer.Load(options.TokenizerPath));
            return (lm.Model, lm.Tokenizer, $"fine-tuning '{path}'");
        }
        ByteLevelBpeTokenizer tokenizer;
        string tokenizerOrigin;
        if (options.TokenizerPath is { } tokenizerPath)
        {
            tokenizer = ByteLevelBpeTokenizer.Load(tokenizerPath);
            tokenizerOrigin = $"tokenizer '{tokenizerPath}'";
        }
        else
        {
            // Plan tokens are special, so they are cut out before merges are learned and never split.
            int clusters = ClusterTokens.CountIn(texts);
            var specials = new[] { "<unk>" }.Concat(Enumerable.Range(0, clusters).Select(ClusterTokens.Name));
            tokenizer = ByteLevelBpeTokenizer.Train(texts, options.VocabularySize, specials);
            tokenizerOrigin = $"byte-level BPE of {tokenizer.VocabularySize:N0} tokens trained on the data";
        }
        var shape = (options.ModelConfig ?? GptNeoConfig.FromPreset(options.Preset)) with { VocabularySize = tokenizer.VocabularySize };
        return (GptNeoModel.CreateRandom(shape.Validated(), seed), tokenizer, $"new {options.ModelConfig?.HiddenSize.ToString() ?? options.Preset} model from scratch, {tokenizerOrigin}");
    }

    /// <summary>Passes training reports to the caller's progress and to the context's, as generic progress events.</summary>
    sealed class ForwardingProgress(IProgress<TrainingProgress>? inner, MLContext context) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            inner?.Report(value);
            context.ReportProgress("train", value.Step, value.TotalSteps,
                $"loss {value.Loss:F3}{(value.ValidationLoss is float v ? $" val {v:F3}" : "")} {value.TokensPerSecond:N0} tok/s");
        }
    }
}
