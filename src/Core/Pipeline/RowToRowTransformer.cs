using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// Base of transformers that compute one output column from each row alone. Rows are mapped lazily in
/// batches, the rows of a batch in parallel, and yielded in their original order, so a corpus streams
/// through in memory bounded by the batch size.
/// </summary>
public abstract class RowToRowTransformer : ITransformer
{
    /// <summary>Rows mapped together; large enough to keep both cores busy, small enough to bound memory.</summary>
    public const int BatchSize = 512;

    protected RowToRowTransformer(MLContext context) => Context = context;

    protected MLContext Context { get; }

    public abstract DataSchema GetOutputSchema(DataSchema inputSchema);

    /// <summary>Computes the output column for one row; must be thread-safe.</summary>
    protected abstract DataRow MapRow(DataRow row);

    public abstract void Save(ModelSaveContext context);

    public IDataView Transform(IDataView input)
    {
        var schema = GetOutputSchema(input.Schema);
        return new StreamingDataView(schema, () => MapInBatches(input.GetRows()), input.RowCount);
    }

    IEnumerable<DataRow> MapInBatches(IEnumerable<DataRow> rows)
    {
        var batch = new List<DataRow>(BatchSize);
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                foreach (var mapped in MapBatch(batch)) yield return mapped;
                batch.Clear();
            }
        }
        foreach (var mapped in MapBatch(batch)) yield return mapped;
    }

    DataRow[] MapBatch(List<DataRow> batch)
    {
        var output = new DataRow[batch.Count];
        if (batch.Count < 16)
        {
            for (int i = 0; i < batch.Count; i++) output[i] = MapRow(batch[i]);
        }
        else
        {
            Parallel.For(0, batch.Count, i => output[i] = MapRow(batch[i]));
        }
        return output;
    }
}
