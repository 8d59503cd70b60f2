namespace Microsoft.ML.SemanticContext;

/// <summary>Where a <c>&lt;cluster_i&gt;</c> token goes relative to its chunk.</summary>
public enum Placement
{
    /// <summary>Before the chunk: the token is a plan for what follows.</summary>
    Prepend,

    /// <summary>After the chunk: the token summarises what came before.</summary>
    Postpend,
}
