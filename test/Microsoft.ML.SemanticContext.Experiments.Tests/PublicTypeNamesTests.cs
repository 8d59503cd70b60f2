using System.Reflection;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>
/// No public type of this project may share its name with a public type of ML.NET: a user who writes
/// <c>using Microsoft.ML;</c> next to this project's namespaces must never meet an ambiguous or silently rebound name.
/// </summary>
public class PublicTypeNamesTests
{
    [Fact]
    public void NoPublicTypeSharesItsNameWithAnMLNetType()
    {
        var assemblies = Directory.GetFiles(AppContext.BaseDirectory, "Microsoft.ML*.dll").Select(Assembly.LoadFrom).ToList();
        bool IsOurs(Assembly a) => a.GetName().Name!.StartsWith("Microsoft.ML.SemanticContext.", StringComparison.Ordinal);
        var ours = assemblies.Where(a => IsOurs(a) && !a.GetName().Name!.EndsWith(".Tests", StringComparison.Ordinal)).ToList();
        var mlnet = assemblies.Where(a => !IsOurs(a)).ToList();
        Assert.Contains(mlnet, a => a.GetName().Name == "Microsoft.ML.Data");
        Assert.True(ours.Count >= 7, $"only {ours.Count} of this project's assemblies were found next to the tests");

        // Top-level types: a nested type is always reached through its outer type, so it cannot be confused.
        var mlnetNames = mlnet.SelectMany(ExportedTypes).Where(t => !t.IsNested).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var clashes = ours.SelectMany(ExportedTypes).Where(t => !t.IsNested && mlnetNames.Contains(t.Name)).Select(t => t.FullName).Order().ToList();
        Assert.True(clashes.Count == 0, "public types named like ML.NET types: " + string.Join(", ", clashes));
    }

    static IEnumerable<Type> ExportedTypes(Assembly assembly)
    {
        try { return assembly.GetExportedTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>().Where(t => t.IsPublic || t.IsNestedPublic); }
    }
}
