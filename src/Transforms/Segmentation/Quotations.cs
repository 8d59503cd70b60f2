namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// Where a story's quotations are open, so that no chunk boundary falls inside one. Within each line (quotations in
/// these stories close in the line they open in, and a line's stray quote must not swallow the rest of the story),
/// straight double quotes pair up in order (1st opens, 2nd closes, ...), and curly “ ” pair by nesting; a quote that
/// never closes in its line opens nothing.
/// </summary>
static class Quotations
{
    /// <summary>The quotations of <paramref name="text"/> as (open, close) character indices of their quote marks, by open index.</summary>
    public static List<(int Open, int Close)> Of(string text)
    {
        var spans = new List<(int Open, int Close)>();
        var curly = new Stack<int>();
        int straight = -1;
        for (int i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\n':
                    straight = -1;
                    curly.Clear();
                    break;
                case '"':
                    if (straight < 0) straight = i;
                    else { spans.Add((straight, i)); straight = -1; }
                    break;
                case '“':
                    curly.Push(i);
                    break;
                case '”':
                    if (curly.Count > 0) spans.Add((curly.Pop(), i));
                    break;
            }
        }
        spans.Sort((a, b) => a.Open.CompareTo(b.Open));
        return spans;
    }

    /// <summary>Whether a cut at <paramref name="position"/> (between two characters) lies inside one of <paramref name="spans"/>.</summary>
    public static bool Inside(List<(int Open, int Close)> spans, int position)
    {
        foreach (var (open, close) in spans)
        {
            if (open >= position) return false;
            if (position <= close) return true;
        }
        return false;
    }
}
