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
/// Everything else, whitespace and punctuation included, is copied unchanged ("Tom's" → "&lt;unk&gt;'s"). Names come
/// from the built-in <see cref="NameModel"/> (a word after "named"/"called"/a title is a name everywhere in its story:
/// "a dog named Spot ... Spot ran") or, when one is given, from an <see cref="INameRecognizer"/> such as an NER model.
/// </summary>
public sealed class EntityMaskTransformer : RowMappingTransformer
{
    public const string TypeId = "EntityMask";

    /// <summary>Version 2 may hold a name recognizer instead of the name statistics; version 1 archives still load.</summary>
    public const int Version = 2;

    readonly EntityMaskOptions _options;

    /// <summary>Exactly one of <paramref name="model"/> and <see cref="EntityMaskOptions.NameRecognizer"/> is set.</summary>
    internal EntityMaskTransformer(IHostEnvironment environment, EntityMaskOptions options, NameModel? model)
        : base(environment, EntityMaskEstimator.ComponentName)
    {
        if ((model is null) == (options.NameRecognizer is null))
            throw new ArgumentException("MaskEntities: give either the built-in name statistics or a name recognizer.");
        _options = options;
        Model = model;
        if (options.NameRecognizer is not null) Host.DeviceChosenBy(options.NameRecognizer);
        Columns = ColumnsOf(options);
    }

    /// <summary>The built-in name statistics; null when <see cref="NameRecognizer"/> finds the names.</summary>
    public NameModel? Model { get; }

    public INameRecognizer? NameRecognizer => _options.NameRecognizer;

    /// <summary>What ran, for logs and reports: the NER model, or the built-in name statistics and what they were built from.</summary>
    public string Description => Model is null
        ? $"{NameRecognizer!.Description}; gendered pronouns by word list"
        : $"built-in name statistics over {Model.TrainingStories:N0} stories ({Model.Names.Count:N0} name types, {Model.KnownWordCount:N0} other words, " +
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
        var recognized = NameRecognizer is not null && _options.MaskNames ? NameRecognizer.FindNames(chunks) : null;
        var names = Model?.ForStory(chunks);
        var words = new List<WordToken>();
        var result = new List<EntitySpan>[chunks.Count];
        for (int c = 0; c < chunks.Count; c++)
        {
            words.Clear();
            WordToken.Scan(chunks[c], words);
            result[c] = recognized is null ? FindInChunk(chunks[c], words, names) : WithPronouns(chunks[c], words, recognized[c]);
        }
        return result;
    }

    List<EntitySpan> FindInChunk(string chunk, List<WordToken> words, StoryNames? names)
    {
        var found = new List<EntitySpan>();
        foreach (var word in words)
        {
            if (IsMaskedPronoun(chunk, word))
                found.Add(new EntitySpan(word.Start, word.Length, EntityKind.Pronoun));
            else if (_options.MaskNames && names!.IsName(chunk, word))
                found.Add(new EntitySpan(word.Start, word.Length, EntityKind.Name));
        }
        return found;
    }

    /// <summary>The recognizer's names plus the pronouns outside them ("Queen Her" tagged as a name stays one span).</summary>
    List<EntitySpan> WithPronouns(string chunk, List<WordToken> words, List<EntitySpan> names)
    {
        var found = new List<EntitySpan>(names.Count + 4);
        int next = 0; // the first name not yet passed
        foreach (var word in words)
        {
            while (next < names.Count && names[next].Start + names[next].Length <= word.Start) found.Add(names[next++]);
            bool insideName = next < names.Count && names[next].Start <= word.Start;
            if (!insideName && IsMaskedPronoun(chunk, word))
                found.Add(new EntitySpan(word.Start, word.Length, EntityKind.Pronoun));
        }
        while (next < names.Count) found.Add(names[next++]);
        return found;
    }

    bool IsMaskedPronoun(string chunk, WordToken word)
    {
        Span<char> buffer = stackalloc char[64];
        return _options.MaskPronouns
            && NameEvidence.GenderedPronouns.GetAlternateLookup<ReadOnlySpan<char>>().Contains(WordScanner.ToLower(word.Text(chunk), buffer));
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
        if (Model is not null)
        {
            context.Options["namesListSize"] = Model.ListCount;
            Model.Save(context);
        }
        else NameRecognizers.Registry.SavePart(NameRecognizer!, context, "nameRecognizer");
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
        if (context.Options.ContainsKey("nameRecognizer"))
        {
            options.NameRecognizer = NameRecognizers.Registry.LoadPart(context, "nameRecognizer");
            return new EntityMaskTransformer(context.Environment, options, null);
        }
        return new EntityMaskTransformer(context.Environment, options, NameModel.Load(context));
    }
}
