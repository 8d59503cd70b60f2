using System.Runtime.CompilerServices;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// The <see cref="IHostEnvironment"/> behind ML.NET's catalogs. ML.NET keeps it private (each catalog implements the
/// internal <c>IInternalCatalog</c>, and <c>CatalogUtils.GetEnvironment</c> is internal), yet a stage created from
/// <c>ml.Transforms.SemanticContext</c> needs its context's seed, log and settings exactly as ML.NET's own stages get
/// them. The field is read with an <see cref="UnsafeAccessorAttribute"/> (checked at run time by the tests against the
/// pinned Microsoft.ML version); if a future ML.NET renames it, the error says so instead of failing obscurely.
/// </summary>
static class CatalogEnvironment
{
    public static IHostEnvironment Of(TransformsCatalog catalog) => Read(() => TransformsEnvironment(catalog), nameof(TransformsCatalog));

    public static IHostEnvironment Of(ModelOperationsCatalog catalog) => Read(() => ModelEnvironment(catalog), nameof(ModelOperationsCatalog));

    public static IHostEnvironment Of(DataOperationsCatalog catalog) => Read(() => DataEnvironment(catalog), nameof(DataOperationsCatalog));

    /// <summary>The environment that the context's catalogs share: the key of the context's own settings.</summary>
    public static IHostEnvironment Of(MLContext context) => Of(context.Transforms);

    static IHostEnvironment Read(Func<IHostEnvironment> read, string catalog)
    {
        try
        {
            return read() ?? throw new InvalidOperationException($"ML.NET's {catalog} has no environment.");
        }
        catch (MissingFieldException e)
        {
            throw new InvalidOperationException(
                $"This build of Microsoft.ML keeps the environment of its {catalog} under another name, so the semantic-context " +
                "stages cannot reach their MLContext. Use the Microsoft.ML version this library was built against.", e);
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_env")]
    static extern ref IHostEnvironment TransformsEnvironment(TransformsCatalog catalog);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_env")]
    static extern ref IHostEnvironment ModelEnvironment(ModelOperationsCatalog catalog);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_env")]
    static extern ref IHostEnvironment DataEnvironment(DataOperationsCatalog catalog);
}
