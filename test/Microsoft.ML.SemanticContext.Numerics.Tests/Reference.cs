namespace Microsoft.ML.SemanticContext.Numerics.Tests;

/// <summary>Straightforward double-precision forward passes, the ground truth for the kernels and for numerical gradients.</summary>
internal static class Reference
{
    /// <summary>C[m,n] = alpha·op(A)·op(B) + beta·C, element by element.</summary>
    public static double[] Sgemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        float[] a, int lda, float[] b, int ldb, double beta, float[] c, int ldc)
    {
        var result = TestData.ToDouble(c);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = transA == Transpose.No ? a[i * lda + p] : a[p * lda + i];
                    double bv = transB == Transpose.No ? b[p * ldb + j] : b[j * ldb + p];
                    sum += av * bv;
                }
                result[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j]);
            }
        return result;
    }

    /// <summary>[BT,C] layer norm with biased variance.</summary>
    public static double[] LayerNorm(double[] x, double[] weight, double[] bias, int BT, int C, double eps)
    {
        var y = new double[BT * C];
        for (int r = 0; r < BT; r++)
        {
            double mean = 0;
            for (int c = 0; c < C; c++) mean += x[r * C + c];
            mean /= C;
            double variance = 0;
            for (int c = 0; c < C; c++) variance += (x[r * C + c] - mean) * (x[r * C + c] - mean);
            variance /= C;
            double rstd = 1 / Math.Sqrt(variance + eps);
            for (int c = 0; c < C; c++) y[r * C + c] = (x[r * C + c] - mean) * rstd * weight[c] + bias[c];
        }
        return y;
    }

    /// <summary>[BT,OC] = x[BT,C]·W[OC,C]ᵀ + bias (bias may be empty).</summary>
    public static double[] Linear(double[] x, double[] weight, double[] bias, int BT, int C, int OC)
    {
        var y = new double[BT * OC];
        for (int r = 0; r < BT; r++)
            for (int o = 0; o < OC; o++)
            {
                double sum = bias.Length == 0 ? 0 : bias[o];
                for (int c = 0; c < C; c++) sum += x[r * C + c] * weight[o * C + c];
                y[r * OC + o] = sum;
            }
        return y;
    }

    /// <summary>GPT-Neo attention on [B,T,C] q, k, v; returns output [B,T,C] and probabilities [B,NH,T,T].</summary>
    public static (double[] Output, double[] Att) Attention(double[] q, double[] k, double[] v, int B, int T, int C, int NH, int window)
    {
        int hs = C / NH;
        var output = new double[B * T * C];
        var att = new double[B * NH * T * T];
        for (int b = 0; b < B; b++)
            for (int h = 0; h < NH; h++)
                for (int i = 0; i < T; i++)
                {
                    var scores = new double[T];
                    double max = double.NegativeInfinity;
                    for (int j = 0; j < T; j++)
                    {
                        if (!(j <= i && (long)i - j < window)) continue;
                        double s = 0;
                        for (int d = 0; d < hs; d++) s += q[(b * T + i) * C + h * hs + d] * k[(b * T + j) * C + h * hs + d];
                        scores[j] = s;
                        max = Math.Max(max, s);
                    }
                    double sum = 0;
                    for (int j = 0; j < T; j++)
                        if (j <= i && (long)i - j < window) sum += Math.Exp(scores[j] - max);
                    for (int j = 0; j < T; j++)
                    {
                        double p = j <= i && (long)i - j < window ? Math.Exp(scores[j] - max) / sum : 0;
                        att[((b * NH + h) * T + i) * T + j] = p;
                        for (int d = 0; d < hs; d++) output[(b * T + i) * C + h * hs + d] += p * v[(b * T + j) * C + h * hs + d];
                    }
                }
        return (output, att);
    }

    public static double[] Gelu(double[] x)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            y[i] = 0.5 * x[i] * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x[i] + 0.044715 * x[i] * x[i] * x[i])));
        return y;
    }

    /// <summary>Per-row cross-entropy losses (0 for negative targets).</summary>
    public static double[] CrossEntropy(double[] logits, int[] targets, int BT, int V)
    {
        var losses = new double[BT];
        for (int r = 0; r < BT; r++)
        {
            if (targets[r] < 0) continue;
            double max = double.NegativeInfinity;
            for (int c = 0; c < V; c++) max = Math.Max(max, logits[r * V + c]);
            double sum = 0;
            for (int c = 0; c < V; c++) sum += Math.Exp(logits[r * V + c] - max);
            losses[r] = Math.Log(sum) + max - logits[r * V + targets[r]];
        }
        return losses;
    }
}
