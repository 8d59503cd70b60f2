using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Masking;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.Transforms.SemanticContext.MaskEntities(...)</c>.</summary>
public static class MaskingCatalog
{
    /// <summary>
    /// Writes a copy of the chunks in <paramref name="inputColumn"/> to <paramref name="outputColumn"/> with person
    /// names and gendered pronouns replaced by <c>&lt;unk&gt;</c>; <paramref name="namesFile"/> optionally lists first names.
    /// </summary>
    public static EntityMaskEstimator MaskEntities(this SemanticContextTransforms catalog,
        string inputColumn = ColumnNames.Segments,
        string outputColumn = ColumnNames.MaskedSegments,
        string? namesFile = null) =>
        new(catalog.Environment, new EntityMaskOptions { InputColumn = inputColumn, OutputColumn = outputColumn, NamesFile = namesFile });

    public static EntityMaskEstimator MaskEntities(this SemanticContextTransforms catalog, EntityMaskOptions options) =>
        new(catalog.Environment, options);
}
