using System.Runtime.CompilerServices;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Clustering;

/// <summary>Registers the cluster-token stage so saved models load in a fresh process.</summary>
static class ClusteringRegistration
{
    [ModuleInitializer]
    internal static void Register() =>
        ComponentRegistry.Register<ClusterTokenTransformer>(ClusterTokenTransformer.TypeId, ClusterTokenTransformer.Version, ClusterTokenTransformer.Load);
}
