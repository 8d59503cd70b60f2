using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.Data.LoadCorpus(...)</c> and <c>ml.Data.LoadFromTexts(...)</c>: stories into an ML.NET <see cref="IDataView"/>.</summary>
public static class CorpusCatalog
{
    /// <summary>
    /// A streaming view of a corpus file (TinyStories .txt, .jsonl/.json with a "story" or "text" field, one story per
    /// line) with the stories in text column <see cref="ColumnNames.Text"/>. Each cursor re-reads the file, so memory
    /// stays bounded whatever the corpus size.
    /// </summary>
    public static IDataView LoadCorpus(this DataOperationsCatalog catalog, string path, CorpusFormat? format = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Corpus file '{path}' does not exist.", path);
        var resolved = format ?? CorpusFormats.Detect(path);
        return new TextColumnDataView(ColumnNames.Text, () => CorpusReader.Read(path, resolved).Select(s => s.Text));
    }

    /// <summary>An in-memory view of <paramref name="stories"/> in text column <paramref name="column"/>.</summary>
    public static IDataView LoadFromTexts(this DataOperationsCatalog catalog, IEnumerable<string> stories, string column = ColumnNames.Text)
    {
        var list = stories.ToList();
        return new TextColumnDataView(column, () => list, list.Count);
    }
}
