using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Corpus;

namespace Microsoft.ML.SemanticContext.Experiments.Protocol;

/// <summary>
/// The story beginnings every model completes. Either read from a file (the TinyStories authors' YAML list of
/// block scalars, JSON Lines with a "prompt"/"text" field, or one prompt per line) or cut mid-sentence from held-out
/// stories, as the TinyStories evaluation protocol does.
/// </summary>
public static class PromptSet
{
    public static IReadOnlyList<string> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Prompt file '{path}' does not exist.", path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var prompts = ext switch
        {
            ".yaml" or ".yml" => ReadYamlList(path),
            ".jsonl" => Utf8LineReader.ReadLines(path).Where(l => l.Text.Trim().Length > 0)
                .Select(l => ReadJsonPrompt(path, l.Line, l.Text)).ToList(),
            _ => Utf8LineReader.ReadLines(path).Select(l => l.Text.Trim()).Where(t => t.Length > 0).ToList(),
        };
        if (prompts.Count == 0) throw new InvalidDataException($"{path}: no prompts found.");
        return prompts;
    }

    /// <summary>
    /// Cuts each story at a word boundary inside a sentence, between 30 % and 60 % of its length, so the model must
    /// finish the sentence and the story. Seeded, so every model sees the same prompts. Only cuts whose prompt
    /// <paramref name="fits"/> (e.g. in the model's context with room for the completion) are drawn from; a story too
    /// long for any of them is cut at its longest mid-sentence prefix that fits, and one with none is passed over. When
    /// every cut fits, the prompts are those of the unrestricted draw.
    /// </summary>
    public static IReadOnlyList<string> CutFromStories(IEnumerable<string> stories, int count, int seed, Func<string, bool>? fits = null)
    {
        var random = new Random(seed);
        var prompts = new List<string>(count);
        foreach (var story in stories)
        {
            if (prompts.Count == count) break;
            var cut = FindCut(story, random, fits ?? (_ => true));
            if (cut > 0) prompts.Add(Prompt(story, cut));
        }
        return prompts;
    }

    static string Prompt(string story, int cut) => story[..cut].TrimEnd();

    static int FindCut(string story, Random random, Func<string, bool> fits)
    {
        int start = (int)(story.Length * 0.3);
        var candidates = new List<int>();
        for (int i = start; i < story.Length * 0.6; i++)
            if (IsMidSentence(story, i)) candidates.Add(i);
        candidates.RemoveAll(cut => !fits(Prompt(story, cut)));
        if (candidates.Count > 0) return candidates[random.Next(candidates.Count)];
        // Too long a story for the context: the longest mid-sentence cut that fits, before 30 %.
        for (int i = start - 1; i > 0; i--)
            if (IsMidSentence(story, i) && fits(Prompt(story, i))) return i;
        return -1;
    }

    // A space whose previous character does not end a sentence: the cut falls mid-sentence.
    static bool IsMidSentence(string story, int i) => story[i] == ' ' && i > 0 && ".!?\"\n".IndexOf(story[i - 1]) < 0;

    static string ReadJsonPrompt(string path, long line, string text)
    {
        try
        {
            var node = JsonNode.Parse(text);
            return (node?["prompt"] ?? node?["text"])?.GetValue<string>().Trim()
                ?? throw new InvalidDataException($"{path}:{line}: no 'prompt' or 'text' field.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path}:{line}: not valid JSON ({e.Message}).");
        }
    }

    /// <summary>A YAML sequence whose items are block scalars (<c>- |-</c>, indented lines) or plain one-line scalars.</summary>
    static List<string> ReadYamlList(string path)
    {
        var prompts = new List<string>();
        StringBuilder? block = null;
        int indent = -1;
        foreach (var (line, text) in Utf8LineReader.ReadLines(path))
        {
            if (block is not null)
            {
                int leading = text.Length - text.TrimStart(' ').Length;
                if (text.Trim().Length == 0) { block.Append('\n'); continue; }
                if (indent < 0) indent = leading;
                if (leading >= indent && indent > 0)
                {
                    block.Append(text[indent..]).Append('\n');
                    continue;
                }
                prompts.Add(block.ToString().Trim());
                block = null;
                indent = -1;
            }
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith("- |") || trimmed.StartsWith("- >")) { block = new StringBuilder(); continue; }
            if (trimmed.StartsWith("- ")) { prompts.Add(trimmed[2..].Trim().Trim('"', '\'')); continue; }
            if (trimmed.Length > 0 && !trimmed.StartsWith('#') && trimmed != "---")
                throw new InvalidDataException($"{path}:{line}: expected a YAML list item ('- |-' or '- text').");
        }
        if (block is not null && block.Length > 0) prompts.Add(block.ToString().Trim());
        return prompts;
    }
}
