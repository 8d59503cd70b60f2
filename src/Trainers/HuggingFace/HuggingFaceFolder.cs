using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// A language model as a Hugging Face folder that <c>from_pretrained</c> loads as it is: config.json (with the
/// tokenizer's bos/eos/pad ids), model.safetensors (metadata format "pt"), the tokenizer's Hugging Face files (plan
/// tokens as added special tokens) and, for a trained model, a model card (README.md). Reading accepts what users have:
/// model.safetensors or sharded weights with their index, tokenizer.json or the slow tokenizer's files.
/// </summary>
static class HuggingFaceFolder
{
    public const string ModelCardFileName = "README.md";

    /// <summary>
    /// Writes the folder in a temporary sibling and renames it into place, so a failed export leaves nothing half
    /// written. <paramref name="directory"/> must not exist or be empty: files of another model would mix with these.
    /// </summary>
    public static void Write(CausalLanguageModel lm, string directory, string? modelCard) =>
        AtomicFolder.Write(directory, "the export folder", temporary =>
        {
            GptNeoCheckpoint.Export(lm.Model, temporary, HuggingFaceTokenIds.Of(lm.Tokenizer));
            lm.Tokenizer.SaveHuggingFace(temporary, modelMaxLength: lm.Model.Config.MaxPositions);
            if (modelCard is not null) AtomicFile.WriteAllText(Path.Combine(temporary, ModelCardFileName), modelCard);
        });

    /// <summary>Reads a folder: the GPT-Neo weights and its tokenizer, checked against each other (see <see cref="ReadTokenizer"/>).</summary>
    public static CausalLanguageModel Read(string directory)
    {
        var model = GptNeoCheckpoint.Import(directory);
        return new CausalLanguageModel(model, ReadTokenizer(directory));
    }

    /// <summary>
    /// Reads a folder's tokenizer checked against its config.json. eos_token_id must be the tokenizer's end of text,
    /// where generation here stops and stories are separated (a Hugging Face user of the folder would otherwise stop
    /// elsewhere); bos and pad ids must be inside the vocabulary.
    /// </summary>
    public static ByteLevelBpeTokenizer ReadTokenizer(string directory)
    {
        var tokenizer = ByteLevelBpeTokenizer.Load(directory);
        var configPath = Path.Combine(directory, GptNeoCheckpoint.ConfigFileName);
        int V = GptNeoConfigJson.Read(configPath).VocabularySize;
        var (bos, eos, pad) = GptNeoConfigJson.ReadTokenIds(File.ReadAllText(configPath), configPath);
        if (eos.Count > 0 && !eos.Contains(tokenizer.EndOfTextId))
            throw new InvalidDataException(
                $"{configPath}: eos_token_id {string.Join(", ", eos)} is not the tokenizer's end of text ({ByteLevelBpeTokenizer.EndOfTextToken} = {tokenizer.EndOfTextId}), "
                + $"where this library ends stories and stops generating; set eos_token_id to {tokenizer.EndOfTextId}.");
        foreach (var (key, id) in bos.Select(id => ("bos_token_id", id)).Concat(pad is int p ? [("pad_token_id", p)] : []))
            if ((uint)id >= (uint)V)
                throw new InvalidDataException($"{configPath}: {key} {id} is outside the vocabulary of {V} ids.");
        return tokenizer;
    }
}
