using MathNet.Numerics.LinearAlgebra;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>
/// Truncated SVD of a sparse matrix X[n, V] by randomized subspace iteration (Halko, Martinsson & Tropp 2011),
/// run in the column space R^V, which is the smaller side for a TF-IDF matrix of chunks × terms:
/// <code>
///   Z[V, l] = orth(Ω), Ω Gaussian, l = rank + oversamples
///   repeat q times:  Z = orth(Xᵀ X Z)            // sharpens the spectrum by σ² per pass
///   G[l, l] = Zᵀ Xᵀ X Z,  G = E Λ Eᵀ              // Rayleigh–Ritz on the found subspace
///   right singular vectors W[V, rank] = Z E[:, :rank],  σ = √λ
/// </code>
/// The dense products use <see cref="Gemm.Sgemm"/>; only l × l problems go to MathNet in double precision.
/// </summary>
public static class RandomizedSvd
{
    /// <summary>The leading right singular vectors [V, rank] (row-major; column c is the c-th component) and singular values.</summary>
    public sealed record Result(float[] RightVectors, int Rank, float[] SingularValues);

    /// <summary>Computes the leading components; <paramref name="cancellation"/> is checked once per power iteration.</summary>
    public static Result Compute(SparseMatrix x, int rank, int oversamples, int powerIterations, int seed, CancellationToken cancellation = default)
    {
        int v = x.Columns;
        rank = Math.Min(rank, Math.Min(x.Rows, v));
        if (rank < 1) throw new ArgumentException($"Truncated SVD needs a non-empty matrix, but it is {x.Rows} × {v}.");
        int l = Math.Min(rank + oversamples, Math.Min(x.Rows, v));
        var random = new Random(seed);
        var z = Gaussian(v * l, random);
        Orthonormalize(z, v, l, random, passes: 1);
        for (int q = 0; q < powerIterations; q++)
        {
            cancellation.ThrowIfCancellationRequested();
            z = x.GramMultiply(z, l);
            // Intermediate bases only need to stay well conditioned; the last one must be orthonormal for Rayleigh–Ritz.
            Orthonormalize(z, v, l, random, passes: q == powerIterations - 1 ? 2 : 1);
        }
        cancellation.ThrowIfCancellationRequested();
        // G = (X Z)ᵀ (X Z) = Zᵀ (Xᵀ X Z): formed in R^V (V·l² work) rather than from the n × l product (n·l²).
        var w = x.GramMultiply(z, l); // [V, l]
        var gram = new float[l * l];
        Gemm.Sgemm(Transpose.Yes, Transpose.No, l, l, v, 1f, z, l, w, l, 0f, gram, l);
        Symmetrize(gram, l);
        var evd = ToMatrix(gram, l).Evd(Symmetricity.Symmetric);
        // MathNet orders symmetric eigenvalues ascending; the leading components are the largest.
        var order = Enumerable.Range(0, l).OrderByDescending(i => evd.EigenValues[i].Real).Take(rank).ToArray();
        var leading = new float[l * rank]; // E[:, order]: [l, rank]
        var singular = new float[rank];
        for (int c = 0; c < rank; c++)
        {
            singular[c] = (float)Math.Sqrt(Math.Max(0, evd.EigenValues[order[c]].Real));
            for (int r = 0; r < l; r++) leading[r * rank + c] = (float)evd.EigenVectors[r, order[c]];
        }
        var right = new float[v * rank];
        Gemm.Sgemm(Transpose.No, Transpose.No, v, rank, l, 1f, z, l, leading, rank, 0f, right, rank);
        return new Result(right, rank, singular);
    }

    /// <summary>
    /// Makes the columns of A[rows, cols] orthonormal in place by Cholesky QR: G = AᵀA = LLᵀ, A ← A L⁻ᵀ, two SGEMMs
    /// per pass; two passes (CholQR2) restore orthogonality to working precision, one leaves it at about cond(A)²·ε. When A is numerically rank deficient (tiny corpora), Cholesky fails and
    /// modified Gram–Schmidt in double replaces dependent columns by fresh random directions.
    /// </summary>
    internal static void Orthonormalize(float[] a, int rows, int cols, Random random, int passes = 2)
    {
        for (int pass = 0; pass < passes; pass++)
        {
            if (!TryCholeskyQrPass(a, rows, cols))
            {
                GramSchmidt(a, rows, cols, random);
                return;
            }
        }
    }

    static bool TryCholeskyQrPass(float[] a, int rows, int cols)
    {
        var gram = new float[cols * cols];
        Gemm.Sgemm(Transpose.Yes, Transpose.No, cols, cols, rows, 1f, a, cols, a, cols, 0f, gram, cols);
        var g = ToMatrix(gram, cols);
        double largest = Enumerable.Range(0, cols).Max(i => g[i, i]);
        // A pivot this small relative to the largest means float32 Cholesky QR would lose orthogonality.
        for (int i = 0; i < cols; i++) if (!(g[i, i] > largest * 1e-10)) return false;
        Matrix<double> factor;
        try { factor = g.Cholesky().Factor; }
        catch (ArgumentException) { return false; }
        for (int i = 0; i < cols; i++) if (!(factor[i, i] > Math.Sqrt(largest) * 1e-5)) return false;
        var inverse = factor.Inverse(); // L⁻¹, lower triangular [cols, cols]
        var inverseRowMajor = new float[cols * cols];
        for (int i = 0; i < cols; i++)
            for (int j = 0; j < cols; j++) inverseRowMajor[i * cols + j] = (float)inverse[i, j];
        var result = new float[a.Length];
        Gemm.Sgemm(Transpose.No, Transpose.Yes, rows, cols, cols, 1f, a, cols, inverseRowMajor, cols, 0f, result, cols);
        if (result.Any(f => !float.IsFinite(f))) return false;
        Array.Copy(result, a, a.Length);
        return true;
    }

    static void GramSchmidt(float[] a, int rows, int cols, Random random)
    {
        var columns = new double[cols][];
        for (int c = 0; c < cols; c++)
        {
            var column = new double[rows];
            for (int r = 0; r < rows; r++) column[r] = a[r * cols + c];
            for (int attempt = 0; ; attempt++)
            {
                double before = Norm(column);
                for (int twice = 0; twice < 2; twice++)
                    for (int p = 0; p < c; p++)
                    {
                        double dot = 0;
                        for (int r = 0; r < rows; r++) dot += columns[p][r] * column[r];
                        for (int r = 0; r < rows; r++) column[r] -= dot * columns[p][r];
                    }
                double after = Norm(column);
                if (after > 1e-8 * Math.Max(before, 1e-30) && after > 1e-30) { for (int r = 0; r < rows; r++) column[r] /= after; break; }
                if (attempt > 8) throw new InvalidOperationException($"Could not build an orthonormal basis of {cols} columns in {rows} dimensions.");
                for (int r = 0; r < rows; r++) column[r] = NextGaussian(random);
            }
            columns[c] = column;
        }
        for (int c = 0; c < cols; c++)
            for (int r = 0; r < rows; r++) a[r * cols + c] = (float)columns[c][r];
    }

    /// <summary>Averages G with Gᵀ, removing the rounding asymmetry of a product that is symmetric in exact arithmetic.</summary>
    static void Symmetrize(float[] g, int size)
    {
        for (int i = 0; i < size; i++)
            for (int j = i + 1; j < size; j++)
                g[i * size + j] = g[j * size + i] = 0.5f * (g[i * size + j] + g[j * size + i]);
    }

    static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));

    static Matrix<double> ToMatrix(float[] rowMajor, int size)
    {
        var m = Matrix<double>.Build.Dense(size, size);
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++) m[i, j] = rowMajor[i * size + j];
        return m;
    }

    static float[] Gaussian(int count, Random random)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)NextGaussian(random);
        return values;
    }

    /// <summary>Box–Muller; one draw per call keeps the stream simple to reproduce.</summary>
    static double NextGaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
