namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>Opens a language model from either form the commands accept: a model .zip or a Hugging Face style folder.</summary>
public static class CausalLmModelFiles
{
    public static CausalLanguageModel Load(MLContext context, string path)
    {
        if (Directory.Exists(path)) return CausalLanguageModel.Load(path);
        if (File.Exists(path)) return CausalLmTransformer.LoadFrom(context, path).LanguageModel;
        throw new FileNotFoundException($"Model '{path}' does not exist (expected a model .zip or a folder with config.json, model.safetensors and tokenizer files).", path);
    }
}
