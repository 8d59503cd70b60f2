using System.Text;
using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Mapping;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Text;

namespace Microsoft.ML.SemanticContext.Transforms.Masking;

/// <summary>
/// Writes a masked copy of each story's chunks: person names → <see cref="EntityMaskOptions.NameToken"/>, gendered
/// pronouns (he, she, him, her, his, hers, himself, herself; any case) → <see cref="EntityMaskOptions.PronounToken"/>.
/// Everything else, whitespace and punctuation included, is copied unchanged ("Tom's" → "&lt;unk&gt;'s"). A word
/// after "named"/"called"/a title is a name everywhere in its story ("a dog named Spot ... Spot ran").
/// </summary>
public sealed class EntityMaskTransformer : RowMappingTransformer
{
    public const string TypeId = "EntityMask";
    public const int Version = 1;

    readonly EntityMaskOptions _options;

    internal EntityMaskTransformer(IHostEnvironment environment, EntityMaskOptions options, NameModel model)
        : base(environment, EntityMaskEstimator.ComponentName)
    {
        _options = options;
        Model = model;
        Columns = ColumnsOf(options);
    }

    public NameModel Model { get; }

    /// <summary>What ran, for logs and reports: the built-in name statistics and what they were built from.</summary>
    public string Description =>
        $"built-in name statistics over {Model.TrainingStories:N0} stories ({Model.Names.Count:N0} name types, {Model.KnownWordCount:N0} other words, " +
        (Model.ListCount > 0 ? $"names list of {Model.ListCount:N0}" : "no names list") + "); no NER model";

    public override StageColumns Columns { get; }

    internal static StageColumns ColumnsOf(EntityMaskOptions options) => new(EntityMaskEstimator.ComponentName,
        [new(options.InputColumn, StoryColumnKind.TextVector)], [new(options.OutputColumn, StoryColumnKind.TextVector)]);

    protected override void MapRow(object[] inputs, object[] outputs, long row) => outputs[0] = Mask((string[])inputs[0]);

    /// <summary>The masked chunks of one story (a new array; the input is not modified).</summary>
    public string[] Mask(IReadOnlyList<string> chunks)
    {
        var entities = FindEntities(chunks);
        var masked = new string[chunks.Count];
        for (int c = 0; c < chunks.Count; c++) masked[c] = Replace(chunks[c], entities[c]);
        return masked;
    }

    /// <summary>The names and gendered pronouns of each chunk of one story, in order.</summary>
    public List<EntitySpan>[] FindEntities(IReadOnlyList<string> chunks)
    {
        var names = Model.ForStory(chunks);
        var words = new List<WordToken>();
        var result = new List<EntitySpan>[chunks.Count];
        for (int c = 0; c < chunks.Count; c++)
        {
            words.Clear();
            WordToken.Scan(chunks[c], words);
            result[c] = FindInChunk(chunks[c], words, names);
        }
        return result;
    }

    List<EntitySpan> FindInChunk(string chunk, List<WordToken> words, StoryNames names)
    {
        var pronouns = NameEvidence.GenderedPronouns.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[64];
        var found = new List<EntitySpan>();
        foreach (var word in words)
        {
            if (_options.MaskPronouns && pronouns.Contains(WordScanner.ToLower(word.Text(chunk), buffer)))
                found.Add(new EntitySpan(word.Start, word.Length, EntityKind.Pronoun));
            else if (_options.MaskNames && names.IsName(chunk, word))
                found.Add(new EntitySpan(word.Start, word.Length, EntityKind.Name));
        }
        return found;
    }

    string Replace(string chunk, List<EntitySpan> entities)
    {
        if (entities.Count == 0) return chunk;
        var output = new StringBuilder(chunk.Length + 8 * entities.Count);
        int copied = 0;
        foreach (var entity in entities)
        {
            output.Append(chunk, copied, entity.Start - copied)
                .Append(entity.Kind == EntityKind.Name ? _options.NameToken : _options.PronounToken);
            copied = entity.Start + entity.Length;
        }
        return output.Append(chunk, copied, chunk.Length - copied).ToString();
    }

    public override void Save(StageWriter context)
    {
        context.Options["inputColumn"] = _options.InputColumn;
        context.Options["outputColumn"] = _options.OutputColumn;
        context.Options["nameToken"] = _options.NameToken;
        context.Options["pronounToken"] = _options.PronounToken;
        context.Options["maskNames"] = _options.MaskNames;
        context.Options["maskPronouns"] = _options.MaskPronouns;
        context.Options["maxLowercaseShare"] = _options.MaxLowercaseShare;
        context.Options["maxLowercaseShareListed"] = _options.MaxLowercaseShareListed;
        context.Options["namesListSize"] = Model.ListCount;
        Model.Save(context);
    }

    public static EntityMaskTransformer Load(StageReader context)
    {
        var options = new EntityMaskOptions
        {
            InputColumn = context.GetOption<string>("inputColumn"),
            OutputColumn = context.GetOption<string>("outputColumn"),
            NameToken = context.GetOption<string>("nameToken"),
            PronounToken = context.GetOption<string>("pronounToken"),
            MaskNames = context.GetOption<bool>("maskNames"),
            MaskPronouns = context.GetOption<bool>("maskPronouns"),
            MaxLowercaseShare = context.GetOption<double>("maxLowercaseShare"),
            MaxLowercaseShareListed = context.GetOption<double>("maxLowercaseShareListed"),
        }.Validated();
        return new EntityMaskTransformer(context.Environment, options, NameModel.Load(context));
    }
}
