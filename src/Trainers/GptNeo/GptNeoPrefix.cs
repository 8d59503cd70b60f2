namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// The keys and values of one sequence's first <see cref="Length"/> positions in every layer, and the normalised hidden
/// state of its last position: what rows that continue the sequence (<see cref="GptNeoInference.Continue"/>) attend to
/// and predict their first token from, so a shared prefix runs once instead of once per row.
/// </summary>
public sealed class GptNeoPrefix
{
    internal GptNeoPrefix(GptNeoConfig config, int capacity)
    {
        int C = config.HiddenSize;
        Capacity = capacity;
        Keys = Enumerable.Range(0, config.Layers).Select(_ => new float[(long)capacity * C]).ToArray();
        Values = Enumerable.Range(0, config.Layers).Select(_ => new float[(long)capacity * C]).ToArray();
        LastHidden = new float[C];
    }

    /// <summary>Most positions the prefix holds.</summary>
    public int Capacity { get; }

    /// <summary>Positions held; the next token of the sequence takes position <see cref="Length"/>.</summary>
    public int Length { get; internal set; }

    /// <summary>Per layer [Capacity, C], positions [0, Length) filled.</summary>
    internal float[][] Keys { get; }

    /// <summary>Per layer [Capacity, C], positions [0, Length) filled.</summary>
    internal float[][] Values { get; }

    /// <summary>[C] the final-LayerNorm output at position Length − 1 (valid when Length &gt; 0).</summary>
    internal float[] LastHidden { get; }

    /// <summary>Forgets every position.</summary>
    public void Clear() => Length = 0;
}
