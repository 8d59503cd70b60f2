using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// Reads 1–10 grades out of a judge's free-text reply. Judges rarely follow the requested format exactly,
/// so this accepts the shapes seen in practice: "Grammar: 8/10", "grammar - 8", "**Grammar**: 8",
/// "Consistency with the beginning: 9 out of 10", and JSON objects such as {"grammar": 8, ...}.
/// A reply missing any required criterion, or giving one outside 1–10, is unparseable (null), never a guess.
/// </summary>
public static partial class GradeParser
{
    public static JudgeGrades? TryParse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply)) return null;
        // JSON first (a structured reply is unambiguous); the line reader also covers JSON-looking text that is not valid JSON.
        var json = TryParseJson(reply);
        return (json is null ? null : Build(json)) ?? Build(ParseLines(reply));
    }

    static JudgeGrades? Build(Dictionary<string, double> grades)
    {
        foreach (var c in JudgeCriteria.Required)
            if (!grades.TryGetValue(c, out var g) || !InRange(g)) return null;
        double? plot = grades.TryGetValue(JudgeCriteria.Plot, out var p) && InRange(p) ? p : null;
        return new JudgeGrades(grades[JudgeCriteria.Grammar], grades[JudgeCriteria.Creativity], grades[JudgeCriteria.Consistency], plot);
    }

    static bool InRange(double g) => g >= JudgeCriteria.MinGrade && g <= JudgeCriteria.MaxGrade;

    static Dictionary<string, double>? TryParseJson(string reply)
    {
        var start = reply.IndexOf('{');
        var end = reply.LastIndexOf('}');
        if (start < 0 || end <= start) return null;
        try
        {
            using var doc = JsonDocument.Parse(reply.AsMemory(start, end - start + 1));
            var found = new Dictionary<string, double>();
            Collect(doc.RootElement, found);
            return found.Count > 0 ? found : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Walks nested objects too: {"grades": {"Grammar": 8}} and {"grammar": {"score": 8}} both occur.
    static void Collect(JsonElement element, Dictionary<string, double> found, string? criterion = null)
    {
        if (element.ValueKind != JsonValueKind.Object) return;
        foreach (var property in element.EnumerateObject())
        {
            var name = CriterionOf(property.Name) ?? criterion;
            var value = property.Value;
            if (name is not null && !found.ContainsKey(name) && TryNumber(value, out var grade)) found[name] = grade;
            else if (value.ValueKind == JsonValueKind.Object) Collect(value, found, name);
        }
    }

    static bool TryNumber(JsonElement value, out double grade)
    {
        grade = 0;
        if (value.ValueKind == JsonValueKind.Number) return value.TryGetDouble(out grade);
        if (value.ValueKind != JsonValueKind.String) return false;
        var m = NumberPattern().Match(value.GetString()!);
        return m.Success && double.TryParse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out grade);
    }

    static Dictionary<string, double> ParseLines(string reply)
    {
        var found = new Dictionary<string, double>();
        foreach (Match m in LinePattern().Matches(reply))
        {
            var name = CriterionOf(m.Groups["name"].Value);
            if (name is null || found.ContainsKey(name)) continue;
            if (double.TryParse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var g)) found[name] = g;
        }
        return found;
    }

    static string? CriterionOf(string label)
    {
        var l = label.Trim().ToLowerInvariant();
        if (l.StartsWith("grammar")) return JudgeCriteria.Grammar;
        if (l.StartsWith("creativ")) return JudgeCriteria.Creativity;
        if (l.StartsWith("consisten")) return JudgeCriteria.Consistency;
        if (l.StartsWith("plot")) return JudgeCriteria.Plot;
        return null;
    }

    // A criterion name, then on the same line (at most 60 characters of qualifiers such as
    // "with the story's beginning", markdown asterisks, ':' '-' '=') the first number. "/10" or
    // "out of 10" after it is allowed and ignored.
    [GeneratedRegex(@"(?<name>grammar|creativity|consistency|plot)[^\d\r\n]{0,60}?(?<n>\d+(?:\.\d+)?)(?:\s*(?:/|out of)\s*10)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
