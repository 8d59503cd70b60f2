using System.Runtime.CompilerServices;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Clustering;

/// <summary>Registers the cluster-token stage so saved models load in a fresh process.</summary>
static class ClusteringRegistration
{
    // The registry is explicit by design (DESIGN §2): the module initializer runs when a saved model names this assembly.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() =>
        ComponentRegistry.Stages.Register(ClusterTokenTransformer.TypeId, ClusterTokenTransformer.Version, ClusterTokenTransformer.Load);
}
