using Microsoft.ML.Data;

namespace Microsoft.ML.SemanticContext.Data;

/// <summary>A column a stage reads, and the kind it must have.</summary>
public readonly record struct InputColumn(string Name, StoryColumnKind Kind);

/// <summary>A column a stage writes; <paramref name="Width"/> is the per-chunk length of a <see cref="StoryColumnKind.SingleVector"/>.</summary>
public readonly record struct OutputColumn(string Name, StoryColumnKind Kind, int Width = 0)
{
    public DataViewType Type => StoryColumnTypes.TypeOf(Kind, Width);
}

/// <summary>
/// The columns one stage reads and writes: the single owner of its schema checks (which run before any data is read,
/// on a <see cref="DataViewSchema"/> or on an estimator's <see cref="SchemaShape"/>) and of its output schema, which
/// keeps every input column and adds the outputs (an output that reuses a name hides the older column, as in ML.NET).
/// </summary>
public sealed record StageColumns(string Component, IReadOnlyList<InputColumn> Inputs, IReadOnlyList<OutputColumn> Outputs)
{
    public DataViewSchema OutputSchema(DataViewSchema input)
    {
        Check(input);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        foreach (var output in Outputs) builder.AddColumn(output.Name, output.Type);
        return builder.ToSchema();
    }

    public SchemaShape OutputSchema(SchemaShape input)
    {
        Check(input);
        var added = new DataViewSchema.Builder();
        foreach (var output in Outputs) added.AddColumn(output.Name, output.Type);
        var addedShape = SchemaShapes.Of(added.ToSchema());
        var names = Outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        return new SchemaShape(input.Where(c => !names.Contains(c.Name)).Concat(addedShape));
    }

    /// <summary>Throws a <see cref="SchemaException"/> naming the first missing or mistyped input column.</summary>
    public void Check(DataViewSchema input)
    {
        foreach (var column in Inputs)
        {
            var found = input.GetColumnOrNull(column.Name);
            if (found is null) throw Missing(column, input.Where(c => !c.IsHidden).Select(c => c.Name));
            if (!StoryColumnTypes.Accepts(column.Kind, found.Value.Type)) throw Mistyped(column, found.Value.Type.ToString() ?? found.Value.Type.RawType.Name);
        }
    }

    public void Check(SchemaShape input)
    {
        foreach (var column in Inputs)
        {
            var matches = input.Where(c => c.Name == column.Name).ToList();
            if (matches.Count == 0) throw Missing(column, input.Select(c => c.Name));
            if (!StoryColumnTypes.Accepts(column.Kind, matches[^1])) throw Mistyped(column, StoryColumnTypes.Describe(matches[^1]));
        }
    }

    /// <summary>The columns of <paramref name="schema"/> that <see cref="Inputs"/> name, in the same order.</summary>
    public DataViewSchema.Column[] InputColumnsOf(DataViewSchema schema) =>
        Inputs.Select(c => schema.GetColumnOrNull(c.Name) ?? throw Missing(c, schema.Select(s => s.Name))).ToArray();

    SchemaException Missing(InputColumn column, IEnumerable<string> available) =>
        new($"{Component}: input column '{column.Name}' was not found; the data has [{string.Join(", ", available)}].");

    SchemaException Mistyped(InputColumn column, string actual) =>
        new($"{Component}: column '{column.Name}' must be {StoryColumnTypes.Describe(column.Kind)}, but it is {actual}.");
}
