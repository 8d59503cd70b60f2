using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Forward passes without a backward: scoring and generation. Its buffers (<see cref="GptNeoActivations.ForInference"/>)
/// are allocated once for batches of up to (<see cref="MaxBatch"/>, <see cref="MaxSequence"/>) and reused for every
/// smaller batch, and hold one layer's activations and a block of logit rows, so memory is bounded by the model and one
/// batch, whatever the number of batches. Gives the same numbers as <see cref="GptNeoModel.Forward"/> and
/// <see cref="GptNeoModel.LossSum"/> up to float rounding.
/// </summary>
public sealed class GptNeoInference
{
    readonly GptNeoModel model;
    readonly GptNeoActivations buffers;
    readonly float[] lastRows;  // [max(MaxBatch, LogitRows), C] gathered normalised hidden states whose logits are wanted
    readonly int[] lastTargets, lastOwners;  // [LogitRows] the gathered rows' targets and the sums they add to
    int[] noTargets = [];  // [MaxSequence] all -1, once a pass without targets is run
    // Continuations only: one row's keys and values, its prefix's then its own, [PrefixCapacity + MaxSequence, C],
    // and its attention probabilities [NH, MaxSequence, PrefixCapacity + MaxSequence].
    readonly float[] rowKeys = [], rowValues = [], rowAttention = [];
    int continuedRows, continuedLength;  // (B, L) of the last Continue, for Extend

    /// <param name="keepKeysValues">Keep every layer's keys and values of the last pass (<see cref="Keys"/>, <see cref="Values"/>).</param>
    /// <param name="prefixCapacity">
    /// Longest prefix (<see cref="GptNeoPrefix"/>) that rows of up to <paramref name="maxSequence"/> tokens continue
    /// (<see cref="Continue"/>); 0: no continuations. Implies keeping the keys and values.
    /// </param>
    public GptNeoInference(GptNeoModel model, int maxBatch, int maxSequence, bool keepKeysValues = false, int prefixCapacity = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (maxBatch <= 0 || maxSequence <= 0 || maxSequence > model.Config.MaxPositions)
            throw new ArgumentOutOfRangeException(nameof(maxSequence),
                $"Inference buffers need a positive batch ({maxBatch}) and a sequence length ({maxSequence}) within the model's context of {model.Config.MaxPositions}.");
        if (prefixCapacity < 0 || prefixCapacity > model.Config.MaxPositions)
            throw new ArgumentOutOfRangeException(nameof(prefixCapacity), prefixCapacity, $"A prefix holds at most the model's context of {model.Config.MaxPositions} positions.");
        this.model = model;
        int C = model.Config.HiddenSize;
        buffers = GptNeoActivations.ForInference(model.Config, maxBatch, maxSequence, keepKeysValues || prefixCapacity > 0);
        lastRows = new float[Math.Max(maxBatch, buffers.LogitRows) * C];
        lastTargets = new int[buffers.LogitRows];
        lastOwners = new int[buffers.LogitRows];
        PrefixCapacity = prefixCapacity;
        if (prefixCapacity > 0)
        {
            int positions = prefixCapacity + maxSequence;
            rowKeys = new float[(long)positions * C];
            rowValues = new float[(long)positions * C];
            rowAttention = new float[(long)model.Config.Heads * maxSequence * positions];
        }
    }

    public int MaxBatch => buffers.B;
    public int MaxSequence => buffers.T;

    /// <summary>Longest prefix that <see cref="Continue"/> accepts (0: none).</summary>
    public int PrefixCapacity { get; }

    /// <summary>Layer <paramref name="layer"/>'s keys [B·T, C] of the last pass (kept only when asked for).</summary>
    public ReadOnlySpan<float> Keys(int layer) => buffers.K[layer];

    /// <summary>Layer <paramref name="layer"/>'s values [B·T, C] of the last pass (kept only when asked for).</summary>
    public ReadOnlySpan<float> Values(int layer) => buffers.V[layer];

    /// <summary>Summed cross-entropy of <paramref name="targets"/> [B·T] (negative = not counted) and the number counted.</summary>
    public (double Sum, long Count) LossSum(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int B, int T)
    {
        Run(inputs, B, T);
        Span<double> sum = stackalloc double[1];
        long count = CountedLosses(targets, B * T, sum);
        return (sum[0], count);
    }

    /// <summary>
    /// The LM head and cross-entropy of the counted rows (target ≥ 0) of <see cref="buffers"/>' last pass, gathered a
    /// block of rows at a time so the logits never exist for the whole batch and uncounted rows (padding, context)
    /// cost nothing; the loss of row r is added to <paramref name="sums"/>[r / <paramref name="rowsPerSum"/>].
    /// </summary>
    /// <returns>The number of counted rows.</returns>
    long CountedLosses(ReadOnlySpan<int> targets, int rowsPerSum, Span<double> sums)
    {
        int C = model.Config.HiddenSize, V = model.Config.VocabularySize, block = buffers.LogitRows;
        model.CheckTargets(targets, targets.Length);
        var head = model.Parameters.AsSpan((int)model.Layout.OutputHead, V * C);
        long count = 0;
        for (int row = 0; row < targets.Length;)
        {
            int n = 0;
            for (; row < targets.Length && n < block; row++)
            {
                if (targets[row] < 0) continue;
                buffers.LnF.AsSpan(row * C, C).CopyTo(lastRows.AsSpan(n * C));
                (lastTargets[n], lastOwners[n]) = (targets[row], row / rowsPerSum);
                n++;
            }
            if (n == 0) break;
            Matmul.Forward(buffers.Logits, lastRows.AsSpan(0, n * C), head, Span<float>.Empty, n, C, V);
            SoftmaxCrossEntropy.Forward(buffers.Logits, lastTargets.AsSpan(0, n), buffers.Losses, n, V);
            for (int i = 0; i < n; i++) sums[lastOwners[i]] += buffers.Losses[i];
            count += n;
        }
        return count;
    }

    /// <summary>The logits [B, V] of each sequence's last position, written to <paramref name="destination"/>.</summary>
    public void LastLogits(ReadOnlySpan<int> inputs, int B, int T, Span<float> destination)
    {
        int C = model.Config.HiddenSize, V = model.Config.VocabularySize;
        if (destination.Length < B * V) throw new ArgumentException($"The destination holds {destination.Length} floats but {B}×{V} logits are needed.", nameof(destination));
        Run(inputs, B, T);
        for (int b = 0; b < B; b++) buffers.LnF.AsSpan((b * T + T - 1) * C, C).CopyTo(lastRows.AsSpan(b * C));
        Matmul.Forward(destination, lastRows.AsSpan(0, B * C), model.Parameters.AsSpan((int)model.Layout.OutputHead, V * C), Span<float>.Empty, B, C, V);
    }

    /// <summary>A new, empty prefix of up to <see cref="PrefixCapacity"/> positions.</summary>
    public GptNeoPrefix NewPrefix() => PrefixCapacity > 0 ? new GptNeoPrefix(model.Config, PrefixCapacity)
        : throw new InvalidOperationException("These inference buffers were made without a prefix capacity.");

    /// <summary>
    /// Runs <paramref name="B"/> rows of <paramref name="L"/> tokens [B·L], each continuing <paramref name="prefix"/>
    /// (positions prefix.Length .. prefix.Length + L − 1, attending to the prefix's keys and values as if it were part
    /// of every row), and adds row b's summed cross-entropy of <paramref name="targets"/> [B·L] (negative = not
    /// counted) to <paramref name="rowLosses"/>[b]. The prefix is not changed; <see cref="Extend"/> appends a row to it.
    /// </summary>
    public void Continue(GptNeoPrefix prefix, ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int B, int L, Span<double> rowLosses)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        model.CheckInputs(inputs, B, L);
        if (B > MaxBatch || L > MaxSequence)
            throw new ArgumentException($"A batch of {B}×{L} exceeds these inference buffers ({MaxBatch}×{MaxSequence}).");
        if (prefix.Length > PrefixCapacity || prefix.Length + L > model.Config.MaxPositions)
            throw new ArgumentException($"{L} tokens after a prefix of {prefix.Length} exceed the prefix capacity ({PrefixCapacity}) or the model's context ({model.Config.MaxPositions}).");
        if (targets.Length != B * L) throw new ArgumentException($"Expected {B}×{L} = {B * L} targets, got {targets.Length}.", nameof(targets));
        if (rowLosses.Length < B) throw new ArgumentException($"{B} row losses are needed, the span holds {rowLosses.Length}.", nameof(rowLosses));
        model.RunBlocks(buffers, inputs, B, L, prefix.Length, (layer, b, l) => AttendAfter(prefix, layer, b, l));
        (continuedRows, continuedLength) = (B, L);
        CountedLosses(targets, L, rowLosses);
    }

    /// <summary>
    /// Appends the first <paramref name="count"/> positions of row <paramref name="row"/> of the last
    /// <see cref="Continue"/> to <paramref name="prefix"/> (the prefix that pass continued).
    /// </summary>
    public void Extend(GptNeoPrefix prefix, int row, int count)
    {
        int C = model.Config.HiddenSize, P = prefix.Length;
        if ((uint)row >= (uint)continuedRows || count <= 0 || count > continuedLength)
            throw new ArgumentOutOfRangeException(nameof(count), $"Row {row}, {count} positions: the last continuation ran {continuedRows} rows of {continuedLength}.");
        if (P + count > prefix.Capacity) throw new ArgumentException($"The prefix holds {prefix.Capacity} positions; {P} + {count} do not fit.", nameof(count));
        int from = row * continuedLength * C;
        for (int l = 0; l < prefix.Keys.Length; l++)
        {
            buffers.K[l].AsSpan(from, count * C).CopyTo(prefix.Keys[l].AsSpan(P * C));
            buffers.V[l].AsSpan(from, count * C).CopyTo(prefix.Values[l].AsSpan(P * C));
        }
        buffers.LnF.AsSpan(from + (count - 1) * C, C).CopyTo(prefix.LastHidden);
        prefix.Length = P + count;
    }

    /// <summary>
    /// Appends <paramref name="tokens"/> to <paramref name="prefix"/> (in pieces of <see cref="MaxSequence"/>), so that
    /// later rows continue after them.
    /// </summary>
    public void Append(GptNeoPrefix prefix, ReadOnlySpan<int> tokens)
    {
        Span<double> unused = stackalloc double[1];
        for (int first = 0; first < tokens.Length; first += MaxSequence)
        {
            int n = Math.Min(MaxSequence, tokens.Length - first);
            Continue(prefix, tokens.Slice(first, n), NoTargets(n), 1, n, unused);
            Extend(prefix, 0, n);
        }
    }

    /// <summary>The logits [V] that predict the token after <paramref name="prefix"/> (which must hold a position).</summary>
    public void NextLogits(GptNeoPrefix prefix, Span<float> destination)
    {
        int C = model.Config.HiddenSize, V = model.Config.VocabularySize;
        if (prefix.Length == 0) throw new ArgumentException("An empty prefix predicts nothing; start it with end-of-text.", nameof(prefix));
        if (destination.Length < V) throw new ArgumentException($"The destination holds {destination.Length} floats but {V} logits are needed.", nameof(destination));
        Matmul.Forward(destination, prefix.LastHidden, model.Parameters.AsSpan((int)model.Layout.OutputHead, V * C), Span<float>.Empty, 1, C, V);
    }

    ReadOnlySpan<int> NoTargets(int n)
    {
        if (noTargets.Length < n) { noTargets = new int[MaxSequence]; Array.Fill(noTargets, -1); }
        return noTargets.AsSpan(0, n);
    }

    /// <summary>
    /// Layer <paramref name="layer"/>'s attention of the rows of a continuation: one row at a time, the prefix's keys
    /// and values followed by the row's own [P + L, C], and the row's L queries over them.
    /// </summary>
    void AttendAfter(GptNeoPrefix prefix, int layer, int B, int L)
    {
        int C = model.Config.HiddenSize, P = prefix.Length, T = P + L;
        prefix.Keys[layer].AsSpan(0, P * C).CopyTo(rowKeys);
        prefix.Values[layer].AsSpan(0, P * C).CopyTo(rowValues);
        for (int b = 0; b < B; b++)
        {
            int rowOffset = b * L * C;
            buffers.K[layer].AsSpan(rowOffset, L * C).CopyTo(rowKeys.AsSpan(P * C));
            buffers.V[layer].AsSpan(rowOffset, L * C).CopyTo(rowValues.AsSpan(P * C));
            Attention.ForwardLast(buffers.AttY[layer].AsSpan(rowOffset, L * C), rowAttention.AsSpan(0, model.Config.Heads * L * T),
                buffers.Q[layer].AsSpan(rowOffset, L * C), rowKeys.AsSpan(0, T * C), rowValues.AsSpan(0, T * C), 1, L, T, C, model.Config.Heads, model.Config.WindowOf(layer));
        }
    }

    void Run(ReadOnlySpan<int> inputs, int B, int T)
    {
        model.CheckInputs(inputs, B, T);
        if (B > MaxBatch || T > MaxSequence)
            throw new ArgumentException($"A batch of {B}×{T} exceeds these inference buffers ({MaxBatch}×{MaxSequence}).");
        model.RunBlocks(buffers, inputs, B, T);
    }
}
