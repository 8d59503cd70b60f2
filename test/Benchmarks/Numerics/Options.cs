namespace Microsoft.ML.SemanticContext.Benchmarks.Numerics;

/// <summary>The "--name value" options the numerics benchmarks take.</summary>
internal static class Options
{
    public static int Int(string[] args, string name, int fallback)
    {
        string? value = String(args, name);
        return value is null ? fallback : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string? String(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
