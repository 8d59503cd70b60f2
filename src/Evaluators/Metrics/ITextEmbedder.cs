namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>
/// Turns a text into a vector for the prompt–continuation similarity proxy. The annotation pipeline's
/// embedder can be passed in through <see cref="DelegateTextEmbedder"/>; <see cref="TfidfTextEmbedder"/>
/// is the built-in default.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>Name shown in the report next to the similarity, so readers know which embedder produced it.</summary>
    string Name { get; }

    float[] Embed(string text);
}

/// <summary>Adapts any <c>Func&lt;string, float[]&gt;</c> (e.g. an ONNX sentence encoder) to <see cref="ITextEmbedder"/>.</summary>
public sealed class DelegateTextEmbedder(string name, Func<string, float[]> embed) : ITextEmbedder
{
    public string Name { get; } = name;

    public float[] Embed(string text) => embed(text);
}
