using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// A GPT-Neo model together with its tokenizer: the text-in, text-out face of the trainer's output. Saved as a
/// Hugging Face folder (config.json, model.safetensors, the tokenizer's Hugging Face files) that Python loads as it is.
/// Generation and scoring may be called from several threads: each call sizes its own inference buffers for its batch,
/// and calls take turns, so that concurrent calls do not multiply the memory.
/// </summary>
public sealed class CausalLanguageModel
{
    readonly Lock _gate = new();

    public CausalLanguageModel(GptNeoModel model, ByteLevelBpeTokenizer tokenizer)
    {
        if (tokenizer.VocabularySize > model.Config.VocabularySize)
            throw new InvalidInputException($"The tokenizer has {tokenizer.VocabularySize} tokens but the model's embedding only {model.Config.VocabularySize}; extend the model with WithVocabularySize first.");
        Model = model;
        Tokenizer = tokenizer;
    }

    public GptNeoModel Model { get; }
    public ByteLevelBpeTokenizer Tokenizer { get; }

    /// <summary>
    /// Generates <paramref name="count"/> continuations of <paramref name="prompt"/> in one batch. The prompt is read
    /// after an end-of-text token (where stories begin in training); generation stops at end-of-text. With
    /// <paramref name="keepClusterTokens"/> false, plan tokens are removed from prompt and continuation.
    /// </summary>
    public IReadOnlyList<GeneratedText> Generate(string prompt, int count, SamplingOptions options, bool keepClusterTokens = false) =>
        TextGeneration.Generate(Tokenizer, prompt, options, keepClusterTokens, (ids, sampling) =>
        {
            lock (_gate) return GptNeoGenerator.Generate(Model, ids, count, sampling);
        });

    /// <summary>
    /// Held-out perplexity of <paramref name="texts"/> per plain-text token (<see cref="Trainers.Perplexity"/>). A model
    /// without plan tokens reads the texts with any plan tokens removed: one figure. A model with plan tokens, on texts
    /// that carry them where the annotator put them: the best plan and its own greedy plan (both counted) and, as a
    /// diagnostic, the oracle plan; on plain texts: one figure, the model writing no plans.
    /// </summary>
    public IReadOnlyList<PerplexityResult> Perplexity(IEnumerable<string> texts, int batchSize = 8)
    {
        var planIds = PlanTokenVocabulary.IdsIn(Tokenizer);
        var encoded = texts.Select(t => Tokenizer.Encode(planIds.Count == 0 ? ClusterTokens.Strip(t) : t)).ToList();
        bool planned = planIds.Count > 0 && encoded.Any(ids => ids.Any(planIds.Contains));
        lock (_gate)
            return planned
                ? Trainers.Perplexity.ComputeWithPlans(Model, encoded, Tokenizer.EndOfTextId, planIds, batchSize)
                : [Trainers.Perplexity.Compute(Model, encoded, Tokenizer.EndOfTextId, batchSize)];
    }

    /// <summary>
    /// Loss of <paramref name="texts"/> read as written, per plain-text token: a model with plan tokens, on texts that
    /// carry the annotator's, pays for those plans (<see cref="PlanCharge.AnnotatorPlan"/>, an upper bound on
    /// −log p(text) that needs no plan search); a model without reads them with plan tokens removed.
    /// </summary>
    public PerplexityResult PerplexityAsWritten(IEnumerable<string> texts, int batchSize = 8)
    {
        var planIds = PlanTokenVocabulary.IdsIn(Tokenizer);
        var encoded = texts.Select(t => Tokenizer.Encode(planIds.Count == 0 ? ClusterTokens.Strip(t) : t)).ToList();
        lock (_gate)
            return planIds.Count == 0
                ? Trainers.Perplexity.Compute(Model, encoded, Tokenizer.EndOfTextId, batchSize)
                : Trainers.Perplexity.ComputeWithAnnotatorPlan(Model, encoded, Tokenizer.EndOfTextId, planIds, batchSize);
    }

    /// <summary>
    /// Writes a Hugging Face folder (config.json with bos/eos/pad ids, model.safetensors, tokenizer.json,
    /// tokenizer_config.json, special_tokens_map.json, vocab.json, merges.txt); the folder must be new or empty.
    /// </summary>
    public void Save(string directory) => HuggingFaceFolder.Write(this, directory, modelCard: null);

    /// <summary>
    /// Reads a Hugging Face GPT-Neo folder: model.safetensors or sharded weights with their index, and a tokenizer
    /// (tokenizer.json, or vocab.json + merges.txt with added tokens); config.json's eos_token_id must be the
    /// tokenizer's end of text.
    /// </summary>
    public static CausalLanguageModel Load(string directory) => HuggingFaceFolder.Read(directory);

    /// <summary>
    /// Reads only the tokenizer of a Hugging Face folder, checked against its config.json as <see cref="Load"/> checks
    /// it: for a folder whose weights are not safetensors, such as an ONNX export.
    /// </summary>
    public static ByteLevelBpeTokenizer LoadTokenizer(string directory) => HuggingFaceFolder.ReadTokenizer(directory);
}
