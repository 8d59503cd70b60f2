using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// The base model a fine-tuning run starts from (<see cref="CausalLmTrainerOptions.BaseModelPath"/>, <c>--base</c>):
/// a Hugging Face GPT-Neo folder or a model .zip, opened with its tokenizer and checked before any training starts,
/// each problem named with the path: the path must exist, a folder must hold a tokenizer (unless one is given), the
/// tokenizer must have exactly the model's vocabulary (the plan tokens take the next rows, which must be new rows, mean
/// initialised, not rows the base trained for other ids), and the model's context must hold the training sequences.
/// </summary>
public static class CausalLmBaseModel
{
    /// <summary>The base model with its own tokenizer, checked for fine-tuning on sequences of <paramref name="sequenceLength"/> tokens.</summary>
    public static CausalLanguageModel Open(string path, int sequenceLength)
    {
        RequireExists(path);
        if (Directory.Exists(path))
        {
            // The cheap files first: a folder that cannot work is refused before its weights are read.
            var tokenizer = TokenizerOf(path);
            Check(path, GptNeoConfigJson.Read(Path.Combine(path, GptNeoCheckpoint.ConfigFileName)), tokenizer.VocabularySize, sequenceLength);
            return CausalLanguageModel.Load(path);
        }
        // Only the weights and the tokenizer are wanted; a context of its own reads the archive.
        var lm = CausalLmTransformer.LoadFrom(new MLContext(), path).LanguageModel;
        Check(path, lm.Model.Config, lm.Tokenizer.VocabularySize, sequenceLength);
        return lm;
    }

    /// <summary>The weights of a Hugging Face folder, for a tokenizer given apart (<see cref="CausalLmTrainerOptions.TokenizerPath"/>), checked against it.</summary>
    public static GptNeoModel OpenWeights(string folder, ByteLevelBpeTokenizer tokenizer, int sequenceLength)
    {
        RequireExists(folder);
        var model = GptNeoCheckpoint.Import(folder);
        Check(folder, model.Config, tokenizer.VocabularySize, sequenceLength);
        return model;
    }

    static void RequireExists(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
            throw new FileNotFoundException($"The base model '{path}' does not exist: expected a Hugging Face GPT-Neo folder or a model .zip.", path);
    }

    static ByteLevelBpeTokenizer TokenizerOf(string folder)
    {
        try { return ByteLevelBpeTokenizer.Load(folder); }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException(
                $"The base model '{folder}' has no tokenizer ({e.Message}); the cluster tokens are added to the base model's own tokenizer, so its folder must hold it.", e);
        }
    }

    static void Check(string path, GptNeoConfig config, int tokenizerIds, int sequenceLength)
    {
        if (tokenizerIds != config.VocabularySize)
            throw new InvalidDataException(
                $"The base model '{path}' has {config.VocabularySize:N0} embedding rows but its tokenizer {tokenizerIds:N0} ids; they must match, "
                + "so that every id has its trained row and the cluster tokens get new rows.");
        if (config.MaxPositions < sequenceLength)
            throw new InvalidDataException(
                $"The base model '{path}' has a context of {config.MaxPositions} positions, shorter than the training sequence length {sequenceLength}; "
                + $"set the sequence length (--seq-len) to {config.MaxPositions} or less.");
    }
}
