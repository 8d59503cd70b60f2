namespace Microsoft.ML.SemanticContext.Data;

/// <summary>
/// Default column names, each stage adding a suffix for what it adds (LCM style):
/// text → text_segments → text_segments_masked → text_segments_masked_emb → text_clusters → text_annotated.
/// </summary>
public static class ColumnNames
{
    public const string Text = "text";
    public const string Segments = "text_segments";
    public const string MaskedSegments = "text_segments_masked";
    public const string Embeddings = "text_segments_masked_emb";
    public const string ClusterIds = "text_clusters";
    public const string Annotated = "text_annotated";
}
