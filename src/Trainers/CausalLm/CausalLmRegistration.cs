using System.Runtime.CompilerServices;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>Registers the causal-LM stage so saved pipelines load in a fresh process.</summary>
static class CausalLmRegistration
{
    [ModuleInitializer]
    internal static void Register() =>
        ComponentRegistry.Stages.Register(CausalLmTransformer.TypeId, CausalLmTransformer.Version, CausalLmTransformer.Load);
}
