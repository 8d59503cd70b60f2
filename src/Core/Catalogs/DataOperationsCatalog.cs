using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.Data</c>: corpora in and out.</summary>
public sealed class DataOperationsCatalog : CatalogBase
{
    internal DataOperationsCatalog(MLContext context) : base(context) { }

    /// <summary>
    /// A streaming view of a corpus file (TinyStories .txt, .jsonl/.json, one story per line) with the stories in
    /// column <see cref="ColumnNames.Text"/>. Each enumeration re-reads the file, so memory stays bounded.
    /// </summary>
    public IDataView LoadCorpus(string path, CorpusFormat? format = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Corpus file '{path}' does not exist.", path);
        var resolved = format ?? CorpusFormats.Detect(path);
        var schema = new DataSchema([new SchemaColumn(ColumnNames.Text, ColumnType.Text)]);
        return new StreamingDataView(schema, () => CorpusReader.Read(path, resolved)
            .Select(s => DataRow.FromText(s.Index, ColumnNames.Text, s.Text)));
    }

    /// <summary>An in-memory view of the given stories.</summary>
    public IDataView LoadFromTexts(IEnumerable<string> stories) => InMemoryDataView.FromTexts(stories);
}
