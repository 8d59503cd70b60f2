namespace Microsoft.ML.SemanticContext.Data;

/// <summary>A column is missing or has the wrong type; the message names the component, the column, the expected and the actual type.</summary>
public sealed class SchemaException(string message) : InvalidOperationException(message);
