using System.CommandLine;
using Microsoft.ML.SemanticContext.Experiments.Annotation;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary><c>--segmenter sat:DIR</c>, <c>--ner DIR</c>, <c>--embedder onnx:DIR</c>: real models for the annotation stages (annotate, experiment).</summary>
public sealed class StageModelOptions
{
    public Option<string?> Segmenter { get; } = new("--segmenter") { Description = "sat:<dir>: segment with a SaT model exported to ONNX (default: the built-in splitter)." };

    public Option<string?> Ner { get; } = new("--ner") { Description = "<dir>: find names with an NER model exported to ONNX (default: the built-in name statistics)." };

    public Option<string?> Embedder { get; } = new("--embedder") { Description = "onnx:<dir>: embed with a sentence-embedding model exported to ONNX (default: TF-IDF + SVD)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Segmenter);
        command.Options.Add(Ner);
        command.Options.Add(Embedder);
    }

    public StageModels Read(ParseResult result)
    {
        try
        {
            return StageModels.Parse(result.GetValue(Segmenter), result.GetValue(Ner), result.GetValue(Embedder));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
