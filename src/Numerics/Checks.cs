namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>Argument checks shared by the kernels, so that a wrong buffer size fails with the buffer's name, not deep inside a loop.</summary>
internal static class Checks
{
    public static void Length(ReadOnlySpan<float> span, long required, string name)
    {
        if (span.Length < required)
            throw new ArgumentException($"Buffer '{name}' holds {span.Length} floats but the shapes need {required}.", name);
    }

    public static void Length(ReadOnlySpan<int> span, long required, string name)
    {
        if (span.Length < required)
            throw new ArgumentException($"Buffer '{name}' holds {span.Length} ints but the shapes need {required}.", name);
    }

    public static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be positive.");
    }

    public static void NonNegative(int value, string name)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(name, value, $"'{name}' must not be negative.");
    }
}
