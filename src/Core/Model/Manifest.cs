using System.Text.Json.Nodes;

namespace Microsoft.ML.SemanticContext.Model;

/// <summary>Reading fields of a pipeline archive's <c>manifest.json</c>, with errors that name the archive and the field.</summary>
static class Manifest
{
    public const string FileName = "manifest.json";

    public static T Required<T>(JsonObject o, string name, string source, string where)
    {
        try
        {
            return o[name] is { } node
                ? node.GetValue<T>()
                : throw new InvalidDataException($"{source}: {FileName}: {where} is missing '{name}'.");
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{source}: {FileName}: field '{name}' of {where} has the wrong type.", e);
        }
    }
}
