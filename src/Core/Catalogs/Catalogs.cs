namespace Microsoft.ML.SemanticContext;

/// <summary>Base of every catalog: extension methods reach the context through it.</summary>
public abstract class CatalogBase
{
    protected CatalogBase(MLContext context) => Context = context;

    public MLContext Context { get; }
}

/// <summary><c>ml.Transforms</c>; the semantic-context stages live in <see cref="SemanticContext"/>.</summary>
public sealed class TransformsCatalog : CatalogBase
{
    internal TransformsCatalog(MLContext context) : base(context) => SemanticContext = new SemanticContextTransforms(context);

    /// <summary><c>ml.Transforms.SemanticContext.SegmentSentences(...)</c> and the other stages (extension methods).</summary>
    public SemanticContextTransforms SemanticContext { get; }
}

/// <summary>The sub-catalog the annotation stages extend.</summary>
public sealed class SemanticContextTransforms : CatalogBase
{
    internal SemanticContextTransforms(MLContext context) : base(context) { }
}

/// <summary><c>ml.Trainers</c>: the causal language model trainer extends it.</summary>
public sealed class TrainersCatalog : CatalogBase
{
    internal TrainersCatalog(MLContext context) : base(context) { }
}

/// <summary><c>ml.Evaluators</c>: the LLM judge and the offline metrics extend it.</summary>
public sealed class EvaluatorsCatalog : CatalogBase
{
    internal EvaluatorsCatalog(MLContext context) : base(context) { }
}
