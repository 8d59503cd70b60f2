using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Where a training run starts: the model and tokenizer before the first step, with the plan tokens found in the data
/// added to the tokenizer and to the token embedding. A new model's weights are drawn (seeded) for the tokenizer's
/// vocabulary WITHOUT plan tokens, and each plan token then gets the mean embedding row, as when a base model is
/// extended; so one seed and one base tokenizer give identical starting weights whatever the number of plan tokens,
/// and a vanilla model and a cluster-token model differ only in what they learn.
/// </summary>
/// <param name="PlanTokens">Plan tokens added: one more than the largest cluster id in the training and validation text.</param>
/// <param name="Origin">What the run starts from, for the log.</param>
sealed record CausalLmStart(GptNeoModel Model, ByteLevelBpeTokenizer Tokenizer, int PlanTokens, string Origin)
{
    /// <summary>The fewest ids a trained BPE can have: 256 bytes, end-of-text and &lt;unk&gt;.</summary>
    public const int MinimumTrainedVocabulary = 258;

    /// <param name="sequenceLength">Tokens per training sequence: a base model's context must hold them.</param>
    public static CausalLmStart Resolve(CausalLmTrainerOptions options, CausalLmPreset preset, int seed, int sequenceLength,
        IReadOnlyList<string> texts, IReadOnlyList<string>? validation)
    {
        int planTokens = ClusterTokens.CountIn(validation is null ? texts : texts.Concat(validation));
        var (model, tokenizer, origin) = options.BaseModel is { } given
            ? (given.Model.Clone(), TokenizerFiles.Copy(given.Tokenizer), "fine-tuning a copy of the given base model")
            : options.BaseModelPath is { } path ? FineTuned(options, path, sequenceLength)
            : New(options, preset, seed, texts);
        PlanTokenVocabulary.AddTo(tokenizer, planTokens);
        if (tokenizer.VocabularySize > model.Config.VocabularySize) model = model.WithVocabularySize(tokenizer.VocabularySize);
        return new(model, tokenizer, planTokens, origin);
    }

    /// <summary>The base model with its own tokenizer, or (for a folder) with the tokenizer the options give.</summary>
    static (GptNeoModel, ByteLevelBpeTokenizer, string) FineTuned(CausalLmTrainerOptions options, string path, int sequenceLength)
    {
        if (GivenTokenizer(options) is { } given)
            return (CausalLmBaseModel.OpenWeights(path, given.Tokenizer, sequenceLength), given.Tokenizer, $"fine-tuning '{path}' with {given.Origin}");
        var lm = CausalLmBaseModel.Open(path, sequenceLength);
        return (lm.Model, lm.Tokenizer, $"fine-tuning '{path}'");
    }

    static (GptNeoModel, ByteLevelBpeTokenizer, string) New(CausalLmTrainerOptions options, CausalLmPreset preset, int seed, IReadOnlyList<string> texts)
    {
        var (tokenizer, tokenizerOrigin) = GivenTokenizer(options) ?? Trained(texts, options.VocabularySize ?? preset.VocabularySize);
        int baseRows = PlanTokenVocabulary.BaseSize(tokenizer);
        var shape = (options.ModelConfig ?? preset.Shape(baseRows)) with { VocabularySize = baseRows };
        string size = options.ModelConfig is null ? $"'{preset.Name}'" : $"hidden-{shape.HiddenSize}, {shape.Layers}-layer";
        return (GptNeoModel.CreateRandom(shape.Validated(), seed), tokenizer, $"new {size} model from scratch, {tokenizerOrigin}");
    }

    /// <summary>A copy of the caller's tokenizer (plan tokens are added to it), or the one in the tokenizer folder.</summary>
    static (ByteLevelBpeTokenizer Tokenizer, string Origin)? GivenTokenizer(CausalLmTrainerOptions options) =>
        options.Tokenizer is { } given ? (TokenizerFiles.Copy(given), $"the given tokenizer of {given.VocabularySize:N0} ids")
        : options.TokenizerPath is { } path ? (ByteLevelBpeTokenizer.Load(path), $"tokenizer '{path}'")
        : null;

    /// <summary>
    /// A BPE trained on the texts with their plan tokens removed, so annotated and plain copies of the same stories give
    /// the same tokenizer; the plan tokens are added on top afterwards.
    /// </summary>
    static (ByteLevelBpeTokenizer, string) Trained(IReadOnlyList<string> texts, int vocabularySize)
    {
        // <unk> is reserved beside end-of-text, as the TinyStories tokenizers do (the masker's placeholder for names).
        var tokenizer = ByteLevelBpeTokenizer.Train(texts.Select(ClusterTokens.Strip), vocabularySize, [ByteLevelBpeTokenizer.UnknownToken]);
        return (tokenizer, $"byte-level BPE of {tokenizer.VocabularySize:N0} tokens trained on the data");
    }

    public static bool IsModelArchive(string path) => path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
}
