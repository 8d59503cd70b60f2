using System.Text.Json;
using Microsoft.ML.SemanticContext.Testing;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests;

/// <summary>An expected-values file that a script under build/fixtures wrote with the Python reference (scipy, scikit-learn).</summary>
internal static class FixtureJson
{
    /// <param name="path">Relative to build/fixtures, e.g. "statistics/expected.json".</param>
    public static JsonElement Load(string path) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "build", "fixtures", path))).RootElement;
}
