using System.Numerics.Tensors;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>
/// A compressed sparse row matrix A[Rows, Columns]: row i holds Values[RowStarts[i]..RowStarts[i+1]) at columns
/// ColumnIndices[...] (sorted).
/// </summary>
public sealed class SparseMatrix
{
    public SparseMatrix(int rows, int columns, int[] rowStarts, int[] columnIndices, float[] values)
    {
        Rows = rows;
        Columns = columns;
        RowStarts = rowStarts;
        ColumnIndices = columnIndices;
        Values = values;
    }

    public int Rows { get; }
    public int Columns { get; }
    public int[] RowStarts { get; }
    public int[] ColumnIndices { get; }
    public float[] Values { get; }
    public int NonZeros => RowStarts[Rows];

    /// <summary>Rows handled by one task of <see cref="GramMultiply"/>; a fixed count keeps the sum order, and so the result, independent of the machine.</summary>
    const int GramParts = 4;

    /// <summary>
    /// Output[Columns, width] = Aᵀ A B for B dense [Columns, width], without forming the [Rows, width] product A B:
    /// row by row, t = a_iᵀ B (a gather of the rows of B at a_i's columns), then Output[j] += a_ij · t (a scatter).
    /// B and the output stay in cache; a fixed number of row ranges accumulate privately and are added in order.
    /// </summary>
    public float[] GramMultiply(float[] b, int width)
    {
        var partials = new float[GramParts][];
        Parallel.For(0, GramParts, part =>
        {
            var output = new float[(long)Columns * width];
            var t = new float[width];
            int start = (int)((long)Rows * part / GramParts), end = (int)((long)Rows * (part + 1) / GramParts);
            for (int i = start; i < end; i++)
            {
                Array.Clear(t);
                for (int p = RowStarts[i]; p < RowStarts[i + 1]; p++)
                    TensorPrimitives.MultiplyAdd(b.AsSpan(ColumnIndices[p] * width, width), Values[p], t, t);
                for (int p = RowStarts[i]; p < RowStarts[i + 1]; p++)
                {
                    var target = output.AsSpan(ColumnIndices[p] * width, width);
                    TensorPrimitives.MultiplyAdd(t, Values[p], target, target);
                }
            }
            partials[part] = output;
        });
        for (int part = 1; part < GramParts; part++) TensorPrimitives.Add(partials[0], partials[part], partials[0]);
        return partials[0];
    }
}
