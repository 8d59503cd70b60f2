using Microsoft.ML.Data;

namespace Microsoft.ML.SemanticContext.Data;

/// <summary>
/// A <see cref="SchemaShape"/> from a <see cref="DataViewSchema"/>. ML.NET keeps <c>SchemaShape.Create</c> and the
/// <c>SchemaShape.Column</c> constructor internal; its public route is a data loader's estimator, which describes the
/// loader's output schema as a shape. So a loader that only has a schema, followed by an empty estimator chain, gives
/// the shape ML.NET itself would compute (hidden columns dropped, annotations kept).
/// </summary>
public static class SchemaShapes
{
    public static SchemaShape Of(DataViewSchema schema) =>
        new SchemaOnlyLoader(schema).Append(new EstimatorChain<ITransformer>()).GetOutputSchema();

    sealed class SchemaOnlyLoader(DataViewSchema schema) : IDataLoader<object>
    {
        public DataViewSchema GetOutputSchema() => schema;

        public IDataView Load(object input) => throw new NotSupportedException("This loader only describes a schema.");

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException("This loader only describes a schema.");
    }
}
