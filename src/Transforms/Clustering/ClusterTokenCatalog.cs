using Microsoft.ML.SemanticContext.Transforms.Clustering;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.Transforms.SemanticContext.AssignClusterTokens(...)</c>.</summary>
public static class ClusterTokenCatalog
{
    /// <summary>
    /// Fits K-Means with <paramref name="k"/> clusters on the chunk embeddings and inserts <c>&lt;cluster_i&gt;</c>
    /// before (<see cref="Placement.Prepend"/>) or after (<see cref="Placement.Postpend"/>) every original chunk.
    /// </summary>
    public static ClusterTokenEstimator AssignClusterTokens(this SemanticContextTransforms catalog,
        int k = ClusterTokenOptions.Defaults.K, Placement placement = ClusterTokenOptions.Defaults.Placement) =>
        new(catalog.Environment, new ClusterTokenOptions { K = k, Placement = placement });

    /// <summary>The cluster-token stage with every option (restarts, tolerance, mini-batch mode, columns, seed).</summary>
    public static ClusterTokenEstimator AssignClusterTokens(this SemanticContextTransforms catalog, ClusterTokenOptions options) =>
        new(catalog.Environment, options);
}
