using System.IO.Compression;
using Microsoft.ML.Transforms;

namespace Microsoft.ML.SemanticContext.Model;

/// <summary>
/// Makes ML.NET's own <c>ml.Model.Load</c> fail on a pipeline archive with a message that names the method to use.
/// Alone, ML.NET says only "Could not load legacy format model". So the archive also carries, at its root, a model in
/// ML.NET's own layout: one custom-mapping stage whose contract is this class's factory. Loading it, ML.NET asks the
/// factory for its mapping, and the factory throws the message. <see cref="PipelineArchive"/> ignores these entries.
/// </summary>
static class MLNetLoadGuard
{
    public const string Message =
        "This is a semantic-context pipeline archive (manifest.json): ML.NET's ml.Model.Load cannot read its stages; " +
        "load it with ml.Model.SemanticContext.Load(path, out inputSchema)";

    /// <summary>Copies the entries of ML.NET's save of the guard stage into <paramref name="zip"/>'s root.</summary>
    public static void WriteEntries(ZipArchive zip)
    {
        var ml = new MLContext();
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<GuardInput>());
        Action<GuardInput, GuardOutput> neverRuns = (_, _) => throw new InvalidOperationException(Message);
        var guard = ml.Transforms.CustomMapping(neverRuns, Message).Fit(empty);
        using var saved = new MemoryStream();
        ml.Model.Save(guard, empty.Schema, saved);
        saved.Position = 0;
        using var model = new ZipArchive(saved, ZipArchiveMode.Read);
        foreach (var entry in model.Entries)
        {
            using var source = entry.Open();
            using var target = zip.CreateEntry(entry.FullName, CompressionLevel.Fastest).Open();
            source.CopyTo(target);
        }
    }

    public sealed class GuardInput
    {
        public string Text { get; set; } = "";
    }

    public sealed class GuardOutput
    {
        public bool SemanticContextArchive { get; set; }
    }

    [CustomMappingFactoryAttribute(Message)]
    sealed class GuardFactory : CustomMappingFactory<GuardInput, GuardOutput>
    {
        // ML.NET asks for the mapping while loading the stage, so the load itself fails with the message.
        public override Action<GuardInput, GuardOutput> GetMapping() => throw new InvalidOperationException(Message);
    }
}
