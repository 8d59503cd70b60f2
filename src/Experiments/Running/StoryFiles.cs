using Microsoft.ML.SemanticContext.Corpus;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>The experiment keeps every list of stories as a TinyStories .txt file (<c>&lt;|endoftext|&gt;</c> separated).</summary>
public static class StoryFiles
{
    public static void Write(string path, IEnumerable<string> stories) =>
        CorpusWriter.Write(path, CorpusFormat.EndOfTextSeparated, stories.Select((s, i) => new CorpusStory(i, s, 0)));

    public static List<string> Read(string path) =>
        CorpusReader.Read(path, CorpusFormat.EndOfTextSeparated).Select(s => s.Text).ToList();
}
