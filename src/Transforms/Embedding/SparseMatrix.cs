using System.Numerics.Tensors;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>
/// A compressed sparse row matrix A[Rows, Columns]: row i holds Values[RowStarts[i]..RowStarts[i+1]) at columns
/// ColumnIndices[...] (sorted). Products with dense row-major matrices run in parallel over output rows.
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

    /// <summary>Output[Rows, width] = A · B, B dense [Columns, width] row-major.</summary>
    public float[] Multiply(float[] b, int width)
    {
        var output = new float[(long)Rows * width];
        const int rowsPerTask = 512;
        Parallel.For(0, (Rows + rowsPerTask - 1) / rowsPerTask, task =>
        {
            int end = Math.Min(Rows, (task + 1) * rowsPerTask);
            for (int i = task * rowsPerTask; i < end; i++)
            {
                var target = output.AsSpan(i * width, width);
                for (int p = RowStarts[i]; p < RowStarts[i + 1]; p++)
                    TensorPrimitives.MultiplyAdd(b.AsSpan(ColumnIndices[p] * width, width), Values[p], target, target);
            }
        });
        return output;
    }

    /// <summary>Aᵀ[Columns, Rows] in CSR form (so Aᵀ · B is a <see cref="Multiply"/> too).</summary>
    public SparseMatrix Transpose()
    {
        var starts = new int[Columns + 1];
        for (int p = 0; p < NonZeros; p++) starts[ColumnIndices[p] + 1]++;
        for (int j = 0; j < Columns; j++) starts[j + 1] += starts[j];
        var next = starts[..Columns];
        var indices = new int[NonZeros];
        var values = new float[NonZeros];
        for (int i = 0; i < Rows; i++)
            for (int p = RowStarts[i]; p < RowStarts[i + 1]; p++)
            {
                int slot = next[ColumnIndices[p]]++;
                indices[slot] = i;
                values[slot] = Values[p];
            }
        return new SparseMatrix(Columns, Rows, starts, indices, values);
    }
}
