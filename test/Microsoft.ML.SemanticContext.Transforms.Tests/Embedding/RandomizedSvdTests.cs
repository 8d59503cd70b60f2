using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Embedding;

public class RandomizedSvdTests
{
    /// <summary>A random sparse matrix [rows, cols] with a decaying spectrum (low-rank signal plus sparse noise).</summary>
    static SparseMatrix RandomSparse(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        var starts = new List<int> { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        for (int i = 0; i < rows; i++)
        {
            int topic = i % 4;
            var columns = Enumerable.Range(0, cols).Where(j => random.NextDouble() < (j % 4 == topic ? 0.5 : 0.05)).ToList();
            foreach (int j in columns) { indices.Add(j); values.Add((float)(0.5 + random.NextDouble())); }
            starts.Add(indices.Count);
        }
        return new SparseMatrix(rows, cols, starts.ToArray(), indices.ToArray(), values.ToArray());
    }

    static Matrix<double> Dense(SparseMatrix x)
    {
        var m = Matrix<double>.Build.Dense(x.Rows, x.Columns);
        for (int i = 0; i < x.Rows; i++)
            for (int p = x.RowStarts[i]; p < x.RowStarts[i + 1]; p++) m[i, x.ColumnIndices[p]] = x.Values[p];
        return m;
    }

    [Fact]
    public void LeadingSingularValuesAndVectorsMatchAFullSvd()
    {
        var x = RandomSparse(300, 60, seed: 1);
        var result = RandomizedSvd.Compute(x, rank: 8, oversamples: 10, powerIterations: 5, seed: 2);
        var svd = Dense(x).Svd(computeVectors: true);
        Assert.Equal(8, result.Rank);
        // The four topic directions stand well clear of the noise: exact to 0.1 %. In the flat noise tail a randomized
        // method converges slowly; its Ritz values there are lower bounds within 2 %.
        for (int c = 0; c < 4; c++) Assert.Equal(svd.S[c], result.SingularValues[c], svd.S[c] * 1e-3);
        for (int c = 4; c < 8; c++) Assert.InRange(result.SingularValues[c], svd.S[c] * 0.98, svd.S[c] * (1 + 1e-6));
        for (int c = 0; c < 4; c++)
        {
            // Singular vectors are defined up to sign: |cos| between ours and the reference is 1.
            double dot = 0;
            for (int j = 0; j < 60; j++) dot += result.RightVectors[j * 8 + c] * svd.VT[c, j];
            Assert.Equal(1.0, Math.Abs(dot), 1e-2);
        }
    }

    [Fact]
    public void RankIsCappedByTheMatrixAndRankDeficientInputStillGivesOrthonormalVectors()
    {
        // Three identical rows: rank 1, but 3 components requested from a 3 × 5 matrix.
        var x = new SparseMatrix(3, 5, [0, 2, 4, 6], [0, 3, 0, 3, 0, 3], [1, 2, 1, 2, 1, 2]);
        var result = RandomizedSvd.Compute(x, rank: 10, oversamples: 2, powerIterations: 2, seed: 1);
        Assert.Equal(3, result.Rank);
        Assert.Equal(Math.Sqrt(15), result.SingularValues[0], 1e-4);
        Assert.Equal(0, result.SingularValues[1], 1e-3);
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                double dot = 0;
                for (int j = 0; j < 5; j++) dot += result.RightVectors[j * 3 + a] * result.RightVectors[j * 3 + b];
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 1e-4);
            }
    }

    [Fact]
    public void GramProductMatchesTheDenseOne()
    {
        var x = RandomSparse(50, 20, seed: 3);
        var b = Enumerable.Range(0, 20 * 3).Select(i => (float)Math.Sin(i)).ToArray();
        var product = x.GramMultiply(b, 3);
        var dense = Dense(x);
        var expected = dense.Transpose() * dense * Matrix<double>.Build.Dense(3, 20, b.Select(v => (double)v).ToArray()).Transpose();
        for (int i = 0; i < 20; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(expected[i, j], product[i * 3 + j], Math.Abs(expected[i, j]) * 1e-5 + 1e-4);
    }
}
