using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>A continuation produced from a prompt: the text, and the token ids it was decoded from.</summary>
public sealed record GeneratedText(string Prompt, string Continuation, int[] Tokens)
{
    public string Text => Prompt + Continuation;
}

/// <summary>
/// A GPT-Neo model together with its tokenizer: the text-in, text-out face of the trainer's output. Saved as a
/// Hugging Face folder (config.json, model.safetensors, the tokenizer's Hugging Face files) that Python loads as it is.
/// Generation and scoring may be called from several threads: the model's activation buffers are shared, so calls
/// take turns.
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
    public IReadOnlyList<GeneratedText> Generate(string prompt, int count, SamplingOptions options, bool keepClusterTokens = false)
    {
        var ids = new List<int> { Tokenizer.EndOfTextId };
        ids.AddRange(Tokenizer.Encode(prompt));
        int[][] outputs;
        lock (_gate) outputs = GptNeoGenerator.Generate(Model, ids.ToArray(), count, options with { StopToken = options.StopToken ?? Tokenizer.EndOfTextId });
        string shownPrompt = keepClusterTokens ? prompt : ClusterTokens.Strip(prompt);
        return outputs.Select(tokens =>
        {
            var visible = tokens.Where(t => t != Tokenizer.EndOfTextId).ToArray();
            string text = Tokenizer.Decode(visible);
            return new GeneratedText(shownPrompt, keepClusterTokens ? text : ClusterTokens.Strip(text), tokens);
        }).ToList();
    }

    /// <summary>Perplexity of <paramref name="texts"/>, with cluster tokens read as context but not counted.</summary>
    public PerplexityResult Perplexity(IEnumerable<string> texts, int batchSize = 8)
    {
        var encoded = texts.Select(Tokenizer.Encode).ToList();
        lock (_gate) return Trainers.Perplexity.Compute(Model, encoded, Tokenizer.EndOfTextId, PlanTokenVocabulary.IdsIn(Tokenizer), batchSize);
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
}
